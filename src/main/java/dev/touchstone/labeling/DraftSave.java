package dev.touchstone.labeling;

import java.util.List;
import java.util.UUID;

/**
 * One autosave: the changes since the last acknowledged save. {@code saveId} is made by the client; sending the same
 * save again (a retry after a lost answer) returns the first answer and changes nothing. {@code proposals}: the
 * outcome of each proposal acted on since the last save (an undo sends {@code proposed} again); the draft's labels
 * after the save must agree with them (docs/labeling/api.md, "Proposals").
 */
public record DraftSave(UUID saveId, String clientId, List<DraftOp> ops, List<ProposalAction> proposals) {

    public DraftSave {
        ops = ops == null ? List.of() : List.copyOf(ops);
        proposals = proposals == null ? List.of() : List.copyOf(proposals);
    }

    public DraftSave(UUID saveId, String clientId, List<DraftOp> ops) {
        this(saveId, clientId, ops, List.of());
    }

    /** The outcome of one proposal (by its label id) as this save leaves it. */
    public record ProposalAction(UUID labelId, ProposalOutcome.Outcome outcome) {
    }
}
