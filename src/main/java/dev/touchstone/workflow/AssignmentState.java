package dev.touchstone.workflow;

/**
 * LIVE, SUBMITTED and RETURNED hold one of the task's N slots; EXPIRED and SKIPPED gave theirs back. No state lets
 * the same annotator have the task again.
 */
public enum AssignmentState {
    LIVE, SUBMITTED, EXPIRED, SKIPPED, RETURNED;

    static AssignmentState of(String sql) {
        return valueOf(sql.toUpperCase(java.util.Locale.ROOT));
    }
}
