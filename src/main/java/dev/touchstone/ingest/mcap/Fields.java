package dev.touchstone.ingest.mcap;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the fields of one record body in order. Every length is checked against what is left before anything is
 * allocated, so a corrupt length becomes an error naming the record and field rather than an exception deep in
 * {@link ByteBuffer} or an attempt to allocate gigabytes.
 */
final class Fields {

    private final ByteBuffer body;
    private final Site site;

    Fields(ByteBuffer body, Site site) {
        this.body = body.slice().order(ByteOrder.LITTLE_ENDIAN);
        this.site = site;
    }

    int remaining() {
        return body.remaining();
    }

    int u8(String field) {
        need(1, field);
        return Byte.toUnsignedInt(body.get());
    }

    int u16(String field) {
        need(2, field);
        return Short.toUnsignedInt(body.getShort());
    }

    long u32(String field) {
        need(4, field);
        return Integer.toUnsignedLong(body.getInt());
    }

    /** A raw unsigned 64-bit value (timestamps); may be negative as a Java long. */
    long u64(String field) {
        need(8, field);
        return body.getLong();
    }

    /** An unsigned 64-bit size or offset, which cannot be meaningful above {@link Long#MAX_VALUE}. */
    long size64(String field) {
        long value = u64(field);
        if (value < 0) {
            throw site.error("field '" + field + "' holds " + Long.toUnsignedString(value) + ", which is not a usable size");
        }
        return value;
    }

    /**
     * A string. The specification says strings "should" be UTF-8; a stray invalid byte in a topic or metadata value
     * becomes U+FFFD rather than making the whole recording unreadable.
     */
    String string(String field) {
        int length = length32(field);
        return StandardCharsets.UTF_8.decode(take(length, field)).toString();
    }

    ByteBuffer bytes32(String field) {
        return take(length32(field), field);
    }

    ByteBuffer bytes64(String field) {
        long length = size64(field);
        if (length > body.remaining()) {
            throw site.error("field '" + field + "' says " + length + " bytes but only " + body.remaining()
                    + " remain in the record");
        }
        return take((int) length, field);
    }

    /** The rest of the record (the data of a Message). */
    ByteBuffer rest() {
        return take(body.remaining(), "data");
    }

    Map<String, String> stringMap(String field) {
        Fields entries = new Fields(bytes32(field), site);
        Map<String, String> map = new LinkedHashMap<>();
        while (entries.remaining() > 0) {
            map.put(entries.string(field + " key"), entries.string(field + " value"));
        }
        return map;
    }

    Map<Integer, Long> u16u64Map(String field) {
        Fields entries = new Fields(bytes32(field), site);
        Map<Integer, Long> map = new LinkedHashMap<>();
        while (entries.remaining() > 0) {
            map.put(entries.u16(field + " key"), entries.u64(field + " value"));
        }
        return map;
    }

    List<McapRecord.MessageIndexEntry> indexEntries(String field) {
        Fields entries = new Fields(bytes32(field), site);
        if (entries.remaining() % 16 != 0) {
            throw site.error("field '" + field + "' is " + entries.remaining()
                    + " bytes long, which is not a whole number of 16-byte entries");
        }
        List<McapRecord.MessageIndexEntry> list = new ArrayList<>(entries.remaining() / 16);
        while (entries.remaining() > 0) {
            list.add(new McapRecord.MessageIndexEntry(entries.u64("log_time"), entries.u64("offset")));
        }
        return list;
    }

    private int length32(String field) {
        long length = u32(field + " length");
        if (length > body.remaining()) {
            throw site.error("field '" + field + "' says " + length + " bytes but only " + body.remaining()
                    + " remain in the record");
        }
        return (int) length;
    }

    private ByteBuffer take(int length, String field) {
        need(length, field);
        ByteBuffer slice = body.slice(body.position(), length);
        body.position(body.position() + length);
        return slice;
    }

    private void need(int bytes, String field) {
        if (body.remaining() < bytes) {
            throw site.error("record is truncated: field '" + field + "' needs " + bytes + " bytes but only "
                    + body.remaining() + " remain");
        }
    }
}
