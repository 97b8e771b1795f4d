package dev.touchstone.proposal;

import dev.touchstone.dataset.signal.SignalChannel;
import dev.touchstone.dataset.signal.SignalReader;
import dev.touchstone.dataset.signal.SignalWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StoredSignalsTest {

    @Test
    void scansEverySampleOnceInOrderAcrossReadWindows(@TempDir Path folder) throws IOException {
        // 7.3 s at 1 kHz of 2 channels: one read window now (2 s at least, and 2^18 values fit 131 s of it); the
        // dense stream below crosses windows.
        Path file = folder.resolve("s.tssg");
        int n = 7300;
        try (OutputStream out = Files.newOutputStream(file);
             SignalWriter writer = SignalWriter.create(out, List.of(new SignalChannel("a", ""),
                     new SignalChannel("b", "")))) {
            for (int i = 0; i < n; i++) {
                writer.append(i * 1_000_000L, i, i == 100 ? Float.NaN : -i);
            }
            writer.finish();
        }
        List<long[]> seen = new ArrayList<>();
        try (FileChannel channel = FileChannel.open(file)) {
            StoredSignals signals = new StoredSignals(Map.of("s", SignalReader.open(channel)));
            assertThat(signals.channels("s")).contains(List.of("a", "b"));
            assertThat(signals.channels("other")).isEqualTo(Optional.empty());
            signals.scan("s", new int[]{1, 0}, (t, values) -> {
                seen.add(new long[]{t, Float.isNaN(values[0]) ? Long.MIN_VALUE : (long) values[0], (long) values[1]});
            });
            assertThatThrownBy(() -> signals.scan("other", new int[]{0}, (t, v) -> { }))
                    .isInstanceOf(ProposerInputException.class).hasMessageContaining("'other'");
        }
        assertThat(seen).hasSize(n);
        for (int i = 0; i < n; i++) {
            assertThat(seen.get(i)[0]).isEqualTo(i * 1_000_000L);
            assertThat(seen.get(i)[2]).isEqualTo(i);
            assertThat(seen.get(i)[1]).isEqualTo(i == 100 ? Long.MIN_VALUE : -i);
        }
    }

    @Test
    void aDenseStreamIsReadInWindowsOfAboutTwoToTheEighteenValuesEverySampleOnce(@TempDir Path folder)
            throws IOException {
        // 64 channels at 1 kHz for 20 s: 2^18 / 64 = 4096 samples per window, so windows of 4.096 s, 5 reads, with
        // samples exactly on the window edges (4.096 s, 8.192 s, ...).
        int channels = 64;
        int n = 20_000;
        List<SignalChannel> names = new ArrayList<>();
        for (int c = 0; c < channels; c++) {
            names.add(new SignalChannel("c" + c, ""));
        }
        Path file = folder.resolve("dense.tssg");
        try (OutputStream out = Files.newOutputStream(file); SignalWriter writer = SignalWriter.create(out, names)) {
            float[] row = new float[channels];
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < channels; c++) {
                    row[c] = i + c / 100f;
                }
                writer.append(i * 1_000_000L, row);
            }
            writer.finish();
        }
        int[] all = new int[channels];
        for (int c = 0; c < channels; c++) {
            all[c] = c;
        }
        long[] count = {0};
        long[] previous = {-1};
        try (FileChannel channel = FileChannel.open(file)) {
            new StoredSignals(Map.of("d", SignalReader.open(channel))).scan("d", all, (t, values) -> {
                assertThat(t).isEqualTo(count[0] * 1_000_000L).isGreaterThan(previous[0]);
                assertThat(values[63]).isEqualTo(count[0] + 0.63f);
                previous[0] = t;
                count[0]++;
            });
        }
        assertThat(count[0]).isEqualTo(n);
        assertThat(StoredSignals.WINDOW_VALUES / channels * 1_000_000L).isGreaterThan(StoredSignals.WINDOW_NANOS);
    }
}
