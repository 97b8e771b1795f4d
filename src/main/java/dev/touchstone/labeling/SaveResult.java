package dev.touchstone.labeling;

import java.util.List;

/** The draft's revision after a save, the ops that conflicted, and whether this answer repeats an earlier one. */
public record SaveResult(long revision, List<DraftConflict> conflicts, boolean replayed) {
}
