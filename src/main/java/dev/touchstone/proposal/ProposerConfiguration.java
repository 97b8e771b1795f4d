package dev.touchstone.proposal;

import java.util.Objects;

/**
 * Everything a project sets for its signal proposers (docs/proposals.md, "Settings"): the streams, channels, thresholds
 * and phase plan ({@link ProposerSettings}) and the slip, flag and verdict thresholds ({@link QualitySettings}). Stored
 * per project as JSON in this shape ({@link ProposerSettingsService}); a project that never saved any has
 * {@link #defaults()}.
 */
public record ProposerConfiguration(ProposerSettings proposers, QualitySettings quality) {

    public ProposerConfiguration {
        Objects.requireNonNull(proposers, "proposers");
        Objects.requireNonNull(quality, "quality");
    }

    /** What fits the synthetic generator and the starter schema. */
    public static ProposerConfiguration defaults() {
        return new ProposerConfiguration(ProposerSettings.defaults(), QualitySettings.defaults());
    }
}
