package dev.touchstone.ingest;

public enum ImportSourceKind {
    /** Files uploaded in the browser (a zip archive for folder formats). */
    UPLOAD,
    /** A file or folder on the server, below one of the configured import roots (admins only). */
    SERVER_PATH,
    /** Objects below a prefix of the configured blob storage, e.g. an S3 bucket's {@code incoming/} (admins only). */
    S3_PREFIX,
    /** Synthetic episodes made by the generator. */
    GENERATOR,
    /** The {@code import} command line. */
    CLI
}
