package dev.touchstone.labeling;

import org.springframework.stereotype.Component;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The stored labels of recently saved drafts (tombstones included), as of one committed revision, so that an
 * autosave does not load and parse every label of its draft again to check the rules. An entry is used only when
 * its revision equals the draft's revision read under the save's row lock: every change of a draft's labels bumps
 * that revision under the same lock, and entries are written after commit, so a hit is exactly what the database
 * holds, also with several replicas (a replica that missed another's saves sees a newer revision and reloads).
 * <p>
 * Bounded by the number of labels held ({@link #MAX_LABELS}, roughly 300 bytes each), least recently used first out.
 */
@Component
class DraftLabelCache {

    static final int MAX_LABELS = 200_000;

    private record Entry(long revision, Map<UUID, DraftRepository.LabelRow> labels) {
    }

    private final LinkedHashMap<UUID, Entry> entries = new LinkedHashMap<>(64, 0.75f, true);
    private long held;

    /** The labels of the draft at exactly this revision, read-only, if held. */
    synchronized Optional<Map<UUID, DraftRepository.LabelRow>> get(UUID draftId, long revision) {
        Entry entry = entries.get(draftId);
        return entry != null && entry.revision() == revision ? Optional.of(entry.labels()) : Optional.empty();
    }

    /** Keeps the committed labels of the draft at this revision; {@code labels} must not change afterwards. */
    synchronized void put(UUID draftId, long revision, Map<UUID, DraftRepository.LabelRow> labels) {
        if (labels.size() > MAX_LABELS / 4) {
            return;
        }
        Entry old = entries.get(draftId);
        if (old != null && old.revision() > revision) {
            return;
        }
        Entry replaced = entries.put(draftId, new Entry(revision, labels));
        held += labels.size() - (replaced == null ? 0 : replaced.labels().size());
        Iterator<Entry> eldest = entries.values().iterator();
        while (held > MAX_LABELS && eldest.hasNext()) {
            held -= eldest.next().labels().size();
            eldest.remove();
        }
    }

    synchronized int labelsHeld() {
        return (int) held;
    }
}
