package dev.touchstone.workflow;

import dev.touchstone.dataset.DatasetService;
import dev.touchstone.dataset.EpisodeDetail;
import dev.touchstone.labeling.DraftLifecycle;
import dev.touchstone.labeling.LabelSchema;
import dev.touchstone.organization.NotFoundInOrganizationException;
import dev.touchstone.quality.AnnotatorLabels;
import dev.touchstone.quality.Consensus;
import dev.touchstone.quality.ConsensusResult;
import dev.touchstone.quality.GoldScore;
import dev.touchstone.quality.QualityRecomputeJobs;
import dev.touchstone.quality.QualityRecorder;
import jakarta.annotation.PreDestroy;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Rebuilds a project's quality aggregates (docs/quality/dashboards.md): empties them, then re-runs the consensus of
 * every merged task (review or accepted) from its stored submissions, in batches of {@value #BATCH} tasks per
 * transaction, and hands each to {@link QualityRecorder#taskMerged}; then hands over the project's gold scores.
 * Progress is the quality_recompute row. One worker thread per replica: rebuilds are rare and should not compete
 * with labeling for the two cores of a small installation. The job runs as the member who started it (episodes are
 * read through {@link DatasetService}, which checks who asks).
 */
@Component
class QualityRecomputeJob implements QualityRecomputeJobs {

    static final int BATCH = 200;
    private static final Logger log = LoggerFactory.getLogger(QualityRecomputeJob.class);

    private final DSLContext dsl;
    private final ReviewRepository reviews;
    private final DraftLifecycle drafts;
    private final DatasetService datasets;
    private final QualityRecorder recorder;
    private final SecurityContextHolderStrategy securityContexts;
    private final TransactionTemplate transactions;
    private final JsonMapper json;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "quality-recompute");
        thread.setDaemon(true);
        return thread;
    });

    QualityRecomputeJob(DSLContext dsl, ReviewRepository reviews, DraftLifecycle drafts, DatasetService datasets,
                        QualityRecorder recorder, SecurityContextHolderStrategy securityContexts,
                        PlatformTransactionManager transactionManager, JsonMapper json) {
        this.dsl = dsl;
        this.reviews = reviews;
        this.drafts = drafts;
        this.datasets = datasets;
        this.recorder = recorder;
        this.securityContexts = securityContexts;
        this.transactions = new TransactionTemplate(transactionManager);
        this.transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.json = json;
    }

    @Override
    public QualityRecorder.RecomputeProgress start(UUID organizationId, UUID projectId) {
        Optional<QualityRecorder.RecomputeProgress> started = transactions.execute(status -> {
            int total = dsl.resultQuery("""
                            select count(*)::int from task
                             where organization_id = ? and project_id = ? and review_state in ('review', 'accepted')""",
                            organizationId, projectId).fetchSingle(0, Integer.class);
            return recorder.startRecompute(organizationId, projectId, total);
        });
        if (started == null || started.isEmpty()) {
            return recorder.recomputeProgress(organizationId, projectId);
        }
        Authentication caller = securityContexts.getContext().getAuthentication();
        worker.execute(() -> run(organizationId, projectId, caller));
        return started.get();
    }

    private void run(UUID organizationId, UUID projectId, Authentication caller) {
        SecurityContext context = securityContexts.createEmptyContext();
        context.setAuthentication(caller);
        securityContexts.setContext(context);
        try {
            int[] done = {0};
            UUID[] after = {new UUID(0, 0)};
            Map<UUID, LabelSchema> schemas = new HashMap<>();
            while (true) {
                Boolean more = transactions.execute(status -> {
                    var batch = dsl.resultQuery("""
                                    select id, coalesce(completed_at, now()) from task
                                     where organization_id = ? and project_id = ?
                                       and review_state in ('review', 'accepted') and id > ?
                                     order by id limit ?""", organizationId, projectId, after[0], BATCH)
                            .fetch(r -> Map.entry(r.get(0, UUID.class), r.get(1, OffsetDateTime.class).toInstant()));
                    for (Map.Entry<UUID, Instant> task : batch) {
                        remerge(organizationId, task.getKey(), task.getValue(), schemas);
                        after[0] = task.getKey();
                    }
                    done[0] += batch.size();
                    recorder.recomputeAdvanced(projectId, done[0]);
                    return batch.size() == BATCH;
                });
                if (!Boolean.TRUE.equals(more)) {
                    break;
                }
            }
            transactions.executeWithoutResult(status -> dsl.resultQuery("""
                            select assignment_id, annotator_id, task_id, score, per_definition::text, scored_at
                              from gold_score where organization_id = ? and project_id = ?""", organizationId, projectId)
                    .forEach(r -> recorder.goldScored(organizationId, projectId, r.get(1, UUID.class),
                            r.get(0, UUID.class), r.get(2, UUID.class),
                            new GoldScore(json.readValue(r.get(4, String.class),
                                    new TypeReference<Map<String, Double>>() {
                                    }), r.get(3, Double.class)),
                            r.get(5, OffsetDateTime.class).toInstant())));
            transactions.executeWithoutResult(status -> recorder.recomputeFinished(projectId, null));
        } catch (RuntimeException e) {
            log.warn("Quality recompute of project {} failed", projectId, e);
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            transactions.executeWithoutResult(status -> recorder.recomputeFinished(projectId,
                    message.length() > 2000 ? message.substring(0, 2000) : message));
        } finally {
            securityContexts.clearContext();
        }
    }

    /** The consensus of one merged task again, from the stored submissions, as {@link TaskOutcomes#complete}. */
    private void remerge(UUID organizationId, UUID taskId, Instant completedAt, Map<UUID, LabelSchema> schemas) {
        ReviewRepository.TaskRow task = reviews.task(organizationId, taskId, false).orElseThrow();
        LabelSchema schema = schemas.computeIfAbsent(task.schemaVersionId(),
                version -> drafts.schema(organizationId, version).orElseThrow());
        EpisodeDetail episode = datasets.episode(task.episodeId()).orElseThrow(() -> new NotFoundInOrganizationException("Episode"));
        List<AnnotatorLabels> submissions = new ArrayList<>();
        for (ReviewRepository.SubmittedRow row : reviews.work(organizationId, taskId)) {
            if (row.state() == AssignmentState.SUBMITTED && row.submissionId() != null) {
                submissions.add(new AnnotatorLabels(row.annotatorId(),
                        drafts.submittedLabels(organizationId, row.submissionId()).orElse(List.of())));
            }
        }
        long frameNanos = TaskOutcomes.frameNanos(episode);
        ConsensusResult result = Consensus.merge(schema, episode.episode().durationNanos(), frameNanos, submissions);
        recorder.taskMerged(new QualityRecorder.MergedTask(organizationId, task.projectId(), taskId, completedAt,
                schema, episode.episode().durationNanos(), frameNanos, submissions, result));
    }

    @PreDestroy
    void stop() {
        worker.shutdownNow();
    }
}
