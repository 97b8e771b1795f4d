package dev.touchstone.ingest.mcap;

import dev.touchstone.ingest.mcap.DecodedMessage.CompressedVideo;
import dev.touchstone.ingest.mcap.DecodedMessage.Stamp;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The one protobuf message Touchstone reads, {@code foxglove.CompressedVideo}, decoded straight from the wire
 * format: a full protobuf runtime for four fields is not worth a dependency. Field numbers are those of the
 * published schema: timestamp = 1 (google.protobuf.Timestamp: seconds = 1, nanos = 2), frame_id = 2, data = 3,
 * format = 4. Other fields are skipped, as protobuf readers must.
 */
final class ProtobufDecoders {

    private static final int VARINT = 0;
    private static final int FIXED64 = 1;
    private static final int LENGTH_DELIMITED = 2;
    private static final int FIXED32 = 5;

    private ProtobufDecoders() {
    }

    static CompressedVideo compressedVideo(ByteBuffer data) {
        ByteBuffer in = data.slice();
        Stamp timestamp = new Stamp(0, 0);
        String frameId = "";
        ByteBuffer frame = ByteBuffer.allocate(0);
        String format = "";
        while (in.hasRemaining()) {
            long key = varint(in);
            int field = (int) (key >>> 3);
            int wireType = (int) (key & 7);
            if (wireType == LENGTH_DELIMITED && field >= 1 && field <= 4) {
                ByteBuffer value = lengthDelimited(in);
                switch (field) {
                    case 1 -> timestamp = timestamp(value);
                    case 2 -> frameId = StandardCharsets.UTF_8.decode(value).toString();
                    case 3 -> frame = value.asReadOnlyBuffer();
                    default -> format = StandardCharsets.UTF_8.decode(value).toString();
                }
            } else {
                skip(in, wireType, field);
            }
        }
        return new CompressedVideo(timestamp, frameId, frame, format);
    }

    private static Stamp timestamp(ByteBuffer in) {
        long seconds = 0;
        long nanos = 0;
        while (in.hasRemaining()) {
            long key = varint(in);
            int field = (int) (key >>> 3);
            int wireType = (int) (key & 7);
            if (wireType == VARINT && field == 1) {
                seconds = varint(in);
            } else if (wireType == VARINT && field == 2) {
                nanos = (int) varint(in);
            } else {
                skip(in, wireType, field);
            }
        }
        return new Stamp(seconds, nanos);
    }

    private static void skip(ByteBuffer in, int wireType, int field) {
        switch (wireType) {
            case VARINT -> varint(in);
            case FIXED64 -> advance(in, 8, field);
            case LENGTH_DELIMITED -> lengthDelimited(in);
            case FIXED32 -> advance(in, 4, field);
            default -> throw new DecodeException("protobuf field " + field + " has wire type " + wireType
                    + ", which this reader does not handle (groups are deprecated)");
        }
    }

    private static ByteBuffer lengthDelimited(ByteBuffer in) {
        long length = varint(in);
        if (length < 0 || length > in.remaining()) {
            throw new DecodeException("protobuf field of " + length + " bytes does not fit in the "
                    + in.remaining() + " bytes left");
        }
        ByteBuffer value = in.slice(in.position(), (int) length);
        in.position(in.position() + (int) length);
        return value;
    }

    private static void advance(ByteBuffer in, int bytes, int field) {
        if (in.remaining() < bytes) {
            throw new DecodeException("protobuf field " + field + " is cut short");
        }
        in.position(in.position() + bytes);
    }

    private static long varint(ByteBuffer in) {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (!in.hasRemaining()) {
                throw new DecodeException("protobuf message ends inside a varint");
            }
            int b = in.get();
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new DecodeException("protobuf varint is longer than 10 bytes");
    }
}
