package dev.touchstone.curation;

/** A pair with its two episodes' names, for lists. */
public record EpisodePairEntry(EpisodePair pair, String firstName, String secondName) {
}
