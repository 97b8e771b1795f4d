package dev.touchstone.release;

/** A release is built once: {@code BUILDING} until its files are written, then {@code READY} or {@code FAILED}. */
public enum ReleaseState {
    BUILDING, READY, FAILED;

    String db() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    static ReleaseState of(String db) {
        return valueOf(db.toUpperCase(java.util.Locale.ROOT));
    }
}
