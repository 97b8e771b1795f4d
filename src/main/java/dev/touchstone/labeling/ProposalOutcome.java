package dev.touchstone.labeling;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * What became of one proposal shown in a draft's workspace (docs/labeling/api.md, "Proposals"): the record quality
 * and workflow count acceptance from. It is kept with the draft and stays as it was at submission.
 *
 * @param labelId    the proposal's label id; the draft's label of this id is the accepted or adjusted proposal
 * @param source     the proposal's source, e.g. {@code signals.phase}
 * @param version    the source's version
 * @param confidence the source's confidence in [0, 1], null when it gave none
 * @param outcome    what the annotator did; {@link Outcome#PROPOSED} while they did nothing with it
 */
public record ProposalOutcome(UUID labelId, String source, String version, Double confidence, Outcome outcome) {

    /** JSON: {@code proposed}, {@code accepted}, {@code adjusted}, {@code deleted}. */
    public enum Outcome {
        /** shown, not acted on (or an action on it was undone); not part of the draft's labels */
        PROPOSED,
        /** the draft holds the proposal's label unchanged, under the proposal's id */
        ACCEPTED,
        /** the draft holds the proposal's label, changed (class, times, value...), under the proposal's id */
        ADJUSTED,
        /** the annotator deleted the proposal (or deleted it after accepting it) */
        DELETED;

        @JsonValue
        public String jsonName() {
            return name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        public static Outcome of(String jsonName) {
            for (Outcome outcome : values()) {
                if (outcome.jsonName().equals(jsonName)) {
                    return outcome;
                }
            }
            throw new IllegalArgumentException("'" + jsonName + "' is no proposal outcome; one of "
                    + Arrays.stream(values()).map(Outcome::jsonName).collect(Collectors.joining(", ")));
        }
    }
}
