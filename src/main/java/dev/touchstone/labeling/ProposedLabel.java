package dev.touchstone.labeling;

import java.util.List;
import java.util.Objects;

/**
 * A label suggested by a proposal source (a proposer over the robot's own signals, a model's predictions posted to
 * the API, a project's ML backend), as the workspace shows it: pre-filled and marked "proposed" until the annotator
 * accepts, adjusts or deletes it. The label is in the same shape as a draft's ({@link Label}); its id is the
 * proposal's, so a label accepted unchanged keeps it and can be matched back to its proposal.
 *
 * @param label      the proposed label, valid against the schema version it was proposed for
 * @param source     who proposed it, e.g. {@code signals.phase} or a model's name
 * @param version    the source's version (a proposer's rule version, a model's version)
 * @param confidence in [0, 1], as the source defines it (docs/proposals.md); not a calibrated probability; null when
 *                   the source gave none (shown as "no confidence", never as a number it did not give)
 * @param evidence   what caused it, drawn on the timeline; empty for sources that give none
 */
public record ProposedLabel(Label label, String source, String version, Double confidence, List<Evidence> evidence) {

    public ProposedLabel {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(version, "version");
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
        if (confidence != null && !(confidence >= 0 && confidence <= 1)) {
            throw new IllegalArgumentException("confidence must be in [0, 1], got " + confidence);
        }
    }

    /**
     * A span of one stream's channels and what the source saw there, in episode nanoseconds.
     *
     * @param note in words with numbers, e.g. {@code |ΔF| rose above 1.0 N (peak 18.3 N)}
     */
    public record Evidence(String stream, List<String> channels, long start, long end, String note) {

        public Evidence {
            channels = channels == null ? List.of() : List.copyOf(channels);
        }
    }
}
