package dev.touchstone.ingest;

/** Thrown from {@link ImportProgress#checkpoint} when the user cancelled; the job discards the episode. */
public class ImportCancelledException extends RuntimeException {

    public ImportCancelledException() {
        super("The import was cancelled");
    }
}
