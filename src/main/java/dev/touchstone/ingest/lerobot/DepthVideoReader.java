package dev.touchstone.ingest.lerobot;

import dev.touchstone.dataset.EpisodeRecorder;
import dev.touchstone.ingest.ImportFormatException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A LeRobot depth video back to depth frames: ffmpeg decodes the 12-bit codes (gray12le), each becomes millimetres
 * by LeRobot's dequantisation ({@link LeRobotInfo.DepthVideo#millimetres}) and the frame takes the row's timestamp,
 * as RGB frames do. A code of 0 is depth_min, not "no depth": the quantiser cannot tell them apart.
 */
final class DepthVideoReader {

    private DepthVideoReader() {
    }

    static void read(LeRobotEpisode.VideoPart part, LeRobotInfo.DepthVideo depth, long[] timestamps,
                     EpisodeRecorder.DepthStreamWriter writer, Consumer<String> note) throws IOException {
        if (depth.width() <= 0 || depth.height() <= 0) {
            throw new ImportFormatException(part.display(), "depth video '" + depth.key() + "' has no width and "
                    + "height in info.json");
        }
        List<String> command = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-v", "error"));
        if (!part.whole()) {
            command.addAll(List.of("-ss", String.format(Locale.ROOT, "%.6f", part.fromSeconds()), "-t",
                    String.format(Locale.ROOT, "%.6f", part.toSeconds() - part.fromSeconds())));
        }
        command.addAll(List.of("-i", part.file().toString(), "-f", "rawvideo", "-pix_fmt", "gray12le", "-"));
        Path log = Files.createTempFile("touchstone-depth-", ".log");
        Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
        int pixels = depth.width() * depth.height();
        byte[] frame = new byte[pixels * 2];
        int frames = 0;
        try (InputStream in = process.getInputStream()) {
            while (in.readNBytes(frame, 0, frame.length) == frame.length) {
                if (frames < timestamps.length) {
                    short[] values = new short[pixels];
                    for (int i = 0; i < pixels; i++) {
                        int code = (frame[2 * i] & 0xff) | (frame[2 * i + 1] & 0xff) << 8;
                        values[i] = (short) Math.min(65535, Math.round(depth.millimetres(code)));
                    }
                    writer.append(timestamps[frames], values);
                }
                frames++;
            }
            if (!process.waitFor(30, TimeUnit.MINUTES) || process.exitValue() != 0) {
                String text = Files.readString(log).strip();
                throw new ImportFormatException(part.display(), "ffmpeg cannot decode depth video '" + depth.key()
                        + "': " + (text.length() > 300 ? text.substring(0, 300) : text));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while decoding " + part.display(), e);
        } finally {
            process.destroy();
            Files.deleteIfExists(log);
        }
        if (frames != timestamps.length) {
            note.accept(depth.key() + ": " + part.display() + " has " + frames + " depth frames for "
                    + timestamps.length + " rows; " + Math.min(frames, timestamps.length) + " were imported");
        }
    }
}
