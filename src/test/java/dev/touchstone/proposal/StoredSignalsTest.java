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
        // 7.3 s at 1 kHz: several 2 s read windows, one sample exactly on a window edge (t = 2 s).
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
}
