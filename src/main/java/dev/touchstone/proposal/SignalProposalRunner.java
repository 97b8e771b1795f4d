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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

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
 * Runs the signal proposers ({@link SignalProposers}, {@link ProposerSettings#defaults()}) over one episode's stored
 * signal and tactile streams and stores what they propose as two sets, {@code signals.contact} and
 * {@code signals.phase}, each at its proposer's version. An episode the proposers cannot read (a configured stream or
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
    private final ProposerSettings settings = ProposerSettings.defaults();

    SignalProposalRunner(DatasetService datasets, BlobStore blobs, ProposalWriter writer) {
        this.datasets = datasets;
        this.blobs = blobs;
        this.writer = writer;
    }

    /** What one run stored: the labels per source, or why a source has none. */
    record Outcome(int contacts, int phases, String contactNote, String phaseNote) {
    }

    Outcome run(UUID organizationId, UUID projectId, UUID episodeId, LabelSchema schema, UUID createdBy) {
        EpisodeDetail detail = datasets.episode(episodeId)
                .orElseThrow(() -> new NotFoundInOrganizationException("Episode"));
        List<Proposal> contacts = List.of();
        List<Proposal> phases = List.of();
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
        return new Outcome(storedContacts.size(), storedPhases.size(), contactNote, phaseNote);
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
