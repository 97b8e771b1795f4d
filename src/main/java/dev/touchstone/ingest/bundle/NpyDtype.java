package dev.touchstone.ingest.bundle;

import java.util.Locale;

/**
 * The NumPy element types a bundle may use. Only little-endian (or byte-sized) types: every tool that writes
 * bundles runs on little-endian machines, and refusing the rest keeps the reader a plain copy without swapping.
 */
public enum NpyDtype {
    FLOAT32("<f4", 4, true), FLOAT64("<f8", 8, true), INT64("<i8", 8, false), INT32("<i4", 4, false),
    INT16("<i2", 2, false), UINT16("<u2", 2, false), UINT8("|u1", 1, false), INT8("|i1", 1, false);

    private final String descr;
    private final int size;
    private final boolean floating;

    NpyDtype(String descr, int size, boolean floating) {
        this.descr = descr;
        this.size = size;
        this.floating = floating;
    }

    public String descr() {
        return descr;
    }

    public int size() {
        return size;
    }

    public boolean floating() {
        return floating;
    }

    /**
     * The type of a header's {@code descr}, or an explanation of why it is not supported (returned, not thrown, so
     * that the caller can name the file).
     */
    static NpyDtype parse(String descr, StringBuilder why) {
        String d = descr.trim();
        // numpy writes '|' for byte types, but '<u1' and '=u1' mean the same and some writers use them.
        if (d.length() == 3 && (d.endsWith("u1") || d.endsWith("i1")) && "<|=".indexOf(d.charAt(0)) >= 0) {
            return d.endsWith("u1") ? UINT8 : INT8;
        }
        for (NpyDtype type : values()) {
            if (type.descr.equals(d)) {
                return type;
            }
        }
        if (d.startsWith(">")) {
            why.append("big-endian dtype '").append(d).append("' is not supported; save it little-endian (")
                    .append("array.astype('<").append(d.substring(1)).append("'))");
        } else if (d.startsWith("[") || d.startsWith("(")) {
            why.append("structured dtypes are not supported; save one plain array per field");
        } else {
            why.append("dtype '").append(d).append("' is not supported (use one of ")
                    .append(String.join(", ", java.util.Arrays.stream(values()).map(NpyDtype::descr)
                            .toList())).append(')');
        }
        return null;
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
