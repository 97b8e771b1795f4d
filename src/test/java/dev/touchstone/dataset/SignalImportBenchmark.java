package dev.touchstone.dataset;

import dev.touchstone.dataset.signal.SignalChannel;
import dev.touchstone.dataset.signal.SignalWriter;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Measurement with a peer, not part of the suite: importing the same multi-channel samples (default 30 channels,
 * 1 kHz, 10 minutes) through {@link SignalWriter} (what the episode recorder does for a signal stream: raw columns
 * plus the min/max pyramid, written to a file and forced to disk) against PostgreSQL's {@code COPY ... FROM STDIN}
 * into a table {@code (t bigint, c0..cN real)} on an embedded PostgreSQL 18 (pgjdbc's CopyManager), both in text
 * and in binary format. Values are generated before timing, so both sides only import. Arguments: seconds, channels,
 * rounds.
 */
public final class SignalImportBenchmark {

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 600;
        int channels = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int samples = seconds * 1000;
        long period = 1_000_000L;
        float[] values = new float[samples * channels];
        Random random = new Random(42);
        for (int i = 0; i < samples; i++) {
            for (int c = 0; c < channels; c++) {
                values[i * channels + c] = (float) ((c + 1) * Math.sin(2 * Math.PI * 0.2 * (c + 1) * i / 1000.0)
                        + 0.01 * random.nextGaussian());
            }
        }
        List<SignalChannel> list = new ArrayList<>();
        StringBuilder columns = new StringBuilder("t bigint");
        for (int c = 0; c < channels; c++) {
            list.add(new SignalChannel("c" + c, ""));
            columns.append(", c").append(c).append(" real");
        }
        Path dir = Files.createTempDirectory("signal-import-bench-");
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
             Connection connection = postgres.getPostgresDatabase().getConnection()) {
            try (Statement s = connection.createStatement(); var rs = s.executeQuery("select version()")) {
                rs.next();
                System.out.println(rs.getString(1));
            }
            System.out.printf(Locale.ROOT, "%d samples x %d channels = %d values%n", samples, channels,
                    (long) samples * channels);
            double[] ours = new double[rounds];
            double[] text = new double[rounds];
            double[] binary = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                Path file = dir.resolve("signal-" + r + ".tssg");
                long start = System.nanoTime();
                try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                    try (SignalWriter writer = SignalWriter.create(out, list, SignalWriter.Options.DEFAULT)) {
                        float[] row = new float[channels];
                        for (int i = 0; i < samples; i++) {
                            System.arraycopy(values, i * channels, row, 0, channels);
                            writer.append(i * period, row);
                        }
                        writer.finish();
                    }
                    out.force(true);
                }
                ours[r] = (System.nanoTime() - start) / 1e9;
                long fileSize = Files.size(file);
                Files.delete(file);

                text[r] = copy(connection, columns.toString(), values, samples, channels, period, false);
                binary[r] = copy(connection, columns.toString(), values, samples, channels, period, true);
                System.out.printf(Locale.ROOT, "round %d: SignalWriter %.2f s (%.1f MiB file), COPY text %.2f s,"
                        + " COPY binary %.2f s%n", r + 1, ours[r], fileSize / 1048576.0, text[r], binary[r]);
            }
            double o = min(ours);
            double t = min(text);
            double b = min(binary);
            System.out.printf(Locale.ROOT, "best: SignalWriter %.2f s = %.1f M values/s; COPY text %.2f s; COPY binary"
                            + " %.2f s; throughput vs COPY text %.2fx, vs COPY binary %.2fx%n", o,
                    (double) samples * channels / o / 1e6, t, b, t / o, b / o);
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** One COPY into a fresh logged table, committed; returns seconds. */
    private static double copy(Connection connection, String columns, float[] values, int samples, int channels,
                               long period, boolean binary) throws Exception {
        try (Statement s = connection.createStatement()) {
            s.execute("drop table if exists samples");
            s.execute("create table samples (" + columns + ")");
        }
        long start = System.nanoTime();
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI()
                .copyIn("copy samples from stdin" + (binary ? " (format binary)" : ""));
        ByteBuffer buffer = ByteBuffer.allocate(1 << 16).order(ByteOrder.BIG_ENDIAN);
        if (binary) {
            buffer.put("PGCOPY\n\377\r\n\0".getBytes(StandardCharsets.ISO_8859_1)).putInt(0).putInt(0);
        }
        int rowBytes = binary ? 2 + 12 + 8 * channels : 0;
        StringBuilder line = new StringBuilder(16 * channels);
        for (int i = 0; i < samples; i++) {
            if (binary) {
                if (buffer.remaining() < rowBytes) {
                    flush(copy, buffer);
                }
                buffer.putShort((short) (channels + 1)).putInt(8).putLong(i * period);
                for (int c = 0; c < channels; c++) {
                    buffer.putInt(4).putFloat(values[i * channels + c]);
                }
            } else {
                line.setLength(0);
                line.append(i * period);
                for (int c = 0; c < channels; c++) {
                    line.append('\t').append(values[i * channels + c]);
                }
                line.append('\n');
                byte[] bytes = line.toString().getBytes(StandardCharsets.US_ASCII);
                if (buffer.remaining() < bytes.length) {
                    flush(copy, buffer);
                }
                buffer.put(bytes);
            }
        }
        if (binary) {
            if (buffer.remaining() < 2) {
                flush(copy, buffer);
            }
            buffer.putShort((short) -1);
        }
        flush(copy, buffer);
        long rows = copy.endCopy();
        if (!connection.getAutoCommit()) {
            connection.commit();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        if (rows != samples) {
            throw new AssertionError("COPY stored " + rows + " rows of " + samples);
        }
        return elapsed;
    }

    private static void flush(CopyIn copy, ByteBuffer buffer) throws Exception {
        copy.writeToCopy(buffer.array(), 0, buffer.position());
        buffer.clear();
    }

    private static double min(double[] values) {
        double m = Double.MAX_VALUE;
        for (double v : values) {
            m = Math.min(m, v);
        }
        return m;
    }
}
