package dev.touchstone.labeling;

import java.util.UUID;

/**
 * An op that was not applied because the label changed on the server after the client's base revision (another tab,
 * another device). {@code serverLabel} is what the server has now, null when it was deleted there; the workspace
 * shows both and lets the annotator choose, so neither edit is lost silently.
 */
public record DraftConflict(UUID labelId, Label serverLabel, long serverRevision) {
}
