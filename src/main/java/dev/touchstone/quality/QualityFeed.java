package dev.touchstone.quality;

/**
 * What workflow hands quality as work is merged and scored, so that the aggregates of docs/quality/dashboards.md
 * stay up to date. Write-only and narrow on purpose: it checks no role because its one caller, workflow, calls it
 * inside the transaction of a submission it has already authorised (or of quality's own recompute), and nothing it
 * does returns quality's data. Reading the aggregates goes through {@link QualityService}, which checks roles.
 */
public interface QualityFeed {

    /**
     * Records (or replaces, when the task is merged again) a merged task's agreement rows and adds them to the
     * project's summaries.
     */
    void taskMerged(MergedTask merged);

    /** Records (or replaces, for a resubmission) the score of a gold submission. */
    void goldScored(GoldResult result);
}
