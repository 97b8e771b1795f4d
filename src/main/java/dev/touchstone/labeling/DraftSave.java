package dev.touchstone.labeling;

import java.util.List;
import java.util.UUID;

/**
 * One autosave: the changes since the last acknowledged save. {@code saveId} is made by the client; sending the same
 * save again (a retry after a lost answer) returns the first answer and changes nothing.
 */
public record DraftSave(UUID saveId, String clientId, List<DraftOp> ops) {
    public DraftSave {
        ops = ops == null ? List.of() : List.copyOf(ops);
    }
}
