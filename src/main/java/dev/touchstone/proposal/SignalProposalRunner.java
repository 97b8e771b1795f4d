package dev.touchstone.proposal;

import dev.touchstone.dataset.DatasetService;
import dev.touchstone.dataset.EpisodeDetail;
import dev.touchstone.dataset.StoredStream;
import dev.touchstone.dataset.StreamInfo;
import dev.touchstone.dataset.StreamKind;
import dev.touchstone.dataset.signal.SignalReader;
import dev.touchstone.labeling.Label;
import dev.touchstone.labeling.LabelRules;
import dev.touchstone.labeling.LabelSchema;
import dev.touchstone.labeling.LabelType;
import dev.touchstone.labeling.ProposedLabel;
import dev.touchstone.media.BlobChannel;
import dev.touchstone.organization.NotFoundInOrganizationException;
import dev.touchstone.storage.BlobStore;
import org.jooq.JSONB;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Runs the signal proposers ({@link SignalProposers}, with the project's settings from
 * {@link ProposerSettingsService}) over one episode's stored signal and tactile streams and stores what they propose
 * as two sets, {@code signals.contact} and {@code signals.phase}, each at its proposer's version. An episode the proposers cannot read (a configured stream or
 * channel missing, a schema without the definitions they fill, a signal file that cannot be read) gets a set with no
 * labels and the reason as its note: it is never an error for the caller, and the note shows why. Runs in the
 * caller's transaction, as the caller (the dataset module checks who reads the episode).
 */
@Component
class SignalProposalRunner {

    private static final Logger log = LoggerFactory.getLogger(SignalProposalRunner.class);
    private static final int MAX_NOTE = 2000;

    private final DatasetService datasets;
    private final BlobStore blobs;
    private final ProposalWriter writer;
    private final ProposerSettingsService settingsService;
    private final EpisodeFlagRepository flags;
    private final ProjectFlags projectFlags;
    private final JsonMapper json;
    private final ApplicationEventPublisher events;

    SignalProposalRunner(DatasetService datasets, BlobStore blobs, ProposalWriter writer,
                         EpisodeFlagRepository flags, ProjectFlags projectFlags, JsonMapper json,
                         ProposerSettingsService settingsService, ApplicationEventPublisher events) {
        this.settingsService = settingsService;
        this.events = events;
        this.projectFlags = projectFlags;
        this.datasets = datasets;
        this.blobs = blobs;
        this.writer = writer;
        this.flags = flags;
        this.json = json;
    }

    /** What one run stored: the labels per source, or why a source has none. */
    record Outcome(int contacts, int phases, String contactNote, String phaseNote) {
    }

    Outcome run(UUID organizationId, UUID projectId, UUID episodeId, LabelSchema schema, UUID createdBy) {
        EpisodeDetail detail = datasets.episode(episodeId)
                .orElseThrow(() -> new NotFoundInOrganizationException("Episode"));
        ProposerConfiguration configuration = settingsService.forProject(organizationId, projectId);
        ProposerSettings settings = configuration.proposers();
        QualityProposers quality = new QualityProposers(settings, configuration.quality());
        List<Proposal> contacts = List.of();
        List<Proposal> phases = List.of();
        QualityProposers.EpisodeQuality assessed = null;
        String qualityNote = null;
        String contactNote = schemaProblem(schema, settings.contactDefinition(), LabelType.EVENT);
        String phaseNote = schemaProblem(schema, settings.phases().definition(), LabelType.PHASE);
        List<BlobChannel> open = new ArrayList<>();
        try {
            StoredSignals signals = new StoredSignals(readers(detail, open));
            SignalProposers proposers = new SignalProposers(settings);
            if (contactNote == null && phaseNote == null) {
                try {
                    List<Proposal> all = proposers.propose(signals, phaseClasses(schema,
                            settings.phases().definition()));
                    contacts = all.stream().filter(p -> p.type() == ProposalType.EVENT).toList();
                    phases = all.stream().filter(p -> p.type() == ProposalType.PHASE).toList();
                } catch (ProposerInputException e) {
                    // Phases are read off the contacts: when they fail, contacts alone may still be proposed.
                    phaseNote = e.getMessage();
                }
            } else if (phaseNote == null) {
                phaseNote = "Phases are proposed from the contacts, which this schema cannot hold: " + contactNote;
            }
            if (contactNote == null && contacts.isEmpty()) {
                try {
                    contacts = proposers.contacts(signals);
                } catch (ProposerInputException e) {
                    contactNote = e.getMessage();
                }
            }
            try {
                assessed = quality.assess(signals);
            } catch (ProposerInputException e) {
                qualityNote = e.getMessage();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof NotFoundInOrganizationException) {
                throw (NotFoundInOrganizationException) e;
            }
            log.warn("Signal proposals for episode {} of project {} failed", episodeId, projectId, e);
            String why = "The signal files could not be read: " + (e.getMessage() == null
                    ? e.getClass().getSimpleName() : e.getMessage());
            contacts = List.of();
            phases = List.of();
            contactNote = contactNote == null ? why : contactNote;
            phaseNote = phaseNote == null ? why : phaseNote;
            assessed = null;
            qualityNote = why;
        } finally {
            open.forEach(BlobChannel::close);
        }
        Set<String> streams = detail.streams().stream().map(StreamInfo::name).collect(Collectors.toSet());
        long duration = detail.episode().durationNanos();
        List<ProposedLabel> contactLabels = labels(contacts, duration);
        List<ProposedLabel> phaseLabels = labels(phases, duration);
        contactNote = contactNote != null ? contactNote : ruleProblems(schema, duration, contactLabels, streams);
        phaseNote = phaseNote != null ? phaseNote : ruleProblems(schema, duration, phaseLabels, streams);
        if (contactNote != null || phaseNote != null) {
            log.info("Signal proposals for episode {} of project {}: contact {}, phase {}", episodeId, projectId,
                    contactNote == null ? "ok" : contactNote, phaseNote == null ? "ok" : phaseNote);
        }
        List<ProposedLabel> storedContacts = contactNote == null ? contactLabels : List.of();
        List<ProposedLabel> storedPhases = phaseNote == null ? phaseLabels : List.of();
        writer.replace(organizationId, projectId, episodeId, SignalProposers.contactSource(),
                SignalProposers.contactVersion(), note(contactNote), createdBy, storedContacts);
        writer.replace(organizationId, projectId, episodeId, SignalProposers.phaseSource(),
                SignalProposers.phaseVersion(), note(phaseNote), createdBy, storedPhases);
        storeQuality(organizationId, projectId, episodeId, schema, duration, streams, createdBy, assessed,
                qualityNote, settings, quality);
        return new Outcome(storedContacts.size(), storedPhases.size(), contactNote, phaseNote);
    }

    /**
     * Stores what the quality proposers made of the episode: its flags (without the task-relative ones, which need
     * the project's other episodes), its slips as set {@code signals.slip}, its grasp outcome as {@code
     * signals.outcome}, and a verdict from its own flags as {@code signals.verdict} ({@link #storeVerdicts} replaces
     * it with one that also weighs the task-relative flags). A source whose definition or class the schema lacks, or
     * whose labels break its rules, gets an empty set with the reason as its note, like contacts and phases.
     */
    private void storeQuality(UUID organizationId, UUID projectId, UUID episodeId, LabelSchema schema, long duration,
                              Set<String> streams, UUID createdBy, QualityProposers.EpisodeQuality assessed,
                              String failed, ProposerSettings settings, QualityProposers quality) {
        String slipNote = failed != null ? failed : classProblem(schema, settings.contactDefinition(), LabelType.EVENT,
                SlipProposer.SLIP_CLASS);
        String outcomeNote = failed != null ? failed
                : schemaProblem(schema, QualityProposers.OUTCOME_DEFINITION, LabelType.CATEGORY);
        List<ProposedLabel> slips = slipNote == null ? labels(assessed.slips(), duration) : List.of();
        slipNote = slipNote != null ? slipNote : ruleProblems(schema, duration, slips, streams);
        List<ProposedLabel> outcome = outcomeNote == null ? List.of(value(assessed.graspOutcome())) : List.of();
        outcomeNote = outcomeNote != null ? outcomeNote : ruleProblems(schema, duration, outcome, streams);
        writer.replace(organizationId, projectId, episodeId, QualityProposers.slipSource(), SlipProposer.VERSION,
                note(slipNote), createdBy, slipNote == null ? slips : List.of());
        writer.replace(organizationId, projectId, episodeId, QualityProposers.OUTCOME_SOURCE,
                QualityProposers.OUTCOME_VERSION, note(outcomeNote), createdBy, outcomeNote == null ? outcome
                        : List.of());
        if (assessed == null) {
            flags.replace(organizationId, projectId, episodeId, List.of(), 0, 0);
            writer.replace(organizationId, projectId, episodeId, QualityProposers.VERDICT_SOURCE,
                    QualityProposers.VERDICT_VERSION, note(failed), createdBy, List.of());
            return;
        }
        QualityFlags measured = assessed.flags();
        flags.replace(organizationId, projectId, episodeId, measured.flags().stream()
                        .map(f -> new EpisodeFlagRepository.NewFlag(f.key(), Double.isNaN(f.value()) ? null : f.value(),
                                f.unit(), JSONB.valueOf(json.writeValueAsString(f.spans()))))
                        .toList(),
                Math.max(0, measured.trimStartNanos()), measured.trimEndNanos());
        storeVerdict(organizationId, projectId, episodeId, schema, duration, streams, createdBy,
                quality.verdict(measured));
    }

    /**
     * Replaces every measured episode's {@code signals.verdict} set with the verdict of its flags including the
     * task-relative ones ({@link ProjectFlags}); run after the signal proposers went over the whole project.
     */
    int storeVerdicts(UUID organizationId, UUID projectId, LabelSchema schema, UUID createdBy) {
        Map<UUID, ProjectFlags.Measured> measured = projectFlags.measured(organizationId, projectId);
        ProposerConfiguration configuration = settingsService.forProject(organizationId, projectId);
        QualityProposers quality = new QualityProposers(configuration.proposers(), configuration.quality());
        for (Map.Entry<UUID, ProjectFlags.Measured> e : measured.entrySet()) {
            EpisodeDetail detail = datasets.episode(e.getKey())
                    .orElseThrow(() -> new NotFoundInOrganizationException("Episode"));
            storeVerdict(organizationId, projectId, e.getKey(), schema, detail.episode().durationNanos(),
                    detail.streams().stream().map(StreamInfo::name).collect(Collectors.toSet()), createdBy,
                    quality.verdict(e.getValue().flags()));
        }
        return measured.size();
    }

    /** Stores a suggested verdict as set {@code signals.verdict}, or an empty set and why not. */
    void storeVerdict(UUID organizationId, UUID projectId, UUID episodeId, LabelSchema schema, long duration,
                      Set<String> streams, UUID createdBy, ValueProposal verdict) {
        String note = schemaProblem(schema, QualityProposers.VERDICT_DEFINITION, LabelType.VERDICT);
        List<ProposedLabel> labels = note == null ? List.of(value(verdict)) : List.of();
        note = note != null ? note : ruleProblems(schema, duration, labels, streams);
        writer.replace(organizationId, projectId, episodeId, QualityProposers.VERDICT_SOURCE,
                QualityProposers.VERDICT_VERSION, note(note), createdBy, note == null ? labels : List.of());
        events.publishEvent(new QualityVerdictProposed(organizationId, projectId, episodeId,
                Boolean.FALSE.equals(verdict.accept()), verdict.score()));
    }

    /** An episode-wide value proposal as a {@link Label.Value} with a fresh id. */
    static ProposedLabel value(ValueProposal v) {
        Label label = new Label.Value(UUID.randomUUID(), v.definition(), null, v.classes(), null, v.accept(), null);
        return new ProposedLabel(label, v.source(), v.version(), v.confidence(), v.evidence().stream()
                .map(e -> new ProposedLabel.Evidence(e.stream(), e.channels(), e.startNanos(), e.endNanos(),
                        e.note()))
                .toList());
    }

    /** Null when the schema has the definition with the type and the class, else why not. */
    private static String classProblem(LabelSchema schema, String key, LabelType type, String classKey) {
        String problem = schemaProblem(schema, key, type);
        if (problem != null) {
            return problem;
        }
        boolean has = schema.definition(key).orElseThrow().classes().stream()
                .anyMatch(c -> c.key().equals(classKey));
        return has ? null : "The project's schema definition '" + key + "' has no class '" + classKey + "'";
    }

    /** Readers of the episode's signal and tactile streams by name; the channels they read are added to open. */
    private Map<String, SignalReader> readers(EpisodeDetail detail, List<BlobChannel> open) throws IOException {
        Map<String, SignalReader> readers = new LinkedHashMap<>();
        for (StreamInfo stream : detail.streams()) {
            if (stream.kind() != StreamKind.SIGNAL && stream.kind() != StreamKind.TACTILE) {
                continue;
            }
            Optional<StoredStream> stored = datasets.storedStream(stream.id());
            if (stored.isEmpty()) {
                continue;
            }
            BlobChannel channel = BlobChannel.open(blobs, stored.get().blobKey());
            open.add(channel);
            readers.put(stream.name(), SignalReader.open(channel));
        }
        return readers;
    }

    private static List<String> phaseClasses(LabelSchema schema, String definition) {
        return schema.definition(definition)
                .map(d -> d.classes().stream().map(LabelSchema.LabelClass::key).toList()).orElse(List.of());
    }

    /** Null when the schema has the definition with the type the proposer fills, else why not. */
    private static String schemaProblem(LabelSchema schema, String key, LabelType type) {
        Optional<LabelSchema.Definition> definition = schema.definition(key);
        if (definition.isEmpty()) {
            return "The project's schema has no definition '" + key + "' for the signal proposers to fill";
        }
        if (definition.get().type() != type) {
            return "The project's schema definition '" + key + "' is a " + definition.get().type().name()
                    .toLowerCase() + ", the signal proposers fill a " + type.name().toLowerCase();
        }
        return null;
    }

    private static String ruleProblems(LabelSchema schema, long duration, List<ProposedLabel> labels,
                                       Set<String> streams) {
        List<String> problems = LabelRules.problems(schema, duration,
                labels.stream().map(ProposedLabel::label).toList(), streams);
        return problems.isEmpty() ? null : "The proposals break the schema's rules: " + String.join("; ", problems);
    }

    private static String note(String note) {
        return note == null || note.length() <= MAX_NOTE ? note : note.substring(0, MAX_NOTE - 1) + "…";
    }

    /**
     * Proposals as labels with fresh ids: a phase in track "main", an event at its time. Times are clamped to the
     * episode [0, duration]: the proposers work in bins, and the last phase ends at the end of its bin, which may lie
     * a few milliseconds after the episode's last sample (a label must not). A phase left empty is dropped.
     */
    static List<ProposedLabel> labels(List<Proposal> proposals, long durationNanos) {
        List<ProposedLabel> labels = new ArrayList<>(proposals.size());
        for (Proposal p : proposals) {
            long start = Math.clamp(p.startNanos(), 0, durationNanos);
            long end = Math.clamp(p.endNanos(), 0, durationNanos);
            if (p.type() == ProposalType.PHASE && end <= start) {
                continue;
            }
            Label label = p.type() == ProposalType.PHASE
                    ? new Label.Phase(UUID.randomUUID(), p.definition(), "main", p.classKey(), start, end)
                    : new Label.Event(UUID.randomUUID(), p.definition(), p.classKey(), start);
            labels.add(new ProposedLabel(label, p.source(), p.version(), p.confidence(), p.evidence().stream()
                    .map(e -> new ProposedLabel.Evidence(e.stream(), e.channels(), e.startNanos(), e.endNanos(),
                            e.note()))
                    .toList()));
        }
        return labels;
    }
}
