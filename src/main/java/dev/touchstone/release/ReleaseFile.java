package dev.touchstone.release;

/** One downloadable file of a ready release. */
public record ReleaseFile(String name, long size, String sha256) {

    public static final String LABELS = "labels.jsonl";
    public static final String REPORT = "quality-report.json";
    public static final String LEROBOT = "lerobot-v3.0.zip";
    /** COCO files are {@code coco-<camera>.json}, one per camera with 2D boxes. */
    public static final String COCO_PREFIX = "coco-";
}
