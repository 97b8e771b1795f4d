package dev.touchstone.dataset;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * A camera delivered image by image. Each image goes to its own file as it comes (memory holds only the
 * timestamps); at finish ffmpeg's concat demuxer reads them with a per-image duration, which gives every frame
 * its exact presentation time (to the microsecond) where an image sequence at a frame rate could not. Raw pixels
 * are written as PAM, which ffmpeg reads without any encoding step on our side.
 */
final class VideoImages extends PendingStream implements EpisodeRecorder.ImageStreamWriter {

    /** The concat demuxer would otherwise give image files a 1/25 s time base and round every timestamp to it. */
    private static final String MICROSECOND_TIME_BASE = "option framerate 1000000\n";

    private final VideoStreams videos;
    private final Path directory;
    private long[] timestamps = new long[256];
    private int count;
    private String type;
    private int width;
    private int height;

    VideoImages(String name, StreamSource source, VideoStreams videos, Path workDirectory) throws IOException {
        super(name, StreamKind.VIDEO, source);
        this.videos = videos;
        this.directory = Files.createTempDirectory(workDirectory, "images-");
    }

    @Override
    public void appendEncoded(long timestampNanos, byte[] image) throws IOException {
        String kind;
        int[] size;
        if (image.length > 24 && (image[0] & 0xFF) == 0x89 && image[1] == 'P' && image[2] == 'N' && image[3] == 'G') {
            kind = "png";
            size = new int[]{readInt(image, 16), readInt(image, 20)};
        } else if (image.length > 4 && (image[0] & 0xFF) == 0xFF && (image[1] & 0xFF) == 0xD8) {
            kind = "jpg";
            size = jpegSize(image);
        } else {
            throw problem("image " + count + " is neither JPEG nor PNG");
        }
        accept(timestampNanos, kind, size[0], size[1]);
        Files.write(file(kind), image);
        count++;
    }

    @Override
    public void appendRaw(long timestampNanos, int width, int height, String encoding, int step, byte[] pixels)
            throws IOException {
        int channels;
        int bytesPerSample = 1;
        String tupleType;
        switch (encoding == null ? "" : encoding.toLowerCase(Locale.ROOT)) {
            case "rgb8", "bgr8" -> {
                channels = 3;
                tupleType = "RGB";
            }
            case "rgba8", "bgra8" -> {
                channels = 4;
                tupleType = "RGB_ALPHA";
            }
            case "mono8" -> {
                channels = 1;
                tupleType = "GRAYSCALE";
            }
            case "mono16" -> {
                channels = 1;
                bytesPerSample = 2;
                tupleType = "GRAYSCALE";
            }
            default -> throw problem("image " + count + " has the pixel encoding '" + encoding
                    + "'; supported are rgb8, bgr8, rgba8, bgra8, mono8 and mono16");
        }
        int rowBytes = width * channels * bytesPerSample;
        if (width <= 0 || height <= 0 || step < rowBytes || (long) step * (height - 1) + rowBytes > pixels.length) {
            throw problem("image " + count + " (" + width + "x" + height + " " + encoding + ", step " + step
                    + ") needs at least " + ((long) step * (height - 1) + rowBytes) + " bytes but has "
                    + pixels.length);
        }
        accept(timestampNanos, "pam", width, height);
        boolean bgr = encoding.toLowerCase(Locale.ROOT).startsWith("bgr");
        boolean sixteen = bytesPerSample == 2;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file("pam")), 1 << 16)) {
            out.write(("P7\nWIDTH " + width + "\nHEIGHT " + height + "\nDEPTH " + channels + "\nMAXVAL "
                    + (sixteen ? 65535 : 255) + "\nTUPLTYPE " + tupleType + "\nENDHDR\n")
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] row = new byte[rowBytes];
            for (int y = 0; y < height; y++) {
                System.arraycopy(pixels, y * step, row, 0, rowBytes);
                if (bgr) {
                    for (int x = 0; x < rowBytes; x += channels) {
                        byte blue = row[x];
                        row[x] = row[x + 2];
                        row[x + 2] = blue;
                    }
                } else if (sixteen) {
                    // ROS images are little-endian in practice (is_bigendian = 0); PAM is big-endian
                    for (int x = 0; x < rowBytes; x += 2) {
                        byte low = row[x];
                        row[x] = row[x + 1];
                        row[x + 1] = low;
                    }
                }
                out.write(row);
            }
        }
        count++;
    }

    private void accept(long timestampNanos, String kind, int imageWidth, int imageHeight) {
        if (type == null) {
            type = kind;
            width = imageWidth;
            height = imageHeight;
        } else if (!type.equals(kind)) {
            throw problem("image " + count + " is " + label(kind) + " but the stream's earlier images are "
                    + label(type) + " (one stream must keep one image format)");
        } else if (imageWidth != width || imageHeight != height) {
            throw problem("image " + count + " is " + imageWidth + "x" + imageHeight + " but the stream's images are "
                    + width + "x" + height);
        }
        if (imageWidth <= 0 || imageHeight <= 0) {
            throw problem("image " + count + " has no readable size");
        }
        time(timestampNanos);
        if (count == timestamps.length) {
            timestamps = Arrays.copyOf(timestamps, count * 2);
        }
        timestamps[count] = timestampNanos;
    }

    private static String label(String kind) {
        return switch (kind) {
            case "pam" -> "raw pixels";
            case "jpg" -> "JPEG";
            default -> "PNG";
        };
    }

    private Path file(String kind) {
        return directory.resolve(String.format("%09d.%s", count, kind));
    }

    @Override
    Stored finish() throws IOException {
        if (count == 0) {
            throw problem("the stream has no images");
        }
        long[] stamps = Arrays.copyOf(timestamps, count);
        // microseconds from the first image; the concat demuxer adds up durations, so they are exact integers
        long[] micros = new long[count];
        for (int i = 0; i < count; i++) {
            micros[i] = Math.round((stamps[i] - stamps[0]) / 1000.0);
            if (i > 0 && micros[i] <= micros[i - 1]) {
                throw problem("images " + (i - 1) + " and " + i + " are less than a microsecond apart");
            }
        }
        long lastDuration = count > 1 ? micros[count - 1] - micros[count - 2] : 33_333;
        Path list = directory.resolve("images.ffconcat");
        try (Writer out = Files.newBufferedWriter(list, StandardCharsets.UTF_8)) {
            out.write("ffconcat version 1.0\n");
            for (int i = 0; i < count; i++) {
                long duration = i + 1 < count ? micros[i + 1] - micros[i] : lastDuration;
                out.write("file '" + String.format("%09d.%s", i, type) + "'\n" + MICROSECOND_TIME_BASE
                        + "duration " + duration / 1_000_000 + "." + String.format("%06d", duration % 1_000_000)
                        + "\n");
            }
        }
        Path video = Files.createTempFile(directory.getParent(), "video-", ".mp4");
        Path index = Files.createTempFile(directory.getParent(), "video-", ".tsfi");
        videos.transcode(this, list, video, List.of("-f", "concat", "-safe", "0"));
        long[] expected = new long[count];
        for (int i = 0; i < count; i++) {
            expected[i] = micros[i] * 1000;
        }
        VideoFile encoded = VideoFile.of(new VideoStreams.Naming(name, source), video, index, stamps, expected,
                type.equals("jpg") ? "mjpeg" : type.equals("png") ? "png" : "rawvideo", true,
                directory.getParent());
        deleteImages();
        return encoded.finish();
    }

    @Override
    void abandon() {
        deleteImages();
    }

    private void deleteImages() {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // the work directory is deleted anyway
        }
    }

    private static int readInt(byte[] bytes, int offset) {
        return (bytes[offset] & 0xFF) << 24 | (bytes[offset + 1] & 0xFF) << 16 | (bytes[offset + 2] & 0xFF) << 8
                | bytes[offset + 3] & 0xFF;
    }

    /** Width and height from the first start-of-frame segment; {0, 0} when there is none. */
    private static int[] jpegSize(byte[] jpeg) {
        int i = 2;
        while (i + 9 < jpeg.length) {
            if ((jpeg[i] & 0xFF) != 0xFF) {
                return new int[]{0, 0};
            }
            int marker = jpeg[i + 1] & 0xFF;
            int length = (jpeg[i + 2] & 0xFF) << 8 | jpeg[i + 3] & 0xFF;
            boolean startOfFrame = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8
                    && marker != 0xCC;
            if (startOfFrame) {
                int height = (jpeg[i + 5] & 0xFF) << 8 | jpeg[i + 6] & 0xFF;
                int width = (jpeg[i + 7] & 0xFF) << 8 | jpeg[i + 8] & 0xFF;
                return new int[]{width, height};
            }
            i += 2 + length;
        }
        return new int[]{0, 0};
    }
}
