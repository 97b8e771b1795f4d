package dev.touchstone.media;

import dev.touchstone.FormSignIn;
import dev.touchstone.TouchstoneSpringTest;
import dev.touchstone.dataset.StoredStream;
import dev.touchstone.dataset.StreamKind;
import dev.touchstone.organization.CurrentOrganization;
import dev.touchstone.storage.BlobStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.Order;

import java.io.ByteArrayInputStream;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The video endpoint's HTTP range behaviour, and the {@link MediaAccess} extension point: video import is not built
 * on this branch yet, so a test grant (standing in for the workflow module's assignment check) hands one annotator
 * a VIDEO stream whose blob the test stored. The endpoint never parses the MP4, so the bytes are synthetic.
 */
@TouchstoneSpringTest
@Import(MediaVideoTest.AssignedVideo.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MediaVideoTest {

    static final UUID VIDEO = UUID.randomUUID();
    static final String KEY = "media-test/" + VIDEO + "/video.mp4";
    static final int SIZE = 300_000;

    /** Grants the test video to the acme annotator only, as an assignment would. */
    @TestConfiguration
    static class AssignedVideo {
        @org.springframework.context.annotation.Bean
        @Order(0)
        MediaAccess assignedVideo(CurrentOrganization current) {
            return streamId -> streamId.equals(VIDEO) && current.requireUser().email().equals("annotator@acme.test")
                    ? Optional.of(new StoredStream(VIDEO, UUID.randomUUID(), StreamKind.VIDEO, KEY, null, 0, 0, 0))
                    : Optional.empty();
        }
    }

    @LocalServerPort
    int port;
    @Autowired
    BlobStore blobs;

    private byte[] video;

    @BeforeAll
    void storeAVideo() {
        video = new byte[SIZE];
        new Random(5).nextBytes(video);
        System.arraycopy("\0\0\0\u0020ftypisom".getBytes(StandardCharsets.ISO_8859_1), 0, video, 0, 12);
        blobs.put(KEY, new ByteArrayInputStream(video), SIZE);
    }

    @Test
    void theWholeVideoWithValidators() throws Exception {
        HttpResponse<byte[]> response = get(annotator(), "GET");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("video/mp4");
        assertThat(response.headers().firstValue("Accept-Ranges")).hasValue("bytes");
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("private");
        assertThat(response.headers().firstValue("Last-Modified")).isPresent();
        assertThat(response.headers().firstValue("ETag").orElseThrow()).matches("\"[0-9a-f]{64}\"");
        assertThat(response.body()).isEqualTo(video);
    }

    @Test
    void rangesAsAMediaElementAsksForThem() throws Exception {
        HttpClient client = annotator();
        HttpResponse<byte[]> open = get(client, "GET", "Range", "bytes=0-");
        assertThat(open.statusCode()).isEqualTo(206);
        assertThat(open.headers().firstValue("Content-Range")).hasValue("bytes 0-" + (SIZE - 1) + "/" + SIZE);
        assertThat(open.body()).isEqualTo(video);

        HttpResponse<byte[]> middle = get(client, "GET", "Range", "bytes=1000-1999");
        assertThat(middle.statusCode()).isEqualTo(206);
        assertThat(middle.headers().firstValue("Content-Length")).hasValue("1000");
        assertThat(middle.body()).isEqualTo(Arrays.copyOfRange(video, 1000, 2000));

        HttpResponse<byte[]> tail = get(client, "GET", "Range", "bytes=-500");
        assertThat(tail.headers().firstValue("Content-Range")).hasValue("bytes " + (SIZE - 500) + "-" + (SIZE - 1)
                + "/" + SIZE);
        assertThat(tail.body()).isEqualTo(Arrays.copyOfRange(video, SIZE - 500, SIZE));

        HttpResponse<byte[]> beyond = get(client, "GET", "Range", "bytes=" + SIZE + "-");
        assertThat(beyond.statusCode()).isEqualTo(416);
        assertThat(beyond.headers().firstValue("Content-Range")).hasValue("bytes */" + SIZE);

        HttpResponse<byte[]> head = get(client, "HEAD", "Range", "bytes=10-19");
        assertThat(head.statusCode()).isEqualTo(206);
        assertThat(head.headers().firstValue("Content-Length")).hasValue("10");
        assertThat(head.body()).isEmpty();

        String etag = open.headers().firstValue("ETag").orElseThrow();
        assertThat(get(client, "GET", "If-None-Match", etag).statusCode()).isEqualTo(304);
        HttpResponse<byte[]> sameVersion = get(client, "GET", "Range", "bytes=0-9", "If-Range", etag);
        assertThat(sameVersion.statusCode()).isEqualTo(206);
    }

    @Test
    void theGrantIsForThatMemberAndThatStreamOnly() throws Exception {
        assertThat(get(signIn("admin@globex.test"), "GET").statusCode()).isEqualTo(404);
        // The acme admin reads every stream of acme, but this one has no row: as unknown as any other id.
        assertThat(get(signIn("admin@acme.test"), "GET").statusCode()).isEqualTo(404);
        HttpResponse<byte[]> other = annotator().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/media/v1/streams/" + UUID.randomUUID() + "/video")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(other.statusCode()).as("an annotator without an assignment on the episode").isEqualTo(404);
    }

    private HttpClient annotator() throws Exception {
        return signIn("annotator@acme.test");
    }

    private HttpClient signIn(String email) throws Exception {
        HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        HttpResponse<Void> login = http.send(FormSignIn.open(http, port).post(email, "touchstone-demo").build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(login.headers().firstValue("Location").orElseThrow()).doesNotContain("error");
        return http;
    }

    private HttpResponse<byte[]> get(HttpClient client, String method, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/media/v1/streams/" + VIDEO + "/video")).method(method, HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
