package dev.touchstone.workflow;

/** Only active projects hand out work. */
public enum ProjectState {
    ACTIVE, PAUSED, CLOSED;

    String sql() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    static ProjectState of(String sql) {
        return valueOf(sql.toUpperCase(java.util.Locale.ROOT));
    }
}
