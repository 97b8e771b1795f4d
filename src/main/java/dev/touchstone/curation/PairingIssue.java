package dev.touchstone.curation;

import java.util.List;
import java.util.UUID;

/**
 * A key value that pairing by key left alone, and why.
 *
 * @param value    the metadata value
 * @param problem  {@link #UNPAIRED} (one episode carries it), {@link #AMBIGUOUS} (three or more do) or
 *                 {@link #VARIANTS} (two do, but not one of each variant the kind needs)
 * @param episodes the episodes that carry it, in name order
 */
public record PairingIssue(String value, String problem, List<UUID> episodes) {

    public static final String UNPAIRED = "unpaired";
    public static final String AMBIGUOUS = "ambiguous";
    public static final String VARIANTS = "variants";

    public PairingIssue {
        episodes = List.copyOf(episodes);
    }
}
