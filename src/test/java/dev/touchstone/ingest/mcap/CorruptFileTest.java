package dev.touchstone.ingest.mcap;

import dev.touchstone.InMemoryChannel;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Damaged files must fail with a {@link McapException} whose message names the file and says what is wrong, and
 * must never hang, run out of memory or escape as some other exception.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CorruptFileTest {

    /** Chunk record layout: 9-byte prefix, then start, end, uncompressed_size (at +25), crc, compression... */
    private static final int CHUNK_UNCOMPRESSED_SIZE = 9 + 8 + 8;

    @TempDir
    Path folder;

    @Test
    void aTruncatedFileSaysSo() throws IOException {
        byte[] whole = indexed("").toBytes();
        Path path = write(Arrays.copyOf(whole, whole.length / 2));
        assertThatThrownBy(() -> McapFile.open(path))
                .isInstanceOf(McapException.class)
                .hasMessage(path + ": does not end with the MCAP magic bytes: the file is truncated or its writer "
                        + "did not finish it (" + whole.length / 2 + " bytes)");
        // The record level reads what is there and then says where the file stops making sense.
        assertThatThrownBy(() -> readAllRecords(path))
                .isInstanceOf(McapException.class)
                .hasMessageStartingWith(path + ": ")
                .hasMessageContaining("runs past the end of the file");
    }

    @Test
    void anEmptyOrTinyFileIsNotAnMcapFile() throws IOException {
        Path empty = write(new byte[0]);
        assertThatThrownBy(() -> McapFile.open(empty)).isInstanceOf(McapException.class)
                .hasMessage(empty + ": is 0 bytes long, too short to be an MCAP file");
        Path magicOnly = write(McapRecordReader.MAGIC);
        assertThatThrownBy(() -> McapFile.open(magicOnly)).isInstanceOf(McapException.class)
                .hasMessageContaining("does not end with the MCAP magic bytes");
    }

    @Test
    void aFileWithoutTheMagicIsNotAnMcapFile() throws IOException {
        Path png = write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 0});
        assertThatThrownBy(() -> McapFile.open(png)).isInstanceOf(McapException.class)
                .hasMessage(png + ": is not an MCAP file: it does not start with the MCAP magic bytes (it starts "
                        + "with 89504e470d0a1a0a)");
        byte[] nextVersion = indexed("").toBytes();
        nextVersion[5] = '1';
        Path future = write(nextVersion);
        assertThatThrownBy(() -> McapFile.open(future)).isInstanceOf(McapException.class)
                .hasMessage(future + ": is MCAP major version '1'; this reader supports version 0");
    }

    @Test
    void aChunkWhoseDataDoesNotMatchItsCrcIsNamed() throws IOException {
        McapTestWriter writer = indexed("");
        byte[] bytes = writer.toBytes();
        long chunk = writer.chunkOffsets.get(1);
        bytes[(int) chunk + 120] ^= 0x40;
        Path path = write(bytes);
        try (McapFile file = McapFile.open(path)) {
            // The summary is intact, so opening works; reading the damaged chunk does not.
            assertThat(file.summary().messageCount()).isEqualTo(20);
            Throwable error = catchThrowable(() -> file.messages().toList());
            assertThat(error).isInstanceOf(McapException.class)
                    .hasMessageMatching(java.util.regex.Pattern.quote(path + ": Chunk record at offset " + chunk
                            + ": CRC mismatch: the chunk records 0x") + "[0-9a-f]{8} but its data gives 0x[0-9a-f]{8}");
            assertThat(((McapException) error).offset()).isEqualTo(chunk);
            assertThat(((McapException) error).file()).isEqualTo(path.toString());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"zstd", "lz4"})
    void aDamagedCompressedChunkIsNamed(String compression) throws IOException {
        McapTestWriter writer = indexed(compression);
        byte[] bytes = writer.toBytes();
        long chunk = writer.chunkOffsets.get(0);
        int recordsStart = (int) chunk + 9 + 8 + 8 + 8 + 4 + 4 + compression.length() + 8;
        Random random = new Random(7);
        for (int i = recordsStart + 6; i < writer.chunkOffsets.get(1) - 40; i++) {
            bytes[i] = (byte) random.nextInt();
        }
        Path path = write(bytes);
        try (McapFile file = McapFile.open(path)) {
            assertThatThrownBy(() -> file.messages().toList())
                    .isInstanceOf(McapException.class)
                    .hasMessageStartingWith(path + ": Chunk record at offset " + chunk + ": ")
                    .message().satisfiesAnyOf(
                            message -> assertThat(message).contains(compression + " data is corrupt"),
                            message -> assertThat(message).contains(compression + " data decompresses to"),
                            message -> assertThat(message).contains("CRC mismatch"));
        }
    }

    @Test
    void aChunkLongerThanTheFileIsNamed() throws IOException {
        McapTestWriter writer = indexed("zstd");
        writer.summary = false;
        byte[] bytes = writer.toBytes();
        long chunk = writer.chunkOffsets.get(2);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong((int) chunk + 1, 1L << 40);
        Path path = write(bytes);
        assertThatThrownBy(() -> McapFile.open(path))
                .isInstanceOf(McapException.class)
                .hasMessageStartingWith(path + ": Chunk record at offset " + chunk + ": record length 1099511627776 "
                        + "runs past the end of the data section at offset ");
    }

    @Test
    void aChunkIndexPointingPastTheDataSectionIsNamed() throws IOException {
        McapTestWriter writer = indexed("");
        writer.crcs = false;
        byte[] bytes = writer.toBytes();
        // The first ChunkIndex record follows the Schema, Channel and Statistics groups; find it by its opcode
        // and the chunk offset it holds.
        int at = findChunkIndex(bytes, writer);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(at + 9 + 24, 1L << 30);
        Path path = write(bytes);
        try (McapFile file = McapFile.open(path)) {
            assertThatThrownBy(() -> file.messages().toList())
                    .isInstanceOf(McapException.class)
                    .hasMessage(path + ": the chunk index places a chunk of 1073741824 bytes at offset "
                            + writer.chunkOffsets.getFirst() + ", outside the data section (offsets 8 to "
                            + writer.summaryStart + ")");
        }
    }

    @Test
    void aChunkThatClaimsAnAbsurdUncompressedSizeIsRefusedBeforeAllocating() throws IOException {
        McapTestWriter writer = indexed("zstd");
        byte[] bytes = writer.toBytes();
        long chunk = writer.chunkOffsets.getFirst();
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong((int) chunk + CHUNK_UNCOMPRESSED_SIZE,
                1L << 40);
        Path path = write(bytes);
        try (McapFile file = McapFile.open(path)) {
            assertThatThrownBy(() -> file.messages().toList())
                    .isInstanceOf(McapException.class)
                    .hasMessage(path + ": Chunk record at offset " + chunk + ": chunk declares 1099511627776 "
                            + "uncompressed bytes, more than the 1073741824 this reader holds in memory at once");
        }
    }

    @Test
    void aChunkThatDecompressesToLessThanItDeclaresIsRefused() throws IOException {
        McapTestWriter writer = indexed("lz4");
        byte[] bytes = writer.toBytes();
        long chunk = writer.chunkOffsets.getFirst();
        ByteBuffer sizes = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long actual = sizes.getLong((int) chunk + CHUNK_UNCOMPRESSED_SIZE);
        sizes.putLong((int) chunk + CHUNK_UNCOMPRESSED_SIZE, actual + 1000);
        Path path = write(bytes);
        try (McapFile file = McapFile.open(path)) {
            assertThatThrownBy(() -> file.messages().toList())
                    .isInstanceOf(McapException.class)
                    .hasMessage(path + ": Chunk record at offset " + chunk + ": lz4 data decompresses to " + actual
                            + " bytes but the chunk declares " + (actual + 1000));
        }
    }

    @Test
    void aDamagedDataSectionFailsItsCrc() throws IOException {
        McapTestWriter writer = indexed("zstd");
        writer.summary = false;
        byte[] bytes = writer.toBytes();
        // A byte of the Header's library string: nothing but the data section CRC covers it.
        bytes[8 + 9 + 4 + 4 + 4 + 3] = 'X';
        Path path = write(bytes);
        assertThatThrownBy(() -> McapFile.open(path))
                .isInstanceOf(McapException.class)
                .hasMessageStartingWith(path + ": DataEnd record at offset " + writer.dataEndOffset
                        + ": data section CRC mismatch: the file records 0x");
        assertThatThrownBy(() -> readAllRecords(path))
                .isInstanceOf(McapException.class)
                .hasMessageContaining("DataEnd record at offset " + writer.dataEndOffset);
    }

    @Test
    void aDamagedSummaryFailsItsCrc() throws IOException {
        McapTestWriter writer = indexed("");
        byte[] bytes = writer.toBytes();
        bytes[(int) writer.summaryStart + 20] ^= 1;
        Path path = write(bytes);
        assertThatThrownBy(() -> McapFile.open(path))
                .isInstanceOf(McapException.class)
                .hasMessageStartingWith(path + ": Footer record at offset " + writer.footerOffset
                        + ": summary CRC mismatch: the footer records 0x");
    }

    @Test
    void aMessageOnAnUndefinedChannelIsNamed() throws IOException {
        McapTestWriter writer = new McapTestWriter();
        writer.summary = false;
        writer.schema(1, "sensor_msgs/msg/JointState", "ros2msg", RoundTripTest.JOINT_STATE_SCHEMA)
                .channel(1, 1, "/a", "cdr").message(1, 1, new byte[4]).message(9, 2, new byte[4]);
        Path path = write(writer.toBytes());
        assertThatThrownBy(() -> McapFile.open(path))
                .isInstanceOf(McapException.class)
                .hasMessageMatching(java.util.regex.Pattern.quote(path + ": Message record at offset ")
                        + "\\d+ of the uncompressed data of the Chunk record at offset " + writer.chunkOffsets.get(0)
                        + ": message refers to channel 9, which no Channel record before it defines");
    }

    @Test
    void opcodeZeroIsNotARecord() throws IOException {
        McapTestWriter writer = indexed("");
        writer.summary = false;
        byte[] bytes = writer.toBytes();
        long chunk = writer.chunkOffsets.get(1);
        bytes[(int) chunk] = 0;
        Path path = write(bytes);
        assertThatThrownBy(() -> McapFile.open(path))
                .isInstanceOf(McapException.class)
                .hasMessage(path + ": unknown (opcode 0x00) record at offset " + chunk
                        + ": opcode 0 is not a valid record type (the file is corrupt here)");
    }

    /**
     * Cuts a file at every length and flips bytes everywhere: each damaged file either still reads or fails with
     * an {@link McapException} naming the file; no other exception, no hang.
     */
    @ParameterizedTest
    @ValueSource(strings = {"", "zstd", "lz4"})
    void everyTruncationAndEveryFlippedByteFailsCleanly(String compression) {
        for (boolean summary : new boolean[] {true, false}) {
            for (boolean crcs : new boolean[] {true, false}) {
                McapTestWriter writer = new McapTestWriter();
                writer.compression = compression;
                writer.summary = summary;
                writer.crcs = crcs;
                writer.chunkSize = 2;
                writer.schema(1, "sensor_msgs/msg/JointState", "ros2msg", "string[] name")
                        .channel(1, 1, "/a", "cdr").channel(2, 1, "/b", "cdr");
                for (int i = 0; i < 5; i++) {
                    writer.message(1 + i % 2, 10 - i, RoundTripTest.jointState(i, "j"));
                }
                writer.attachment("a.txt", new byte[] {1, 2, 3});
                byte[] original = writer.toBytes();
                for (int length = 0; length < original.length; length++) {
                    readEverything(Arrays.copyOf(original, length));
                }
                for (int i = 0; i < original.length; i++) {
                    for (int flip : new int[] {0x01, 0x80}) {
                        byte[] damaged = original.clone();
                        damaged[i] ^= (byte) flip;
                        readEverything(damaged);
                    }
                }
            }
        }
    }

    private static void readEverything(byte[] bytes) {
        String name = "damaged-" + bytes.length + ".mcap";
        try (McapFile file = McapFile.open(new InMemoryChannel(bytes), name)) {
            file.messages().forEach(message -> {
            });
            file.messages(MessageQuery.all().inOrder(MessageOrder.FILE)).forEach(message -> {
            });
            file.verify();
        } catch (McapException expected) {
            assertThat(expected.getMessage()).startsWith(name + ": ");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        try (McapRecordReader reader = McapRecordReader.of(new InMemoryChannel(bytes), name)) {
            for (McapRecord record = reader.next(); record != null; record = reader.next()) {
                if (record instanceof McapRecord.Chunk chunk) {
                    reader.chunkRecords(chunk, reader.offset());
                }
            }
        } catch (McapException expected) {
            assertThat(expected.getMessage()).startsWith(name + ": ");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void readAllRecords(Path path) throws IOException {
        try (McapRecordReader reader = McapRecordReader.open(path)) {
            for (McapRecord record = reader.next(); record != null; record = reader.next()) {
                if (record instanceof McapRecord.Chunk chunk) {
                    reader.chunkRecords(chunk, reader.offset());
                }
            }
        }
    }

    private static McapTestWriter indexed(String compression) {
        McapTestWriter writer = RoundTripTest.twoArms(new McapTestWriter());
        writer.compression = compression;
        return writer;
    }

    private static int findChunkIndex(byte[] bytes, McapTestWriter writer) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int at = (int) writer.summaryStart;
        while (at < writer.footerOffset) {
            if (bytes[at] == 0x08 && buffer.getLong(at + 9 + 16) == writer.chunkOffsets.getFirst()) {
                return at;
            }
            at += 9 + (int) buffer.getLong(at + 1);
        }
        throw new AssertionError("no chunk index in the summary");
    }

    private Path write(byte[] bytes) throws IOException {
        Path path = Files.createTempFile(folder, "damaged", ".mcap");
        Files.write(path, bytes);
        return path;
    }
}
