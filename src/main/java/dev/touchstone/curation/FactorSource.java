package dev.touchstone.curation;

/**
 * Where a factor's values come from: an episode metadata key ({@code sourceKey}), the first class of an accepted value
 * label of a project ({@code projectId} and the definition key as {@code sourceKey}, e.g. grasp_outcome), or manual
 * (CSV upload or the API; only these factors take uploaded values).
 */
public enum FactorSource {
    METADATA, LABEL, MANUAL
}
