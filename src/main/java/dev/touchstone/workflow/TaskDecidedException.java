package dev.touchstone.workflow;

/** A review decision on a task that is not waiting for review: decided already (a second submit), or still labeling. */
public class TaskDecidedException extends IllegalStateException {

    private final String reviewState;

    public TaskDecidedException(String reviewState) {
        super("This task is not waiting for review (it is " + ("labeling".equals(reviewState) ? "being labeled"
                : reviewState) + "); nothing was changed");
        this.reviewState = reviewState;
    }

    /** "accepted" or "labeling" (returned work being redone, or never complete). */
    public String reviewState() {
        return reviewState;
    }
}
