package dev.touchstone.release;

/** One downloadable file of a ready release. */
public record ReleaseFile(String name, long size, String sha256) {

    public static final String LABELS = "labels.jsonl";
    public static final String REPORT = "quality-report.json";
}
