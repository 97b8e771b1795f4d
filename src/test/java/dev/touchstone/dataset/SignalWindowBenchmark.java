package dev.touchstone.dataset;

import dev.touchstone.FormSignIn;
import dev.touchstone.SignIn;
import dev.touchstone.TouchstoneSpringTest;
import dev.touchstone.dataset.signal.SignalChannel;
import dev.touchstone.dataset.signal.SignalReader;
import dev.touchstone.dataset.signal.SignalSamples;
import dev.touchstone.dataset.signal.SignalWindow;
import dev.touchstone.dataset.signal.SignalWindowEncoder;
import dev.touchstone.media.BlobChannel;
import dev.touchstone.organization.CurrentOrganization;
import dev.touchstone.storage.BlobStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Measurement with a peer, not part of the suite (surefire only picks up *Test): server time of signal windows for
 * the player. A 64-channel, 1 kHz, 10-minute signal is recorded through the real recorder into the real blob store,
 * then 1000-pixel windows at random positions and zoom levels (10 ms .. 10 min, log-uniform) are asked for through
 * the HTTP endpoint (sign-in, access check, cached reader, encoding, transfer) and in-process (cached reader over a
 * blob channel + encoding). Peer: the same windows computed naively, by scanning the raw samples of the window and
 * taking min/max per pixel column. Run: see docs/benchmarks.md.
 */
@TouchstoneSpringTest
class SignalWindowBenchmark {

    static final int CHANNELS = Integer.getInteger("bench.channels", 64);
    static final int SECONDS = Integer.getInteger("bench.seconds", 600);
    static final int RATE = 1000;
    static final int WIDTH = 1000;
    static final int REQUESTS = Integer.getInteger("bench.requests", 500);
    static final int PEER_WINDOWS = Integer.getInteger("bench.peerWindows", 40);
    static final long PERIOD = 1_000_000_000L / RATE;

    @LocalServerPort
    int port;
    @Autowired
    SignIn signIn;
    @Autowired
    DatasetService datasets;
    @Autowired
    CurrentOrganization current;
    @Autowired
    EpisodeStore episodes;
    @Autowired
    BlobStore blobs;

    @Test
    void windows() throws Exception {
        long samples = (long) SECONDS * RATE;
        signIn.as("pm@acme.test");
        StoredStream stored;
        long recordStart = System.nanoTime();
        try {
            UUID dataset = datasets.create("window-benchmark-" + UUID.randomUUID(), "").id();
            List<SignalChannel> channels = new ArrayList<>();
            for (int c = 0; c < CHANNELS; c++) {
                channels.add(new SignalChannel("joint_" + c, "rad"));
            }
            EpisodeSummary summary;
            try (EpisodeRecorder recorder = episodes.record(current.id(), dataset, null)) {
                recorder.describe(EpisodeDescription.of("benchmark", "synthetic", "benchmark"));
                var writer = recorder.signal("joints", StreamSource.of("synthetic"), channels);
                Random random = new Random(42);
                float[] row = new float[CHANNELS];
                for (long i = 0; i < samples; i++) {
                    double s = i / (double) RATE;
                    for (int c = 0; c < CHANNELS; c++) {
                        row[c] = (float) ((c + 1) * Math.sin(2 * Math.PI * 0.2 * (c + 1) * s)
                                + 0.01 * random.nextGaussian());
                    }
                    writer.append(i * PERIOD, row);
                }
                summary = recorder.commit();
            }
            stored = datasets.storedStream(summary.streams().getFirst().id()).orElseThrow();
        } finally {
            signIn.out();
        }
        System.out.printf(Locale.ROOT, "recorded %d samples x %d channels in %.1f s, blob %.1f MiB%n", samples,
                CHANNELS, (System.nanoTime() - recordStart) / 1e9,
                blobs.info(stored.blobKey()).orElseThrow().size() / 1048576.0);

        long end = (samples - 1) * PERIOD;
        Random random = new Random(7);
        long[][] windows = new long[REQUESTS][];
        for (int i = 0; i < REQUESTS; i++) {
            double span = Math.exp(Math.log(10e6) + random.nextDouble() * (Math.log(end) - Math.log(10e6)));
            long t0 = (long) (random.nextDouble() * (end - span));
            windows[i] = new long[] {t0, t0 + (long) span};
        }

        HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        HttpResponse<Void> login = http.send(FormSignIn.open(http, uri("/login"))
                .post("pm@acme.test", "touchstone-demo").build(), HttpResponse.BodyHandlers.discarding());
        assertThat(login.statusCode()).isEqualTo(302);

        for (String channels : new String[] {"", "0,1,2,3"}) {
            String label = channels.isEmpty() ? CHANNELS + " channels" : "4 channels";
            for (int i = 0; i < 50; i++) {
                httpWindow(http, stored, windows[i], channels);
            }
            long[] times = new long[REQUESTS];
            long bytes = 0;
            for (int i = 0; i < REQUESTS; i++) {
                long start = System.nanoTime();
                bytes += httpWindow(http, stored, windows[i], channels);
                times[i] = System.nanoTime() - start;
            }
            report("HTTP, " + label, times, bytes);
        }

        SignalReader reader = SignalReader.open(BlobChannel.open(blobs, stored.blobKey()));
        int[] all = new int[0];
        for (int i = 0; i < 50; i++) {
            SignalWindowEncoder.encode(reader.window(windows[i][0], windows[i][1], WIDTH, all));
        }
        long[] times = new long[REQUESTS];
        long bytes = 0;
        for (int i = 0; i < REQUESTS; i++) {
            long start = System.nanoTime();
            bytes += SignalWindowEncoder.encode(reader.window(windows[i][0], windows[i][1], WIDTH, all)).remaining();
            times[i] = System.nanoTime() - start;
        }
        report("in-process, " + CHANNELS + " channels", times, bytes);

        // Peer and ours on the same windows, so the ratio compares like with like.
        long[] peer = new long[PEER_WINDOWS];
        long[] ours = new long[PEER_WINDOWS];
        for (int i = 0; i < PEER_WINDOWS; i++) {
            long start = System.nanoTime();
            float[][] naive = naiveWindow(reader, windows[i][0], windows[i][1]);
            peer[i] = System.nanoTime() - start;
            start = System.nanoTime();
            SignalWindow window = reader.window(windows[i][0], windows[i][1], WIDTH, all);
            SignalWindowEncoder.encode(window);
            ours[i] = System.nanoTime() - start;
            float lowest = Float.MAX_VALUE;
            for (float v : window.min()[CHANNELS - 1]) {
                lowest = Math.min(lowest, v);
            }
            // Both must find the same extreme, or the comparison is meaningless.
            assertThat(lowest).isEqualTo(naive[0][CHANNELS - 1]);
        }
        double peerMedian = percentile(peer, 50) / 1e6;
        double oursMedian = percentile(ours, 50) / 1e6;
        System.out.printf(Locale.ROOT, "peer (raw scan), %d windows, %d channels: p50 %.2f ms, p95 %.2f ms;"
                        + " ours on the same windows: p50 %.2f ms, p95 %.2f ms; ratio p50 %.0fx, p95 %.0fx%n",
                PEER_WINDOWS, CHANNELS, peerMedian, percentile(peer, 95) / 1e6, oursMedian,
                percentile(ours, 95) / 1e6, peerMedian / oursMedian,
                percentile(peer, 95) / (double) percentile(ours, 95));
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private long httpWindow(HttpClient http, StoredStream stream, long[] window, String channels) throws Exception {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(uri("/media/v1/streams/" + stream.id()
                + "/signal?t0=" + window[0] + "&t1=" + window[1] + "&width=" + WIDTH
                + (channels.isEmpty() ? "" : "&channels=" + channels))).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new AssertionError(response.statusCode() + " " + new String(response.body()));
        }
        return response.body().length;
    }

    /** Min/max per pixel column straight from the raw samples; returns {overall min per channel}. */
    private static float[][] naiveWindow(SignalReader reader, long t0, long t1) throws Exception {
        float[] overallMin = new float[CHANNELS];
        float[][] min = new float[CHANNELS][WIDTH];
        float[][] max = new float[CHANNELS][WIDTH];
        double perColumn = (t1 - t0 + 1) / (double) WIDTH;
        for (int c = 0; c < CHANNELS; c++) {
            Arrays.fill(min[c], Float.MAX_VALUE);
            Arrays.fill(max[c], -Float.MAX_VALUE);
            SignalSamples samples = reader.samples(t0, t1, c);
            long[] t = samples.timestamps();
            float[] v = samples.values();
            float lowest = Float.MAX_VALUE;
            for (int i = 0; i < t.length; i++) {
                int column = Math.min(WIDTH - 1, (int) ((t[i] - t0) / perColumn));
                min[c][column] = Math.min(min[c][column], v[i]);
                max[c][column] = Math.max(max[c][column], v[i]);
                lowest = Math.min(lowest, v[i]);
            }
            overallMin[c] = lowest;
        }
        return new float[][] {overallMin};
    }

    private static void report(String what, long[] times, long bytes) {
        System.out.printf(Locale.ROOT, "%s: %d windows of %d px, p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.2f ms,"
                        + " mean answer %.0f KiB%n", what, times.length, WIDTH, percentile(times, 50) / 1e6,
                percentile(times, 95) / 1e6, percentile(times, 99) / 1e6, percentile(times, 100) / 1e6,
                bytes / (double) times.length / 1024);
    }

    private static long percentile(long[] values, double p) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
