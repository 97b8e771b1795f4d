package dev.touchstone.ingest.mcap;

import java.nio.ByteBuffer;

/**
 * One message with what is needed to interpret it.
 *
 * @param channel     the channel it was published on
 * @param schema      the channel's schema, or null for a channel without one (schema id 0)
 * @param sequence    the publisher's or recorder's counter (unsigned 32-bit)
 * @param logTime     when it was recorded, in nanoseconds (unsigned 64-bit)
 * @param publishTime when it was published, in nanoseconds (unsigned 64-bit)
 * @param data        the serialized message; a read-only view that shares memory with its chunk
 */
public record McapMessage(McapRecord.Channel channel, McapRecord.Schema schema, long sequence, long logTime,
                          long publishTime, ByteBuffer data) {

    public McapMessage {
        data = data.asReadOnlyBuffer();
    }

    @Override
    public ByteBuffer data() {
        return data.duplicate();
    }

    /** A copy of the data, for callers that want an array of their own. */
    public byte[] bytes() {
        byte[] copy = new byte[data.remaining()];
        data.duplicate().get(copy);
        return copy;
    }
}
