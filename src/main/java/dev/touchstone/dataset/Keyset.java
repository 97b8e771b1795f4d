package dev.touchstone.dataset;

import dev.touchstone.common.CursorPage;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;

/**
 * Where a page of datasets or episodes starts: after the row with this creation time and id (both null for the
 * first page). The cursor's text is {@code <instant>|<uuid>}, wrapped by {@link CursorPage#encode}.
 */
record Keyset(Instant createdAt, UUID id) {

    static final Keyset FIRST = new Keyset(null, null);

    /** @throws IllegalArgumentException for a cursor this API did not make */
    static Keyset of(String cursor) {
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

    static String key(Instant createdAt, UUID id) {
        return createdAt + "|" + id;
    }
}
