package dev.touchstone.media;

/**
 * The part of a blob a {@code Range} header asks for (RFC 9110 section 14), for one blob of known size. Only single
 * byte ranges are served: a header with several ranges, another unit or a syntax error is ignored and the whole
 * blob is sent, which the RFC allows and every media element handles.
 *
 * @param start first byte, inclusive
 * @param end   last byte, inclusive
 */
record ByteRange(long start, long end) {

    /** What to answer. */
    sealed interface Answer permits Whole, Partial, Unsatisfiable {
    }

    /** 200 with the whole blob. */
    record Whole() implements Answer {
    }

    /** 206 with these bytes. */
    record Partial(ByteRange range) implements Answer {
    }

    /** 416: the range starts at or after the end of the blob. */
    record Unsatisfiable() implements Answer {
    }

    long length() {
        return end - start + 1;
    }

    String contentRange(long size) {
        return "bytes " + start + "-" + end + "/" + size;
    }

    static Answer parse(String header, long size) {
        if (header == null) {
            return new Whole();
        }
        String value = header.strip();
        if (!value.regionMatches(true, 0, "bytes=", 0, 6)) {
            return new Whole();
        }
        String spec = value.substring(6).strip();
        if (spec.indexOf(',') >= 0) {
            return new Whole();
        }
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return new Whole();
        }
        String first = spec.substring(0, dash).strip();
        String last = spec.substring(dash + 1).strip();
        if (first.isEmpty()) {
            // Suffix range: the last N bytes.
            long suffix = digits(last);
            if (suffix < 0) {
                return new Whole();
            }
            if (suffix == 0 || size == 0) {
                return new Unsatisfiable();
            }
            return new Partial(new ByteRange(Math.max(0, size - suffix), size - 1));
        }
        long start = digits(first);
        if (start < 0) {
            return new Whole();
        }
        long end;
        if (last.isEmpty()) {
            end = Long.MAX_VALUE;
        } else {
            end = digits(last);
            if (end < 0 || end < start) {
                return new Whole();
            }
        }
        if (start >= size) {
            return new Unsatisfiable();
        }
        return new Partial(new ByteRange(start, Math.min(end, size - 1)));
    }

    /** The non-negative number, Long.MAX_VALUE when it overflows (a range "to infinity"), -1 when not digits. */
    private static long digits(String text) {
        if (text.isEmpty() || text.length() > 40) {
            return -1;
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return -1;
            }
        }
        if (text.length() > 18) {
            String trimmed = text.replaceFirst("^0+(?=.)", "");
            if (trimmed.length() > 18) {
                return Long.MAX_VALUE;
            }
            return Long.parseLong(trimmed);
        }
        return Long.parseLong(text);
    }
}
