package dev.touchstone.release;

/** The project already has a release of that version (versions are unique per project). */
public class ReleaseVersionTakenException extends IllegalArgumentException {

    public ReleaseVersionTakenException(String version) {
        super("The project already has a release " + version);
    }
}
