package dev.touchstone.ingest.mcap;

/**
 * Whether a foxglove.CompressedVideo packet starts a decodable sequence. The message has no key-frame flag, yet a
 * muxer needs it to place sync samples, so it is read from the first bytes of the bitstream of each codec.
 */
final class KeyFrames {

    private KeyFrames() {
    }

    static boolean isKeyFrame(String format, byte[] packet) {
        return switch (format) {
            case "h264" -> hasNal(packet, false);
            case "h265" -> hasNal(packet, true);
            case "vp9" -> vp9KeyFrame(packet);
            case "av1" -> av1SequenceHeader(packet);
            default -> false;
        };
    }

    /** Annex B: an IDR slice (h264 type 5) or an IRAP picture (h265 types 16-21) after a start code. */
    private static boolean hasNal(byte[] data, boolean hevc) {
        for (int i = 0; i + 3 < data.length; i++) {
            if (data[i] == 0 && data[i + 1] == 0 && data[i + 2] == 1) {
                int header = data[i + 3] & 0xFF;
                if (hevc) {
                    int type = header >> 1 & 0x3F;
                    if (type >= 16 && type <= 21) {
                        return true;
                    }
                } else if ((header & 0x1F) == 5) {
                    return true;
                }
                i += 2;
            }
        }
        return false;
    }

    /** VP9 uncompressed header: frame marker, profile bits, show_existing_frame, then frame_type 0 = key frame. */
    private static boolean vp9KeyFrame(byte[] data) {
        if (data.length == 0 || (data[0] & 0xC0) != 0x80) {
            return false;
        }
        int bits = data[0] & 0xFF;
        int profile = (bits >> 5 & 1) | (bits >> 4 & 1) << 1;
        int position = 4; // bits consumed: marker (2) + profile (2)
        if (profile == 3) {
            position++;
        }
        boolean showExisting = (bits >> (7 - position) & 1) == 1;
        if (showExisting) {
            return false;
        }
        position++;
        return (bits >> (7 - position) & 1) == 0;
    }

    /** Foxglove requires AV1 key frames to carry the sequence header OBU (type 1), so its presence marks them. */
    private static boolean av1SequenceHeader(byte[] data) {
        int i = 0;
        while (i < data.length) {
            int header = data[i] & 0xFF;
            int type = header >> 3 & 0x0F;
            boolean extension = (header & 0x04) != 0;
            boolean hasSize = (header & 0x02) != 0;
            if (type == 1) {
                return true;
            }
            i += extension ? 2 : 1;
            if (!hasSize) {
                return false;
            }
            long size = 0;
            for (int shift = 0; shift < 56 && i < data.length; shift += 7) {
                int b = data[i++] & 0xFF;
                size |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    break;
                }
            }
            if (size > data.length - i) {
                return false;
            }
            i += (int) size;
        }
        return false;
    }
}
