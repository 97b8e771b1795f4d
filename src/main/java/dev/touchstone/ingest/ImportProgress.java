package dev.touchstone.ingest;

/** How an importer reports progress within one episode and learns that the import was cancelled. */
public interface ImportProgress {

    /**
     * Reports progress and stops a cancelled import.
     *
     * @param fraction how much of this episode is read, 0..1
     * @param message  what is being done, e.g. "reading /observations/qpos"
     * @throws ImportCancelledException when the user cancelled the import
     */
    void checkpoint(double fraction, String message);

    /** For tests and command-line use: no reporting, never cancelled. */
    ImportProgress NONE = (fraction, message) -> {
    };
}
