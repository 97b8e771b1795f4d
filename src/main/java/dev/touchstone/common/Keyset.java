package dev.touchstone.common;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;

/**
 * Where a page of a list ordered by creation time and id starts (datasets, episodes, releases): after the row with
 * this creation time and id (both null for the first page). The cursor's text is {@code <instant>|<uuid>}, wrapped
 * by {@link CursorPage#encode}.
 */
public record Keyset(Instant createdAt, UUID id) {

    public static final Keyset FIRST = new Keyset(null, null);

    /** @throws IllegalArgumentException for a cursor this API did not make */
    public static Keyset of(String cursor) {
        String key = CursorPage.decode(cursor);
        if (key == null) {
            return FIRST;
        }
        int bar = key.indexOf('|');
        try {
            return new Keyset(Instant.parse(key.substring(0, bar)), UUID.fromString(key.substring(bar + 1)));
        } catch (DateTimeParseException | IllegalArgumentException | StringIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("cursor is not one this API made; follow nextCursor from a page");
        }
    }

    public static String key(Instant createdAt, UUID id) {
        return createdAt + "|" + id;
    }
}
