package dev.touchstone.ingest.mcap;

import java.nio.ByteBuffer;

/**
 * How one channel maps onto a Touchstone stream.
 *
 * @param kind the stream kind, {@link StreamKind#UNSUPPORTED} for channels that are listed but not imported
 * @param type the decoder, null when unsupported
 * @param note a sentence for the import report: what the channel is read as, or why it is skipped
 */
public record StreamMapping(StreamKind kind, MessageType type, String note) {

    static StreamMapping supported(MessageType type, String topic) {
        return new StreamMapping(type.kind(), type, topic + ": " + type.schemaName() + " (" + type.messageEncoding()
                + ") is imported as a " + type.kind().name().toLowerCase() + " stream");
    }

    static StreamMapping unsupported(String topic, String reason) {
        return new StreamMapping(StreamKind.UNSUPPORTED, null, topic + ": skipped, " + reason);
    }

    public boolean isSupported() {
        return type != null;
    }

    /**
     * Decodes one message of this channel.
     *
     * @throws DecodeException       when the bytes do not decode as the type says
     * @throws IllegalStateException for a channel that is not supported
     */
    public DecodedMessage decode(ByteBuffer data) {
        if (type == null) {
            throw new IllegalStateException("cannot decode a channel that is not supported: " + note);
        }
        return type.decode(data);
    }

    public DecodedMessage decode(McapMessage message) {
        return decode(message.data());
    }
}
