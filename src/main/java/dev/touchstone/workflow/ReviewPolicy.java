package dev.touchstone.workflow;

/** Which complete tasks a QA lead sees: every one, a random share of those that agree (plus disagreements), or only disagreements. */
public enum ReviewPolicy {
    ALL, SAMPLE, DISAGREEMENT;

    String sql() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    static ReviewPolicy of(String sql) {
        return valueOf(sql.toUpperCase(java.util.Locale.ROOT));
    }
}
