package dev.touchstone.curation;

import dev.touchstone.dataset.EpisodeFacts;
import dev.touchstone.dataset.EpisodeImported;
import dev.touchstone.labeling.Label;
import dev.touchstone.proposal.QualityVerdictProposed;
import dev.touchstone.workflow.AcceptedTaskLabels;
import dev.touchstone.workflow.TaskAccepted;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Keeps the coverage table current as imports and reviews land (docs/curation.md, "Updates"). Each listener runs
 * just before the publisher's transaction commits, on its connection, inside a savepoint: a failure here rolls back
 * to the savepoint and is logged, and never undoes an import or an acceptance. Not after the commit in a transaction
 * of its own: that holds the publisher's connection while it waits for a second one, so fifty annotators submitting
 * at once on a pool of ten wait on each other until the pool times out (WorkflowConcurrencyTest saw it). A value the declaration refuses (an unknown category in an import's metadata) is left out and logged;
 * declaring, uploading and the API refuse such values with an error instead.
 */
@Component
class CoverageEvents {

    private static final Logger log = LoggerFactory.getLogger(CoverageEvents.class);

    private final FactorRepository factors;
    private final CoverageRepository coverage;
    private final CoverageIndex index;
    private final EpisodeFacts episodes;
    private final AcceptedTaskLabels accepted;
    private final TransactionTemplate savepoint;

    CoverageEvents(FactorRepository factors, CoverageRepository coverage, CoverageIndex index, EpisodeFacts episodes,
                   AcceptedTaskLabels accepted, PlatformTransactionManager transactions) {
        this.savepoint = new TransactionTemplate(transactions);
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        this.factors = factors;
        this.coverage = coverage;
        this.index = index;
        this.episodes = episodes;
        this.accepted = accepted;
    }

    @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT, fallbackExecution = true)
    public void imported(EpisodeImported event) {
        isolated(event, () -> importedNow(event));
    }

    private void importedNow(EpisodeImported event) {
        UUID org = event.organizationId();
        Optional<EpisodeFacts.Facts> facts = episodes.episode(org, event.episodeId());
        if (facts.isEmpty()) {
            return;
        }
        coverage.insertMissing(org, event.datasetId(), List.of(new CoverageRepository.EpisodeName(
                event.episodeId(), facts.get().name(), facts.get().importedAt())));
        for (Factor factor : factors.factors(org, event.datasetId())) {
            if (factor.source() != FactorSource.METADATA) {
                continue;
            }
            String value = facts.get().metadata().get(factor.sourceKey());
            if (value != null && !value.isBlank()) {
                storeLenient(org, factor, event.episodeId(), facts.get().name(), value);
            }
        }
        index.refresh(org, event.datasetId(), List.of(event.episodeId()));
    }

    @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT, fallbackExecution = true)
    public void accepted(TaskAccepted event) {
        isolated(event, () -> acceptedNow(event));
    }

    private void acceptedNow(TaskAccepted event) {
        UUID org = event.organizationId();
        Optional<CoverageRepository.Row> row = row(org, event.episodeId());
        if (row.isEmpty()) {
            return;
        }
        coverage.markAccepted(org, event.episodeId());
        List<Factor> labelled = factors.labelFactors(org, event.projectId()).stream()
                .filter(f -> f.datasetId().equals(row.get().datasetId())).toList();
        if (labelled.isEmpty()) {
            return;
        }
        List<Label> labels = accepted.labels(org, event.taskId());
        for (Factor factor : labelled) {
            labels.stream()
                    .filter(l -> l instanceof Label.Value v && v.segment() == null
                            && v.definition().equals(factor.sourceKey()) && !v.classes().isEmpty())
                    .map(l -> ((Label.Value) l).classes().getFirst())
                    .findFirst()
                    .ifPresent(value -> storeLenient(org, factor, event.episodeId(), row.get().name(), value));
        }
        index.refresh(org, row.get().datasetId(), List.of(event.episodeId()));
    }

    @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT, fallbackExecution = true)
    public void verdict(QualityVerdictProposed event) {
        isolated(event, () -> verdictNow(event));
    }

    private void verdictNow(QualityVerdictProposed event) {
        if (row(event.organizationId(), event.episodeId()).isPresent()) {
            coverage.setQualityFlag(event.organizationId(), event.episodeId(), event.rejects() ? 1 : 0);
        }
    }

    private void isolated(Object event, Runnable work) {
        try {
            savepoint.executeWithoutResult(status -> work.run());
        } catch (RuntimeException e) {
            log.warn("The coverage table missed {}; the grid is short of it until the next change of the episode",
                    event, e);
        }
    }

    /** The episode's row, added first for an episode imported before this table existed. */
    private Optional<CoverageRepository.Row> row(UUID org, UUID episodeId) {
        Optional<CoverageRepository.Row> row = coverage.row(org, episodeId);
        if (row.isPresent()) {
            return row;
        }
        Optional<EpisodeFacts.Facts> facts = episodes.episode(org, episodeId);
        if (facts.isEmpty()) {
            return Optional.empty();
        }
        coverage.insertMissing(org, facts.get().datasetId(), List.of(new CoverageRepository.EpisodeName(episodeId,
                facts.get().name(), facts.get().importedAt())));
        return coverage.row(org, episodeId);
    }

    private void storeLenient(UUID org, Factor factor, UUID episodeId, String name, String value) {
        try {
            factor.bin(value);
        } catch (IllegalArgumentException e) {
            log.warn("Episode '{}' ({}) has no value of factor {}: {}", name, episodeId, factor.key(), e.getMessage());
            return;
        }
        Map<UUID, String> values = new LinkedHashMap<>();
        values.put(episodeId, value);
        index.store(org, factor, values, Map.of(), false);
    }
}
