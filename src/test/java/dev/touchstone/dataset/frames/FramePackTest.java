package dev.touchstone.dataset.frames;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FramePackTest {

    @TempDir
    Path dir;

    @Test
    void framesAreFoundByTimeAndReadBackByRange() throws IOException {
        Path data = dir.resolve("frames.bin");
        Path indexFile = dir.resolve("frames.tsfi");
        try (FramePackWriter writer = new FramePackWriter(data, indexFile)) {
            for (int i = 0; i < 50; i++) {
                byte[] frame = new byte[10 + i];
                Arrays.fill(frame, (byte) i);
                writer.append(100_000_000L * i + 7, frame);
            }
            writer.finish();
        }
        FrameIndex index;
        try (InputStream in = Files.newInputStream(indexFile)) {
            index = FrameIndex.read(in, "frames.tsfi");
        }
        assertThat(index.size()).isEqualTo(50);
        assertThat(index.frameAt(6)).as("before the first frame").isEqualTo(-1);
        assertThat(index.frameAt(7)).isZero();
        assertThat(index.frameAt(100_000_006L)).isZero();
        assertThat(index.frameAt(100_000_007L)).isEqualTo(1);
        assertThat(index.frameAt(Long.MAX_VALUE)).isEqualTo(49);
        byte[] all = Files.readAllBytes(data);
        int frame = index.frameAt(2_345_678_900L);
        assertThat(frame).isEqualTo(23);
        byte[] read = Arrays.copyOfRange(all, (int) index.offset(frame), (int) index.offset(frame) + index.length(frame));
        assertThat(read).hasSize(33).containsOnly((byte) 23);
    }

    @Test
    void timestampsMustIncrease() throws IOException {
        try (FramePackWriter writer = new FramePackWriter(dir.resolve("a"), dir.resolve("b"))) {
            writer.append(10, new byte[1]);
            assertThatThrownBy(() -> writer.append(10, new byte[1])).hasMessageContaining("not after");
        }
    }

    @Test
    void corruptIndexesAreRefusedWithTheirName() throws IOException {
        assertThatThrownBy(() -> FrameIndex.read(new ByteArrayInputStream(new byte[3]), "x.tsfi"))
                .hasMessageContaining("x.tsfi").hasMessageContaining("shorter");
        byte[] header = new byte[16];
        assertThatThrownBy(() -> FrameIndex.read(new ByteArrayInputStream(header), "x.tsfi"))
                .hasMessageContaining("bad magic");
        Path indexFile = dir.resolve("i.tsfi");
        try (FramePackWriter writer = new FramePackWriter(dir.resolve("d"), indexFile)) {
            writer.append(1, new byte[2]);
            writer.append(2, new byte[2]);
            writer.finish();
        }
        byte[] bytes = Files.readAllBytes(indexFile);
        byte[] truncated = Arrays.copyOf(bytes, bytes.length - 5);
        assertThatThrownBy(() -> FrameIndex.read(new ByteArrayInputStream(truncated), "i.tsfi"))
                .hasMessageContaining("truncated");
        byte[] huge = bytes.clone();
        huge[8] = (byte) 0xff;
        huge[9] = (byte) 0xff;
        huge[10] = (byte) 0xff;
        huge[11] = (byte) 0x7f;
        assertThatThrownBy(() -> FrameIndex.read(new ByteArrayInputStream(huge), "i.tsfi"))
                .hasMessageContaining("claims");
    }

    @Test
    void depthFramesRoundTripAllSixteenBits() throws IOException {
        short[] depth = new short[64 * 48];
        for (int i = 0; i < depth.length; i++) {
            depth[i] = (short) (i * 37 % 65536);
        }
        depth[5] = (short) 0xffff;
        byte[] encoded = DepthFrames.encode(123_456_789L, 64, 48, depth);
        DepthFrames.DepthFrame decoded = DepthFrames.decode(encoded, "d");
        assertThat(decoded.timestampNanos()).isEqualTo(123_456_789L);
        assertThat(decoded.width()).isEqualTo(64);
        assertThat(decoded.depth()).containsExactly(depth);
        assertThat(Short.toUnsignedInt(decoded.depth()[5])).isEqualTo(65535);
        byte[] cut = Arrays.copyOf(encoded, encoded.length - 10);
        assertThatThrownBy(() -> DepthFrames.decode(cut, "cut.tsdp")).hasMessageContaining("cut.tsdp");
        assertThatThrownBy(() -> DepthFrames.encode(0, 2, 2, new short[3])).hasMessageContaining("expected");
    }
}
