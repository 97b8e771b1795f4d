package dev.touchstone.curation;

/** What a grid is coloured by (docs/curation.md, "The grid"). */
public enum CoverageMeasure {
    /** Episodes in the cell. */
    EPISODES,
    /** Episodes in the cell with an accepted task. */
    ACCEPTED,
    /** Successes over episodes with an outcome value; no data when none has one. */
    SUCCESS_RATE,
    /** Mean quality flag: the share of measured episodes whose suggested verdict rejects them; no data unmeasured. */
    QUALITY_FLAG
}
