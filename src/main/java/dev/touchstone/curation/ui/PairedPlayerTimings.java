package dev.touchstone.curation.ui;

import dev.touchstone.dataset.DatasetService;
import dev.touchstone.dataset.EpisodeDetail;
import dev.touchstone.dataset.StoredStream;
import dev.touchstone.dataset.StreamInfo;
import dev.touchstone.dataset.StreamKind;
import dev.touchstone.dataset.signal.SignalReader;
import dev.touchstone.media.BlobChannel;
import dev.touchstone.player.AcceptedLabelSource;
import dev.touchstone.player.views.LabelTracks;
import dev.touchstone.proposal.Proposal;
import dev.touchstone.proposal.ProposalType;
import dev.touchstone.proposal.ProposerSettings;
import dev.touchstone.proposal.SignalProposers;
import dev.touchstone.proposal.StoredSignals;
import dev.touchstone.storage.BlobStore;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An episode's phases and events for the paired player: the labels a project accepted for it where there are any
 * (the newest acceptance), else what the signal proposers read off its own signals with the generator's settings
 * (contact on/off and the pick-and-place phases). Nothing is stored; the page says which source each episode's
 * timings came from.
 */
@Component
class PairedPlayerTimings {

    /** One phase class's time in an episode: its first start and the summed length of its spans. */
    record Phase(String key, String label, long firstStart, long totalNanos) {
    }

    /** The first occurrence of an event kind. */
    record Event(String key, String label, long time) {
    }

    /** What was found, from where ({@code source} is a sentence), or why nothing was ({@code note}). */
    record Timings(String source, List<Phase> phases, List<Event> events, String note) {
        Timings {
            phases = List.copyOf(phases);
            events = List.copyOf(events);
        }

        /** Event kinds for aligning: every event, and every phase's start as "X starts". */
        List<Event> alignable() {
            List<Event> all = new ArrayList<>(events);
            phases.forEach(p -> all.add(new Event("phase:" + p.key(), p.label() + " starts", p.firstStart())));
            return all;
        }
    }

    private final DatasetService datasets;
    private final BlobStore blobs;
    private final List<AcceptedLabelSource> accepted;

    PairedPlayerTimings(DatasetService datasets, BlobStore blobs, List<AcceptedLabelSource> accepted) {
        this.datasets = datasets;
        this.blobs = blobs;
        this.accepted = accepted;
    }

    Timings of(EpisodeDetail detail) {
        Optional<AcceptedLabelSource.Accepted> labels = accepted.stream()
                .flatMap(source -> source.accepted(detail.episode().id()).stream()).findFirst();
        if (labels.isPresent()) {
            return fromTracks(labels.get());
        }
        return fromProposals(detail);
    }

    static Timings fromTracks(AcceptedLabelSource.Accepted labels) {
        Map<String, Phase> phases = new LinkedHashMap<>();
        Map<String, Event> events = new LinkedHashMap<>();
        for (LabelTracks.Track track : labels.tracks()) {
            for (LabelTracks.Segment s : track.segments()) {
                phases.merge(key(s.label()), new Phase(key(s.label()), s.label(), s.start(), s.end() - s.start()),
                        (a, b) -> new Phase(a.key(), a.label(), Math.min(a.firstStart(), b.firstStart()),
                                a.totalNanos() + b.totalNanos()));
            }
            for (LabelTracks.Event e : track.events()) {
                events.merge("event:" + key(e.label()), new Event("event:" + key(e.label()), e.label(), e.time()),
                        (a, b) -> a.time() <= b.time() ? a : b);
            }
        }
        return new Timings("labels accepted in project " + labels.project(), sorted(phases), sortedEvents(events),
                null);
    }

    Timings fromProposals(EpisodeDetail detail) {
        String source = "proposals of the contact and phase proposers (no accepted labels)";
        List<BlobChannel> open = new ArrayList<>();
        try {
            Map<String, SignalReader> readers = new LinkedHashMap<>();
            for (StreamInfo stream : detail.streams()) {
                if (stream.kind() != StreamKind.SIGNAL && stream.kind() != StreamKind.TACTILE) {
                    continue;
                }
                Optional<StoredStream> stored = datasets.storedStream(stream.id());
                if (stored.isPresent()) {
                    BlobChannel channel = BlobChannel.open(blobs, stored.get().blobKey());
                    open.add(channel);
                    readers.put(stream.name(), SignalReader.open(channel));
                }
            }
            ProposerSettings settings = ProposerSettings.defaults();
            List<String> classes = settings.phases().rules().stream().map(ProposerSettings.PhaseRule::phaseClass)
                    .toList();
            List<Proposal> proposals = new SignalProposers(settings).propose(new StoredSignals(readers), classes);
            Map<String, Phase> phases = new LinkedHashMap<>();
            Map<String, Event> events = new LinkedHashMap<>();
            for (Proposal p : proposals) {
                String label = label(p.classKey());
                if (p.type() == ProposalType.PHASE) {
                    phases.merge(key(p.classKey()), new Phase(key(p.classKey()), label, p.startNanos(),
                                    p.endNanos() - p.startNanos()),
                            (a, b) -> new Phase(a.key(), a.label(), Math.min(a.firstStart(), b.firstStart()),
                                    a.totalNanos() + b.totalNanos()));
                } else {
                    events.merge("event:" + key(p.classKey()), new Event("event:" + key(p.classKey()), label,
                            p.timeNanos()), (a, b) -> a.time() <= b.time() ? a : b);
                }
            }
            return new Timings(source, sorted(phases), sortedEvents(events), null);
        } catch (IOException | RuntimeException e) {
            // A proposer input problem (a stream the settings name is missing) is the usual case: say it, show none.
            return new Timings(source, List.of(), List.of(), e.getMessage());
        } finally {
            open.forEach(BlobChannel::close);
        }
    }

    /** A key both sources share for one class: "Contact on" (a label) and "contact-on" (a class key) agree. */
    static String key(String text) {
        return text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    }

    private static String label(String classKey) {
        String spaced = classKey.replace('-', ' ').replace('_', ' ');
        return spaced.isEmpty() ? spaced : Character.toUpperCase(spaced.charAt(0)) + spaced.substring(1);
    }

    private static List<Phase> sorted(Map<String, Phase> phases) {
        return phases.values().stream().sorted((a, b) -> Long.compare(a.firstStart(), b.firstStart())).toList();
    }

    private static List<Event> sortedEvents(Map<String, Event> events) {
        return events.values().stream().sorted((a, b) -> Long.compare(a.time(), b.time())).toList();
    }
}
