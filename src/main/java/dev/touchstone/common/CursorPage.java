package dev.touchstone.common;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * One page of a list of the JSON API: its items and the cursor of the next page ({@code null} on the last page). A
 * client asks {@code ?limit=&cursor=} and follows {@code nextCursor} until it is null. A cursor, not an offset: it
 * names the last item's sort key, so a page stays correct while rows are inserted before it, and a database reads
 * the next page through the sort key's index instead of counting past every earlier row.
 * <p>
 * The cursor is opaque to clients (base64url of the sort key's text); {@link #decode} refuses a cursor that is not
 * one of ours with {@link IllegalArgumentException} (answered 400).
 *
 * @param items      the page's items, in the list's order
 * @param nextCursor where the next page starts, or {@code null} when this is the last
 */
public record CursorPage<T>(List<T> items, String nextCursor) {

    /** The page size when a client names none. */
    public static final int DEFAULT_LIMIT = 50;
    /** The largest page a client may ask for. */
    public static final int MAX_LIMIT = 500;

    public CursorPage {
        items = List.copyOf(items);
    }

    /**
     * The page size to read: {@link #DEFAULT_LIMIT} for none, otherwise 1 to {@link #MAX_LIMIT}.
     *
     * @throws IllegalArgumentException for a size outside that range
     */
    public static int limit(Integer requested) {
        if (requested == null) {
            return DEFAULT_LIMIT;
        }
        if (requested < 1 || requested > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT + ", not " + requested);
        }
        return requested;
    }

    /** The cursor that names a sort key (e.g. {@code createdAt|id}). */
    public static String encode(String sortKey) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("c1:" + sortKey).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The sort key a cursor names, or {@code null} for no cursor (the first page).
     *
     * @throws IllegalArgumentException for a cursor this API did not make
     */
    public static String decode(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(cursor.strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cursor is not one this API made; follow nextCursor from a page");
        }
        if (!text.startsWith("c1:")) {
            throw new IllegalArgumentException("cursor is not one this API made; follow nextCursor from a page");
        }
        return text.substring(3);
    }

    /**
     * A page from {@code limit + 1} rows read after the cursor: the extra row only says that there is a next page,
     * whose cursor is the sort key of the page's last item.
     */
    public static <T> CursorPage<T> of(List<T> rowsReadWithOneExtra, int limit,
                                       java.util.function.Function<T, String> sortKey) {
        if (rowsReadWithOneExtra.size() <= limit) {
            return new CursorPage<>(rowsReadWithOneExtra, null);
        }
        List<T> page = rowsReadWithOneExtra.subList(0, limit);
        return new CursorPage<>(page, encode(sortKey.apply(page.get(limit - 1))));
    }
}
