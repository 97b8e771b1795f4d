package dev.touchstone.curation;

import java.util.UUID;

/** The two episodes are paired already (in either order, of any kind): answered 409 by the API. */
public class EpisodePairExistsException extends RuntimeException {

    private final UUID existing;

    public EpisodePairExistsException(UUID existing) {
        super("These two episodes are paired already (pair " + existing + ")");
        this.existing = existing;
    }

    public UUID existing() {
        return existing;
    }
}
