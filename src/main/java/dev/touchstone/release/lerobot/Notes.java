package dev.touchstone.release.lerobot;

import java.util.ArrayList;
import java.util.List;

/** What the export left out or filled in, for info.json's touchstone.notes. */
final class Notes {

    private final List<String> notes = new ArrayList<>();

    /** A note about the dataset as a whole: said once, so never repeated or capped. */
    void always(String note) {
        notes.add(note);
    }

    /** A note an episode may repeat: kept once, and at most 100 so a large release cannot flood info.json. */
    void once(String note) {
        if (notes.size() < 100 && !notes.contains(note)) {
            notes.add(note);
        }
    }

    List<String> all() {
        return notes;
    }
}
