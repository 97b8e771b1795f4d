package dev.touchstone.workflow;

/** The assignment is no longer live (it expired, was skipped or submitted), so this action cannot apply. */
public class AssignmentClosedException extends IllegalStateException {

    private final AssignmentState state;

    public AssignmentClosedException(AssignmentState state) {
        super("This assignment is " + state.name().toLowerCase(java.util.Locale.ROOT) + "; it cannot change");
        this.state = state;
    }

    public AssignmentState state() {
        return state;
    }
}
