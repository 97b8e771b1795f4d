package dev.touchstone.media.api;

import dev.touchstone.FormSignIn;
import dev.touchstone.SignIn;
import dev.touchstone.TouchstoneSpringTest;
import dev.touchstone.dataset.DatasetService;
import dev.touchstone.dataset.DepthFormat;
import dev.touchstone.dataset.EpisodeDescription;
import dev.touchstone.dataset.EpisodeRecorder;
import dev.touchstone.dataset.EpisodeStore;
import dev.touchstone.dataset.EpisodeSummary;
import dev.touchstone.dataset.StreamInfo;
import dev.touchstone.dataset.StreamSource;
import dev.touchstone.dataset.TactileLayout;
import dev.touchstone.dataset.frames.DepthFrames;
import dev.touchstone.dataset.pointcloud.PointCloud;
import dev.touchstone.dataset.pointcloud.PointCloudFrame;
import dev.touchstone.dataset.signal.SignalChannel;
import dev.touchstone.dataset.signal.SignalWindow;
import dev.touchstone.dataset.signal.SignalWindowEncoder;
import dev.touchstone.organization.CurrentOrganization;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The media endpoints through real HTTP against an episode recorded the way importers record one: sign-in by form,
 * session cookie, bytes decoded with the same decoders the formats define.
 */
@TouchstoneSpringTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MediaApiTest {

    static final long MS = 1_000_000L;
    static final int SIGNAL_SAMPLES = 20_000; // 20 s at 1 kHz
    static final long CLOUD_START = 10 * MS;

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
    MediaReaders readers;

    private final Map<String, Client> clients = new HashMap<>();
    private String signal;
    private String tactile;
    private String cloud;
    private String depth;

    @BeforeAll
    void recordAnEpisode() throws Exception {
        signIn.as("pm@acme.test");
        try {
            UUID dataset = datasets.create("media-api-" + UUID.randomUUID(), "media endpoint test").id();
            EpisodeSummary summary;
            try (EpisodeRecorder recorder = episodes.record(current.id(), dataset, null)) {
                recorder.describe(EpisodeDescription.of("media test", "synthetic", "test"));
                var s = recorder.signal("joints", StreamSource.of("synthetic"), List.of(
                        new SignalChannel("up", "1"), new SignalChannel("down", "1"), new SignalChannel("flat", "1")));
                for (int i = 0; i < SIGNAL_SAMPLES; i++) {
                    s.append(i * MS, (float) i, (float) -i, 7f);
                }
                var t = recorder.tactile("fingertip", StreamSource.of("synthetic"),
                        List.of(new SignalChannel("t0", "N"), new SignalChannel("t1", "N"),
                                new SignalChannel("t2", "N"), new SignalChannel("t3", "N")),
                        new TactileLayout(List.of(new TactileLayout.Pad("index", 2, 2))));
                for (int j = 0; j < 20; j++) {
                    t.append(j * 100 * MS, 10f * j, 10f * j + 1, 10f * j + 2, 10f * j + 3);
                }
                var c = recorder.pointCloud("lidar", StreamSource.of("synthetic"));
                for (int f = 0; f < 5; f++) {
                    float[] xyz = new float[3 * (f + 1)];
                    Arrays.fill(xyz, f);
                    c.append(CLOUD_START + f * 100 * MS, PointCloud.of(xyz, null, null, List.of("x", "y", "z"), 0));
                }
                var d = recorder.depth("depth", StreamSource.of("synthetic"),
                        new DepthFormat(4, 3, 0.001, 0, 0, 0, 0));
                for (int f = 0; f < 3; f++) {
                    short[] pixels = new short[12];
                    Arrays.fill(pixels, (short) (1000 + f));
                    d.append(f * 50 * MS, pixels);
                }
                summary = recorder.commit();
            }
            for (StreamInfo stream : summary.streams()) {
                switch (stream.kind()) {
                    case SIGNAL -> signal = stream.id().toString();
                    case TACTILE -> tactile = stream.id().toString();
                    case POINTCLOUD -> cloud = stream.id().toString();
                    case DEPTH -> depth = stream.id().toString();
                    default -> throw new AssertionError(stream.kind());
                }
            }
        } finally {
            signIn.out();
        }
    }

    @AfterAll
    void signOut() {
        signIn.out();
    }

    @Test
    void aSignalWindowDecodesToTheExactEnvelope() throws Exception {
        HttpResponse<byte[]> response = as("pm@acme.test").get(
                "/media/v1/streams/" + signal + "/signal?t0=0&t1=" + (SIGNAL_SAMPLES - 1) * MS + "&width=100");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/octet-stream");
        assertThat(response.headers().firstValue("Cache-Control").orElseThrow()).contains("private");
        SignalWindow window = SignalWindowEncoder.decode(ByteBuffer.wrap(response.body()));
        assertThat(window.channels()).containsExactly(0, 1, 2);
        assertThat(window.size()).isBetween(100, 200);
        assertThat(window.tStart()[0]).isZero();
        assertThat(window.tEnd()[window.size() - 1]).isEqualTo((SIGNAL_SAMPLES - 1) * MS);
        // Channel 0 rises, so the envelope's extremes are the first and last sample, and every bucket is ordered.
        assertThat(window.min()[0][0]).isEqualTo(0f);
        assertThat(window.max()[0][window.size() - 1]).isEqualTo(SIGNAL_SAMPLES - 1f);
        assertThat(window.min()[1][window.size() - 1]).isEqualTo(-(SIGNAL_SAMPLES - 1f));
        for (int i = 0; i < window.size(); i++) {
            assertThat(window.min()[2][i]).isEqualTo(7f);
            assertThat(window.max()[2][i]).isEqualTo(7f);
            assertThat(window.min()[0][i]).isEqualTo((float) (window.tStart()[i] / MS));
            assertThat(window.max()[0][i]).isEqualTo((float) (window.tEnd()[i] / MS));
        }
    }

    @Test
    void aZoomedWindowOfChosenChannelsGivesRawSamples() throws Exception {
        HttpResponse<byte[]> response = as("qa@acme.test").get(
                "/media/v1/streams/" + signal + "/signal?t0=" + 1000 * MS + "&t1=" + 1099 * MS + "&width=500"
                        + "&channels=2,0");
        assertThat(response.statusCode()).isEqualTo(200);
        SignalWindow window = SignalWindowEncoder.decode(ByteBuffer.wrap(response.body()));
        assertThat(window.raw()).isTrue();
        assertThat(window.channels()).containsExactly(2, 0);
        assertThat(window.size()).isEqualTo(100);
        assertThat(window.min()[1][0]).isEqualTo(1000f);
        assertThat(window.max()[1][99]).isEqualTo(1099f);
    }

    @Test
    void repeatedWindowsReuseTheCachedReader() throws Exception {
        Client pm = as("pm@acme.test");
        String path = "/media/v1/streams/" + signal + "/signal?t0=0&t1=" + 5000 * MS + "&width=50";
        assertThat(pm.get(path).statusCode()).isEqualTo(200);
        long loads = readers.signalCache().loads();
        for (int i = 0; i < 5; i++) {
            assertThat(pm.get(path.replace("width=50", "width=" + (60 + i))).statusCode()).isEqualTo(200);
        }
        assertThat(readers.signalCache().loads()).isEqualTo(loads);
    }

    @Test
    void theSignalValuesAtATimeAreTheLastSampleAtOrBeforeIt() throws Exception {
        Client pm = as("pm@acme.test");
        HttpResponse<byte[]> at = pm.get("/media/v1/streams/" + signal + "/signal/at?t=" + (1000 * MS + 1)
                + "&channels=2,0");
        assertThat(at.statusCode()).isEqualTo(200);
        assertThat(at.headers().firstValue("Server-Timing")).isEmpty();
        SignalWindow values = SignalWindowEncoder.decode(ByteBuffer.wrap(at.body()));
        assertThat(values.raw()).isTrue();
        assertThat(values.size()).isEqualTo(1);
        assertThat(values.tStart()[0]).isEqualTo(1000 * MS);
        assertThat(values.channels()).containsExactly(2, 0);
        assertThat(values.min()[1][0]).isEqualTo(1000f);
        HttpResponse<byte[]> window = pm.get("/media/v1/streams/" + signal + "/signal?t0=0&t1=" + 10 * MS
                + "&width=5");
        assertThat(window.headers().firstValue("Server-Timing").orElseThrow()).startsWith("access;dur=");
    }

    /**
     * Before a stream's first sample or frame there is nothing to show, and nothing is wrong: 204 No Content with
     * where the stream starts, not a 404 that a browser logs as a failed request.
     */
    @Test
    void beforeTheFirstSampleTheAnswerIsNoContent() throws Exception {
        Client pm = as("pm@acme.test");
        for (String path : List.of("/media/v1/streams/" + signal + "/signal/at?t=-1&channels=0",
                "/media/v1/streams/" + tactile + "/tactile/at?t=-1",
                "/media/v1/streams/" + cloud + "/cloud?t=" + (CLOUD_START - 1))) {
            HttpResponse<byte[]> before = pm.get(path);
            assertThat(before.statusCode()).as(path).isEqualTo(204);
            assertThat(before.body()).as(path).isEmpty();
            assertThat(before.headers().firstValue("X-First-Timestamp")).as(path).isPresent();
            assertThat(before.headers().firstValue("Cache-Control").orElseThrow()).as(path).contains("private");
        }
        assertThat(pm.get("/media/v1/streams/" + cloud + "/cloud?t=" + (CLOUD_START - 1)).headers()
                .firstValue("X-First-Timestamp")).hasValue(Long.toString(CLOUD_START));
    }

    @Test
    void tactileWindowsAndTheTaxelsAtATime() throws Exception {
        Client pm = as("pm@acme.test");
        HttpResponse<byte[]> window = pm.get("/media/v1/streams/" + tactile + "/tactile?t0=0&t1=" + 1900 * MS
                + "&width=1000");
        assertThat(window.statusCode()).isEqualTo(200);
        SignalWindow decoded = SignalWindowEncoder.decode(ByteBuffer.wrap(window.body()));
        assertThat(decoded.size()).isEqualTo(20);
        assertThat(decoded.channels()).containsExactly(0, 1, 2, 3);

        HttpResponse<byte[]> at = pm.get("/media/v1/streams/" + tactile + "/tactile/at?t=" + 1050 * MS);
        assertThat(at.statusCode()).isEqualTo(200);
        SignalWindow taxels = SignalWindowEncoder.decode(ByteBuffer.wrap(at.body()));
        assertThat(taxels.size()).isEqualTo(1);
        assertThat(taxels.tStart()[0]).isEqualTo(1000 * MS);
        assertThat(new float[] {taxels.min()[0][0], taxels.min()[1][0], taxels.min()[2][0], taxels.min()[3][0]})
                .containsExactly(100f, 101f, 102f, 103f);
    }

    @Test
    void theCloudAtTIsTheLastFrameAtOrBeforeIt() throws Exception {
        Client pm = as("pm@acme.test");
        HttpResponse<byte[]> response = pm.get("/media/v1/streams/" + cloud + "/cloud?t=" + (CLOUD_START + 250 * MS));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Frame-Index").orElseThrow()).isEqualTo("2");
        assertThat(response.headers().firstValue("X-Frame-Timestamp").orElseThrow())
                .isEqualTo(Long.toString(CLOUD_START + 200 * MS));
        PointCloudFrame frame = PointCloudFrame.decode(response.body(), "response");
        assertThat(frame.timestampNanos()).isEqualTo(CLOUD_START + 200 * MS);
        assertThat(frame.cloud().pointCount()).isEqualTo(3);
        assertThat(frame.cloud().x(0)).isEqualTo(2f);

        HttpResponse<byte[]> exact = pm.get("/media/v1/streams/" + cloud + "/cloud?t=" + CLOUD_START);
        assertThat(exact.headers().firstValue("X-Frame-Index").orElseThrow()).isEqualTo("0");
        HttpResponse<byte[]> after = pm.get("/media/v1/streams/" + cloud + "/cloud?t=" + Long.MAX_VALUE);
        assertThat(after.headers().firstValue("X-Frame-Index").orElseThrow()).isEqualTo("4");
    }

    @Test
    void theDepthFrameAtT() throws Exception {
        HttpResponse<byte[]> response = as("pm@acme.test").get("/media/v1/streams/" + depth + "/depth?t=" + 60 * MS);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Frame-Timestamp").orElseThrow()).isEqualTo(Long.toString(50 * MS));
        DepthFrames.DepthFrame frame = DepthFrames.decode(response.body(), "response");
        assertThat(frame.width()).isEqualTo(4);
        assertThat(frame.height()).isEqualTo(3);
        assertThat(frame.depth()).containsOnly((short) 1001);
    }

    @Test
    void theFrameIndexIsServedWithRanges() throws Exception {
        Client pm = as("pm@acme.test");
        String path = "/media/v1/streams/" + cloud + "/frames";
        HttpResponse<byte[]> whole = pm.get(path);
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.headers().firstValue("Accept-Ranges")).hasValue("bytes");
        assertThat(whole.headers().firstValue("Last-Modified")).isPresent();
        String etag = whole.headers().firstValue("ETag").orElseThrow();
        byte[] index = whole.body();
        assertThat(index).hasSize(16 + 24 * 5);
        ByteBuffer header = ByteBuffer.wrap(index).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(header.getInt(0)).isEqualTo('T' | 'S' << 8 | 'F' << 16 | 'I' << 24);
        assertThat(header.getInt(8)).isEqualTo(5);
        assertThat(header.getLong(16 + 24 * 3)).isEqualTo(CLOUD_START + 300 * MS);

        HttpResponse<byte[]> first = pm.get(path, "Range", "bytes=0-15");
        assertThat(first.statusCode()).isEqualTo(206);
        assertThat(first.headers().firstValue("Content-Range")).hasValue("bytes 0-15/136");
        assertThat(first.body()).isEqualTo(Arrays.copyOfRange(index, 0, 16));

        HttpResponse<byte[]> suffix = pm.get(path, "Range", "bytes=-24");
        assertThat(suffix.statusCode()).isEqualTo(206);
        assertThat(suffix.headers().firstValue("Content-Range")).hasValue("bytes 112-135/136");
        assertThat(suffix.body()).isEqualTo(Arrays.copyOfRange(index, 112, 136));

        HttpResponse<byte[]> open = pm.get(path, "Range", "bytes=100-");
        assertThat(open.statusCode()).isEqualTo(206);
        assertThat(open.body()).isEqualTo(Arrays.copyOfRange(index, 100, 136));

        HttpResponse<byte[]> beyond = pm.get(path, "Range", "bytes=136-");
        assertThat(beyond.statusCode()).isEqualTo(416);
        assertThat(beyond.headers().firstValue("Content-Range")).hasValue("bytes */136");

        assertThat(pm.get(path, "If-None-Match", etag).statusCode()).isEqualTo(304);
        // A stale If-Range means the client's copy changed: it gets everything, not a splice of two versions.
        HttpResponse<byte[]> stale = pm.send(HttpRequest.newBuilder(uri(path)).header("Range", "bytes=0-15")
                .header("If-Range", "\"not-the-etag\"").GET().build());
        assertThat(stale.statusCode()).isEqualTo(200);
        assertThat(stale.body()).hasSize(136);
    }

    @Test
    void anotherOrganizationSeesNoStreamAtAll() throws Exception {
        Client globex = as("admin@globex.test");
        String missing = UUID.randomUUID().toString();
        for (String path : List.of("/signal?t0=0&t1=1000&width=10", "/cloud?t=0", "/frames", "/video")) {
            String stream = path.startsWith("/signal") ? signal : cloud;
            HttpResponse<byte[]> foreign = globex.get("/media/v1/streams/" + stream + path);
            HttpResponse<byte[]> absent = globex.get("/media/v1/streams/" + missing + path);
            assertThat(foreign.statusCode()).as(path).isEqualTo(404);
            assertThat(absent.statusCode()).as(path).isEqualTo(404);
            assertThat(foreign.body()).as("same answer as a missing stream: " + path).isEqualTo(absent.body());
        }
        assertThat(as("pm@acme.test").get("/media/v1/streams/not-a-uuid/frames").statusCode()).isEqualTo(404);
    }

    @Test
    void membersWithoutAMediaRoleAreForbidden() throws Exception {
        HttpResponse<byte[]> response = as("customer@acme.test").get("/media/v1/streams/" + cloud + "/cloud?t="
                + CLOUD_START);
        assertThat(response.statusCode()).isEqualTo(403);
        HttpResponse<byte[]> missing = as("customer@acme.test").get("/media/v1/streams/" + UUID.randomUUID() + "/frames");
        assertThat(missing.statusCode()).as("403 does not depend on the stream").isEqualTo(403);
    }

    @Test
    void annotatorsSeeOnlyTheStreamsOfEpisodesTheyWereAssigned() throws Exception {
        // Annotators may read media (of their assignments' episodes, docs/workflow/review.md), so a stream they were
        // not assigned is as unknown to them as a missing one: the answer must not tell the two apart.
        HttpResponse<byte[]> foreign = as("annotator@acme.test").get("/media/v1/streams/" + cloud + "/cloud?t="
                + CLOUD_START);
        HttpResponse<byte[]> absent = as("annotator@acme.test").get("/media/v1/streams/" + UUID.randomUUID()
                + "/cloud?t=" + CLOUD_START);
        assertThat(foreign.statusCode()).isEqualTo(404);
        assertThat(absent.statusCode()).isEqualTo(404);
        assertThat(foreign.body()).isEqualTo(absent.body());
    }

    @Test
    void anonymousRequestsAreUnauthorized() throws Exception {
        HttpResponse<byte[]> response = new Client().get("/media/v1/streams/" + cloud + "/frames");
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).isEmpty();
    }

    @Test
    void malformedParametersAreBadRequests() throws Exception {
        Client pm = as("pm@acme.test");
        String base = "/media/v1/streams/" + signal + "/signal?";
        Map<String, String> cases = Map.of(
                "t0=10&t1=5&width=10", "before t0",
                "t0=0&t1=5&width=0", "width",
                "t0=0&t1=5&width=70000", "width",
                "t0=0&t1=5&width=10&channels=3", "channels[0]",
                "t0=0&t1=5&width=10&channels=0,x", "channels[1]",
                "t0=abc&t1=5&width=10", "t0 must be an integer",
                "t0=0&t1=5", "width is required");
        for (var entry : cases.entrySet()) {
            HttpResponse<byte[]> response = pm.get(base + entry.getKey());
            assertThat(response.statusCode()).as(entry.getKey()).isEqualTo(400);
            assertThat(new String(response.body(), StandardCharsets.UTF_8)).as(entry.getKey())
                    .contains(entry.getValue());
        }
        assertThat(pm.get("/media/v1/streams/" + cloud + "/cloud?t=soon").statusCode()).isEqualTo(400);
        assertThat(pm.get("/media/v1/streams/" + cloud + "/cloud").statusCode()).isEqualTo(400);
    }

    @Test
    void askingAStreamForAnotherKindsDataNamesTheRightEndpoint() throws Exception {
        Client pm = as("pm@acme.test");
        HttpResponse<byte[]> response = pm.get("/media/v1/streams/" + signal + "/cloud?t=0");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).contains("signal stream").contains("use signal");
        assertThat(pm.get("/media/v1/streams/" + cloud + "/video").statusCode()).isEqualTo(404);
        assertThat(pm.get("/media/v1/streams/" + tactile + "/signal?t0=0&t1=1&width=1").statusCode()).isEqualTo(404);
        assertThat(pm.get("/media/v1/streams/" + signal + "/frames").statusCode()).isEqualTo(404);
    }

    // ---------------------------------------------------------------------------------------------------------------

    private Client as(String email) throws Exception {
        Client client = clients.get(email);
        if (client == null) {
            client = new Client();
            client.signIn(email);
            clients.put(email, client);
        }
        return client;
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private final class Client {
        final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();

        HttpResponse<byte[]> get(String path, String... headers) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
            for (int i = 0; i < headers.length; i += 2) {
                request.header(headers[i], headers[i + 1]);
            }
            return send(request.build());
        }

        HttpResponse<byte[]> send(HttpRequest request) throws Exception {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        }

        void signIn(String email) throws Exception {
            HttpResponse<String> response = http.send(FormSignIn.open(http, uri("/login"))
                    .post(email, "touchstone-demo").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(302);
            assertThat(response.headers().firstValue("Location").orElseThrow()).doesNotContain("error");
        }
    }
}
