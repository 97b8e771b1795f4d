package dev.touchstone.ingest;

public enum ImportState {
    QUEUED("Queued"),
    RUNNING("Running"),
    SUCCEEDED("Succeeded"),
    /** Some episodes imported, some failed; each failure is listed in the notes. */
    COMPLETED_WITH_ERRORS("Completed with errors"),
    FAILED("Failed"),
    CANCELLED("Cancelled");

    private final String label;

    ImportState(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public boolean finished() {
        return this != QUEUED && this != RUNNING;
    }
}
