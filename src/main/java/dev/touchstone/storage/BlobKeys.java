package dev.touchstone.storage;

/**
 * The rules every blob key follows, so the same key works on a filesystem and in any S3-compatible store: relative,
 * {@code /}-separated, at most {@value #MAX_LENGTH} UTF-16 characters and {@value #MAX_SEGMENT_BYTES} UTF-8 bytes between two
 * {@code /}, no empty segment (no leading, trailing or
 * doubled {@code /}), no {@code .} or {@code ..} segment, no backslash, no control character, and no segment
 * starting with {@value #RESERVED_PREFIX} (the filesystem store's temporary files).
 * <p>
 * Keys carry no tenancy: callers build them from the organization id of the signed-in user
 * (e.g. {@code "<organization-id>/episodes/<episode-id>/camera-front.mp4"}) and never take one from a request.
 */
public final class BlobKeys {

    public static final int MAX_LENGTH = 1024;
    /** Longest segment, in UTF-8 bytes: the file name limit of common filesystems. */
    public static final int MAX_SEGMENT_BYTES = 255;
    static final String RESERVED_PREFIX = ".tmp-";

    private BlobKeys() {
    }

    /** Returns the key unchanged, or throws {@link IllegalArgumentException} saying which rule it breaks. */
    public static String requireValid(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("Blob key must not be empty");
        }
        checkCharacters(key, "Blob key");
        if (key.startsWith("/")) {
            throw invalid(key, "must be relative (no leading '/')");
        }
        if (key.endsWith("/")) {
            throw invalid(key, "must not end with '/'");
        }
        for (String segment : key.split("/", -1)) {
            checkSegment(key, segment);
        }
        return key;
    }

    /**
     * Returns the listing prefix unchanged: empty (everything), or a string that could begin a valid key (it may end
     * with {@code /}, and its last segment may be partial).
     */
    public static String requireValidPrefix(String prefix) {
        if (prefix == null) {
            throw new IllegalArgumentException("Blob key prefix must not be null (use \"\" for all blobs)");
        }
        if (prefix.isEmpty()) {
            return prefix;
        }
        checkCharacters(prefix, "Blob key prefix");
        if (prefix.startsWith("/")) {
            throw new IllegalArgumentException("Blob key prefix '" + prefix + "' must be relative (no leading '/')");
        }
        String[] segments = prefix.split("/", -1);
        for (int i = 0; i < segments.length - 1; i++) {
            checkSegment(prefix, segments[i]);
        }
        String last = segments[segments.length - 1];
        if (last.equals("..") || last.startsWith(RESERVED_PREFIX)) {
            checkSegment(prefix, last);
        }
        return prefix;
    }

    private static void checkCharacters(String key, String what) {
        if (key.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(what + " is " + key.length() + " characters long; at most "
                    + MAX_LENGTH + " are allowed: '" + key.substring(0, 40) + "...'");
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == '\\') {
                throw new IllegalArgumentException(what + " '" + key + "' must not contain a backslash; use '/'");
            }
            if (Character.isISOControl(c)) {
                throw new IllegalArgumentException(what + " must not contain control characters (found U+"
                        + String.format("%04X", (int) c) + " at position " + i + ")");
            }
            if (Character.isSurrogate(c) && !(Character.isHighSurrogate(c) && i + 1 < key.length()
                    && Character.isLowSurrogate(key.charAt(i + 1)) || Character.isLowSurrogate(c) && i > 0
                    && Character.isHighSurrogate(key.charAt(i - 1)))) {
                throw new IllegalArgumentException(what + " contains an unpaired surrogate at position " + i);
            }
        }
    }

    private static void checkSegment(String key, String segment) {
        if (segment.isEmpty()) {
            throw invalid(key, "must not contain an empty segment ('//')");
        }
        if (segment.equals(".") || segment.equals("..")) {
            throw invalid(key, "must not contain a '" + segment + "' segment");
        }
        int bytes = segment.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (bytes > MAX_SEGMENT_BYTES) {
            throw invalid(key, "has a segment of " + bytes + " bytes (UTF-8); at most " + MAX_SEGMENT_BYTES
                    + " bytes are allowed between two '/'");
        }
        if (segment.startsWith(RESERVED_PREFIX)) {
            throw invalid(key, "must not have a segment starting with '" + RESERVED_PREFIX + "' (reserved)");
        }
    }

    private static IllegalArgumentException invalid(String key, String rule) {
        return new IllegalArgumentException("Blob key '" + key + "' " + rule);
    }
}
