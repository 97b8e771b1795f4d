package dev.touchstone.media;

import dev.touchstone.InMemoryChannel;

import dev.touchstone.dataset.signal.SignalChannel;
import dev.touchstone.dataset.signal.SignalReader;
import dev.touchstone.dataset.signal.SignalWindow;
import dev.touchstone.dataset.signal.SignalWriter;
import dev.touchstone.storage.BlobNotFoundException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BlobChannelTest {

    private final BytesBlobStore blobs = new BytesBlobStore();

    private byte[] store(String key, int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (i * 31 + 7);
        }
        blobs.put(key, new ByteArrayInputStream(bytes), length);
        return bytes;
    }

    @Test
    void smallNeighbouringReadsAreServedFromOneRangedRead() throws Exception {
        byte[] bytes = store("o/b", 10_000);
        BlobChannel channel = BlobChannel.open(blobs, "o/b", 4096, 2);
        ByteBuffer dst = ByteBuffer.allocate(100);
        for (int at = 0; at < 4000; at += 100) {
            dst.clear();
            channel.position(at);
            assertThat(channel.read(dst)).isEqualTo(100);
            assertThat(dst.array()).isEqualTo(java.util.Arrays.copyOfRange(bytes, at, at + 100));
        }
        assertThat(channel.rangeReads()).isEqualTo(1);
        // A read crossing a page boundary is served whole, from the two pages.
        channel.position(4050);
        dst.clear();
        assertThat(channel.read(dst)).isEqualTo(100);
        assertThat(channel.rangeReads()).isEqualTo(2);
        assertThat(dst.array()).isEqualTo(java.util.Arrays.copyOfRange(bytes, 4050, 4150));
        // Coming back to a cached page costs nothing; a third page replaces the least recently used one.
        channel.position(10);
        dst.clear();
        channel.read(dst);
        assertThat(channel.rangeReads()).isEqualTo(2);
        channel.position(9000);
        dst.clear();
        assertThat(channel.read(dst)).isEqualTo(100);
        assertThat(channel.rangeReads()).isEqualTo(3);
        channel.position(0);
        dst.clear();
        channel.read(dst);
        assertThat(channel.rangeReads()).as("page 0 was used more recently than page 1").isEqualTo(3);
        channel.position(5000);
        dst.clear();
        channel.read(dst);
        assertThat(channel.rangeReads()).isEqualTo(4);
        assertThat(dst.array()).isEqualTo(java.util.Arrays.copyOfRange(bytes, 5000, 5100));
    }

    @Test
    void readsLargerThanTheBufferGoStraightToTheDestinationAndTheEndIsReported() throws Exception {
        byte[] bytes = store("o/big", 50_000);
        BlobChannel channel = BlobChannel.open(blobs, "o/big", 1024, 4);
        ByteBuffer all = ByteBuffer.allocate(60_000);
        while (channel.read(all) > 0) {
            // until the end
        }
        assertThat(all.position()).isEqualTo(50_000);
        assertThat(java.util.Arrays.copyOf(all.array(), 50_000)).isEqualTo(bytes);
        assertThat(channel.size()).isEqualTo(50_000);
        assertThat(channel.read(ByteBuffer.allocate(1))).isEqualTo(-1);
        channel.position(1_000_000);
        assertThat(channel.read(ByteBuffer.allocate(1))).isEqualTo(-1);
    }

    @Test
    void theChannelIsReadOnlyAndTheBlobMustExist() {
        store("o/x", 10);
        SeekableByteChannel channel = BlobChannel.open(blobs, "o/x");
        assertThatThrownBy(() -> channel.write(ByteBuffer.allocate(1))).isInstanceOf(NonWritableChannelException.class);
        assertThatThrownBy(() -> channel.truncate(0)).isInstanceOf(NonWritableChannelException.class);
        assertThatThrownBy(() -> BlobChannel.open(blobs, "o/none")).isInstanceOf(BlobNotFoundException.class);
    }

    @Test
    void aSignalReaderOverABlobAnswersLikeOneOverTheBytes() throws Exception {
        List<SignalChannel> channels = new ArrayList<>();
        for (int c = 0; c < 8; c++) {
            channels.add(new SignalChannel("c" + c, ""));
        }
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        try (SignalWriter writer = SignalWriter.create(file, channels, SignalWriter.Options.DEFAULT)) {
            float[] row = new float[8];
            for (int i = 0; i < 100_000; i++) {
                for (int c = 0; c < 8; c++) {
                    row[c] = (float) Math.sin(i * 0.001 * (c + 1));
                }
                writer.append(i * 1_000_000L, row);
            }
            writer.finish();
        }
        blobs.put("o/signal", new ByteArrayInputStream(file.toByteArray()), file.size());
        SignalReader overBlob = SignalReader.open(BlobChannel.open(blobs, "o/signal"));
        SignalReader overBytes = SignalReader.open(new InMemoryChannel(file.toByteArray()));
        SignalWindow a = overBlob.window(12_345_000_000L, 87_654_000_000L, 1000, 0, 3, 7);
        SignalWindow b = overBytes.window(12_345_000_000L, 87_654_000_000L, 1000, 0, 3, 7);
        assertThat(a.tStart()).isEqualTo(b.tStart());
        assertThat(a.min()).isDeepEqualTo(b.min());
        assertThat(a.max()).isDeepEqualTo(b.max());
        BlobChannel counted = BlobChannel.open(blobs, "o/signal");
        SignalReader.open(counted).window(0, 99_999_000_000L, 1000, 5);
        // The pages are the point of the channel: a one-channel window costs a handful of store requests.
        assertThat(counted.rangeReads()).isLessThan(20);
    }

}
