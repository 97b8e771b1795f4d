package dev.touchstone.dataset.signal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** A 10-minute, 1 kHz, 30-channel signal: windows read a small fraction of the file. */
class SignalBoundedReadTest {

    @Test
    void windowsReadOnlyWhatTheyNeed(@TempDir Path temp) throws IOException {
        int channels = 30;
        int samples = 600_000;
        List<SignalChannel> list = new ArrayList<>();
        for (int c = 0; c < channels; c++) {
            list.add(new SignalChannel("joint_" + c + "/position", "rad"));
        }
        Path file = temp.resolve("signal.tssg");
        SignalWriter.Summary summary;
        try (OutputStream out = Files.newOutputStream(file);
                SignalWriter writer = SignalWriter.create(out, list, new SignalWriter.Options(4096, 16, temp))) {
            float[] row = new float[channels];
            for (int i = 0; i < samples; i++) {
                for (int c = 0; c < channels; c++) {
                    row[c] = (float) Math.sin(i * 0.001 * (c + 1));
                }
                writer.append(i * 1_000_000L, row);
            }
            summary = writer.finish();
        }
        long size = Files.size(file);
        assertThat(summary.fileBytes()).isEqualTo(size);
        assertThat(summary.pyramidBytes()).isLessThan(summary.rawBytes() / 7);

        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            CountingChannel counting = new CountingChannel(channel);
            SignalReader reader = SignalReader.open(counting);
            assertThat(counting.bytesRead).as("opening reads the header only").isLessThan(4096);

            counting.reset();
            SignalWindow tiny = reader.window(300_000_000_000L, 300_050_000_000L, 1000, 7);
            assertThat(tiny.raw()).as("50 ms hold fewer samples than 2 x 1000 columns").isTrue();
            assertThat(tiny.size()).isEqualTo(51);
            assertThat(counting.bytesRead).as("50 ms of one channel").isLessThan(2_000);

            counting.reset();
            SignalWindow zoomed = reader.window(300_000_000_000L, 350_000_000_000L, 1000, 7);
            assertThat(zoomed.raw()).isFalse();
            assertThat(zoomed.level()).isEqualTo(1);
            assertThat(zoomed.size()).isBetween(1000, 2000);
            assertThat(counting.bytesRead).as("50 s of one channel at 1000 px").isLessThan(size / 500);

            counting.reset();
            SignalWindow full = reader.window(Long.MIN_VALUE, Long.MAX_VALUE, 1000, 7);
            assertThat(full.size()).isBetween(1000, 2000);
            assertThat(counting.bytesRead).as("whole episode, one channel").isLessThan(size / 500);

            counting.reset();
            SignalWindow allChannels = reader.window(Long.MIN_VALUE, Long.MAX_VALUE, 1000);
            assertThat(allChannels.channels()).hasSize(30);
            assertThat(counting.bytesRead).as("whole episode, all channels").isLessThan(size / 50);

            counting.reset();
            assertThat(reader.valueAt(123_456_789_012L, 3).orElseThrow().timestamp()).isEqualTo(123_456_000_000L);
            assertThat(counting.bytesRead).isLessThan(500);
        }
    }
}
