package dev.touchstone.dataset.signal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SignalWindowEncoderTest {

    @Test
    void encodesAnAlignedLittleEndianLayoutAndDecodesItBack() throws IOException {
        TestSignal signal = TestSignal.generate(10_000, 5, 1000, true, true, 5);
        SignalReader reader = SignalReader.open(new CountingChannel(signal.write(SignalWriter.Options.DEFAULT)));
        SignalWindow window = reader.window(Long.MIN_VALUE, Long.MAX_VALUE, 37, 4, 0, 2);
        int n = window.size();
        ByteBuffer encoded = SignalWindowEncoder.encode(window);
        assertThat(encoded.remaining()).isEqualTo(SignalWindowEncoder.encodedLength(window));
        assertThat(encoded.remaining() % 8).isZero();

        ByteBuffer le = encoded.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        assertThat(new byte[] {le.get(0), le.get(1), le.get(2), le.get(3)}).containsExactly('T', 'S', 'S', 'W');
        assertThat(le.getShort(4)).isEqualTo((short) 1);
        assertThat(le.getShort(6)).isEqualTo((short) 0); // not raw
        assertThat(le.getInt(8)).isEqualTo(n);
        assertThat(le.getInt(12)).isEqualTo(3);
        assertThat(le.getInt(16)).isEqualTo(window.level());
        assertThat(le.getInt(20)).isEqualTo(window.groupSize());
        assertThat(le.getLong(24)).isEqualTo(Long.MIN_VALUE);
        assertThat(le.getLong(32)).isEqualTo(Long.MAX_VALUE);
        // sections where the browser wraps typed arrays: i64 at multiples of 8, u32/f32 at multiples of 4
        int tStart = 40;
        int tEnd = tStart + 8 * n;
        int channels = tEnd + 8 * n;
        int floats = channels + 4 * 3;
        assertThat(tStart % 8).isZero();
        assertThat(tEnd % 8).isZero();
        assertThat(floats % 4).isZero();
        assertThat(le.getLong(tStart)).isEqualTo(window.tStart()[0]);
        assertThat(le.getLong(tEnd + 8 * (n - 1))).isEqualTo(window.tEnd()[n - 1]);
        assertThat(le.getInt(channels)).isEqualTo(4);
        assertThat(le.getFloat(floats)).isEqualTo(window.min()[0][0]);
        assertThat(le.getFloat(floats + 4 * n)).isEqualTo(window.max()[0][0]);
        assertThat(le.getFloat(floats + 8 * n + 4 * (n - 1))).isEqualTo(window.min()[1][n - 1]);

        SignalWindow back = SignalWindowEncoder.decode(encoded);
        assertThat(back.tStart()).isEqualTo(window.tStart());
        assertThat(back.tEnd()).isEqualTo(window.tEnd());
        assertThat(back.channels()).containsExactly(4, 0, 2);
        assertThat(back.min()).isDeepEqualTo(window.min());
        assertThat(back.max()).isDeepEqualTo(window.max());
        assertThat(back.level()).isEqualTo(window.level());
        assertThat(back.groupSize()).isEqualTo(window.groupSize());
    }

    @Test
    void rawAndEmptyWindows() throws IOException {
        TestSignal signal = TestSignal.generate(100, 1, 1000, false, false, 5);
        SignalReader reader = SignalReader.open(new CountingChannel(signal.write(SignalWriter.Options.DEFAULT)));
        ByteBuffer raw = SignalWindowEncoder.encode(reader.window(0, 10_000_000, 1000));
        assertThat(raw.duplicate().order(ByteOrder.LITTLE_ENDIAN).getShort(6)).isEqualTo((short) 1);
        assertThat(SignalWindowEncoder.decode(raw).size()).isEqualTo(11);
        ByteBuffer empty = SignalWindowEncoder.encode(reader.window(-5, -1, 1000));
        assertThat(empty.remaining()).isEqualTo(48); // header + one channel index + padding
        assertThat(SignalWindowEncoder.decode(empty).size()).isZero();
        ByteBuffer cut = SignalWindowEncoder.encode(reader.window(0, 10_000_000, 1000)).limit(60);
        assertThatThrownBy(() -> SignalWindowEncoder.decode(cut)).isInstanceOf(SignalFormatException.class);
    }
}
