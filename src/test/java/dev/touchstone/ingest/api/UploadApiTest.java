package dev.touchstone.ingest.api;

import dev.touchstone.ApiClient;
import dev.touchstone.SignIn;
import dev.touchstone.TouchstoneSpringTest;
import dev.touchstone.apitoken.ApiTokenScope;
import dev.touchstone.apitoken.ApiTokenService;
import dev.touchstone.dataset.Dataset;
import dev.touchstone.dataset.DatasetService;
import dev.touchstone.dataset.EpisodeDetail;
import dev.touchstone.ingest.generator.EpisodeGenerator;
import dev.touchstone.ingest.generator.GeneratorOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tus upload API and import jobs over real HTTP against the embedded PostgreSQL: an upload whose connection
 * drops in the middle of a PATCH resumes at the offset the server kept and imports into an episode; a wrong offset,
 * a wrong content type, too many bytes, bad headers, an incomplete upload, another organization's ids, missing
 * credentials, scopes and roles are refused with the right status as problems.
 */
@TouchstoneSpringTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UploadApiTest {

    static final long SECOND = 1_000_000_000L;

    @Autowired SignIn signIn;
    @Autowired ApiTokenService tokens;
    @Autowired DatasetService datasets;
    @Autowired JsonMapper json;
    @LocalServerPort int port;
    @Value("${touchstone.data-dir}") Path dataDir;

    final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    String pm;
    String pmReadOnly;
    String globex;
    Dataset dataset;
    Dataset globexDataset;
    byte[] episodeZip;

    @BeforeAll
    void tokensDatasetsAndAFile() throws IOException {
        pm = token("pm@acme.test", EnumSet.of(ApiTokenScope.DATA_WRITE));
        pmReadOnly = token("pm@acme.test", EnumSet.of(ApiTokenScope.READ));
        globex = token("admin@globex.test", EnumSet.of(ApiTokenScope.DATA_WRITE));
        signIn.as("pm@acme.test");
        dataset = datasets.create("uploads " + UUID.randomUUID(), "tus test");
        signIn.as("admin@globex.test");
        globexDataset = datasets.create("globex uploads " + UUID.randomUUID(), "tus test");
        signIn.out();
        Path work = Files.createTempDirectory("upload-api-test");
        new EpisodeGenerator(GeneratorOptions.small().withDuration(5))
                .generateSignals(work.resolve("episode_0000"), "uploaded episode", 7);
        episodeZip = zip(work);
    }

    @AfterEach
    void signOut() {
        signIn.out();
    }

    @Test
    void anUploadWhoseConnectionDropsMidPatchResumesAtTheStoredOffsetAndImportsAnEpisode() throws Exception {
        URI upload = create("episode_0000.zip", episodeZip.length, pm);
        int half = episodeZip.length / 2;

        // A PATCH that declares every byte but sends half of them, then the connection drops.
        try (Socket socket = new Socket("localhost", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("PATCH " + upload.getPath() + " HTTP/1.1\r\nHost: localhost:" + port + "\r\n"
                    + "Authorization: Bearer " + pm + "\r\nTus-Resumable: 1.0.0\r\nUpload-Offset: 0\r\n"
                    + "Content-Type: application/offset+octet-stream\r\nContent-Length: " + episodeZip.length
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(episodeZip, 0, half);
            out.flush();
        }

        // HEAD says what the server kept: exactly the half that arrived (once it noticed the drop).
        long deadline = System.nanoTime() + 20 * SECOND;
        long offset = -1;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> head = send(request(upload, pm).method("HEAD", HttpRequest.BodyPublishers.noBody()));
            assertThat(head.statusCode()).isEqualTo(200);
            assertThat(head.headers().firstValue("Tus-Resumable")).contains("1.0.0");
            assertThat(head.headers().firstValue("Upload-Length")).contains(String.valueOf(episodeZip.length));
            assertThat(head.headers().firstValue("Cache-Control").orElse("")).contains("no-store");
            offset = Long.parseLong(head.headers().firstValue("Upload-Offset").orElseThrow());
            if (offset == half) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(offset).as("the offset after the dropped PATCH").isEqualTo(half);

        HttpResponse<String> rest = patch(upload, half, Arrays.copyOfRange(episodeZip, half, episodeZip.length), pm);
        assertThat(rest.statusCode()).as(rest.body()).isEqualTo(204);
        assertThat(rest.headers().firstValue("Upload-Offset")).contains(String.valueOf(episodeZip.length));
        JsonNode state = json(send(request(upload, pm).GET()), 200);
        assertThat(state.path("complete").asBoolean()).isTrue();
        assertThat(state.path("fileName").asString()).isEqualTo("episode_0000.zip");
        assertThat(state.path("offset").asLong()).isEqualTo(episodeZip.length);

        UUID uploadId = UUID.fromString(state.path("id").asString());
        HttpResponse<String> started = postJson("/api/v1/datasets/" + dataset.id() + "/imports",
                "{\"uploadId\":\"" + uploadId + "\"}", pm);
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        URI job = URI.create(started.headers().firstValue("Location").orElseThrow());
        assertThat(job.getPath()).startsWith("/api/v1/imports/");
        JsonNode finished = awaitFinished(job, pm);
        assertThat(finished.path("state").asString()).as(finished.toString()).isEqualTo("succeeded");
        assertThat(finished.path("datasetId").asString()).isEqualTo(dataset.id().toString());
        assertThat(finished.path("progress").path("done").asInt()).isEqualTo(1);
        assertThat(finished.path("progress").path("total").asInt()).isEqualTo(1);
        assertThat(finished.path("progress").path("fraction").asDouble()).isEqualTo(1.0);
        assertThat(finished.path("error").isNull()).isTrue();
        JsonNode episodes = finished.path("episodes");
        assertThat(episodes).hasSize(1);
        assertThat(episodes.get(0).path("name").asString()).isEqualTo("uploaded episode");

        signIn.as("pm@acme.test");
        EpisodeDetail episode = datasets.episode(UUID.fromString(episodes.get(0).path("id").asString()))
                .orElseThrow();
        assertThat(episode.episode().name()).isEqualTo("uploaded episode");
        assertThat(episode.streams()).isNotEmpty();
        signIn.out();

        // The upload remembers its import and no longer holds the bytes; it cannot be imported twice.
        JsonNode after = json(send(request(upload, pm).GET()), 200);
        assertThat(after.path("importJobId").asString()).isEqualTo(finished.path("id").asString());
        assertThat(uploadFiles()).noneMatch(p -> p.getFileName().toString().startsWith(uploadId.toString()));
        HttpResponse<String> again = postJson("/api/v1/datasets/" + dataset.id() + "/imports",
                "{\"uploadId\":\"" + uploadId + "\"}", pm);
        problem(again, 409, "imported already");
        problem(patch(upload, episodeZip.length, new byte[0], pm), 409, "imported already");
    }

    @Test
    void aWrongOffsetIs409WithTheStoredOffsetAndNothingIsWritten() throws Exception {
        URI upload = create("offsets.bin", 10, pm);
        HttpResponse<String> ahead = patch(upload, 5, bytes(5), pm);
        problem(ahead, 409, "is not the upload's offset 0");
        assertThat(ahead.headers().firstValue("Upload-Offset")).contains("0");

        HttpResponse<String> first = patch(upload, 0, bytes(4), pm);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(204);
        assertThat(first.headers().firstValue("Upload-Offset")).contains("4");
        HttpResponse<String> replayed = patch(upload, 0, bytes(4), pm);
        problem(replayed, 409, "is not the upload's offset 4");
        assertThat(replayed.headers().firstValue("Upload-Offset")).contains("4");
        assertThat(json(send(request(upload, pm).GET()), 200).path("offset").asLong()).isEqualTo(4);
    }

    @Test
    void badRequestsAreRefusedWithTheirStatusAsProblems() throws Exception {
        URI upload = create("bad.bin", 10, pm);
        problem(send(request(upload, pm).header("Upload-Offset", "0").header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{}"))), 415, "application/offset+octet-stream");
        problem(patch(upload, 0, bytes(11), pm), 413, "lacks only 10");
        problem(send(request(upload, pm).header("Content-Type", "application/offset+octet-stream")
                .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(bytes(2)))), 400, "Upload-Offset is required");
        problem(patch(upload, -1, bytes(2), pm), 400, "Upload-Offset must be a whole number");
        problem(send(request(upload, pm).setHeader("Tus-Resumable", "0.2.2")
                .method("HEAD", HttpRequest.BodyPublishers.noBody())), 412, null);
        HttpResponse<String> oldVersion = send(request(upload, pm).setHeader("Tus-Resumable", "0.2.2")
                .header("Upload-Offset", "0").header("Content-Type", "application/offset+octet-stream")
                .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(bytes(2))));
        problem(oldVersion, 412, "not 0.2.2");
        assertThat(oldVersion.headers().firstValue("Tus-Version")).contains("1.0.0");

        URI uploads = uri("/api/v1/uploads");
        problem(send(request(uploads, pm).header("Upload-Metadata", meta("a.bin"))
                .POST(HttpRequest.BodyPublishers.noBody())), 400, "Upload-Length is required");
        problem(send(request(uploads, pm).header("Upload-Length", "ten").header("Upload-Metadata", meta("a.bin"))
                .POST(HttpRequest.BodyPublishers.noBody())), 400, "Upload-Length must be a whole number");
        problem(send(request(uploads, pm).header("Upload-Length", "10")
                .POST(HttpRequest.BodyPublishers.noBody())), 400, "filename");
        problem(send(request(uploads, pm).header("Upload-Length", "10").header("Upload-Metadata", "filename %%%")
                .POST(HttpRequest.BodyPublishers.noBody())), 400, "not base64");
        problem(send(request(uploads, pm).header("Upload-Length", String.valueOf(1L << 50))
                .header("Upload-Metadata", meta("huge.bin")).POST(HttpRequest.BodyPublishers.noBody())), 413,
                "larger than this server's limit");

        HttpResponse<String> options = send(request(uploads, pm).method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
        assertThat(options.statusCode()).isEqualTo(204);
        assertThat(options.headers().firstValue("Tus-Version")).contains("1.0.0");
        assertThat(options.headers().firstValue("Tus-Extension").orElse("")).contains("creation")
                .contains("termination");
        assertThat(Long.parseLong(options.headers().firstValue("Tus-Max-Size").orElseThrow())).isPositive();

        // Incomplete: 409 with what it lacks; an unknown upload: 404.
        problem(postJson("/api/v1/datasets/" + dataset.id() + "/imports", "{\"uploadId\":\""
                + upload.getPath().substring(upload.getPath().lastIndexOf('/') + 1) + "\"}", pm), 409,
                "has 0 of its 10 bytes");
        problem(postJson("/api/v1/datasets/" + dataset.id() + "/imports", "{\"uploadId\":\"" + UUID.randomUUID()
                + "\"}", pm), 404, "No such upload");
        problem(postJson("/api/v1/datasets/" + dataset.id() + "/imports", "{}", pm), 400, "uploadId is required");

        // Termination: gone afterwards, with its file.
        HttpResponse<String> deleted = send(request(upload, pm).DELETE());
        assertThat(deleted.statusCode()).isEqualTo(204);
        problem(send(request(upload, pm).GET()), 404, "No such upload");
        assertThat(send(request(upload, pm).method("HEAD", HttpRequest.BodyPublishers.noBody())).statusCode())
                .isEqualTo(404);
    }

    @Test
    void aCorruptFileEndsAsAFailedImportWithAClearErrorAndImportsArePaged() throws Exception {
        List<String> started = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            byte[] garbage = ("not a zip " + i).getBytes(StandardCharsets.UTF_8);
            URI upload = create("broken-" + i + ".zip", garbage.length, pm);
            assertThat(patch(upload, 0, garbage, pm).statusCode()).isEqualTo(204);
            HttpResponse<String> response = postJson("/api/v1/datasets/" + dataset.id() + "/imports",
                    "{\"uploadId\":\"" + upload.getPath().substring(upload.getPath().lastIndexOf('/') + 1) + "\"}", pm);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
            started.add(json.readTree(response.body()).path("id").asString());
        }
        JsonNode failed = awaitFinished(uri("/api/v1/imports/" + started.getFirst()), pm);
        assertThat(failed.path("state").asString()).isEqualTo("failed");
        assertThat(failed.path("error").asString()).as(failed.toString()).contains("broken-0.zip");
        assertThat(failed.path("episodes")).isEmpty();

        JsonNode first = json(send(request(uri("/api/v1/datasets/" + dataset.id() + "/imports?limit=2"), pm).GET()),
                200);
        assertThat(first.path("items")).hasSize(2);
        String cursor = first.path("nextCursor").asString();
        assertThat(cursor).isNotBlank();
        JsonNode rest = json(send(request(uri("/api/v1/datasets/" + dataset.id() + "/imports?limit=2&cursor="
                + cursor), pm).GET()), 200);
        List<String> listed = new ArrayList<>();
        first.path("items").forEach(item -> listed.add(item.path("id").asString()));
        rest.path("items").forEach(item -> listed.add(item.path("id").asString()));
        // Newest first; the dataset's earlier imports (another test's) follow the three of this one.
        assertThat(listed.subList(0, 3)).containsExactly(started.get(2), started.get(1), started.get(0));
        assertThat(listed).doesNotHaveDuplicates();

        problem(send(request(uri("/api/v1/datasets/" + dataset.id() + "/imports?limit=0"), pm).GET()), 400,
                "limit must be 1 to 500");
        problem(send(request(uri("/api/v1/datasets/" + dataset.id() + "/imports?cursor=nonsense"), pm).GET()), 400,
                "cursor");
    }

    @Test
    void withoutCredentialsOutOfScopeWrongRoleOrAnotherOrganizationNothingHappens() throws Exception {
        URI uploads = uri("/api/v1/uploads");
        // No credentials: 401 for a read; a write without a session has no CSRF token either (403, as every POST
        // of the API). A read-only token: 403 for every write, before the token is looked up.
        problem(http.send(HttpRequest.newBuilder(uri("/api/v1/uploads/" + UUID.randomUUID())).GET().build(),
                HttpResponse.BodyHandlers.ofString()), 401, "Sign in first");
        problem(http.send(HttpRequest.newBuilder(uploads).header("Upload-Length", "4")
                .header("Upload-Metadata", meta("a.bin")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString()), 403, null);
        problem(send(request(uploads, pmReadOnly).header("Upload-Length", "4").header("Upload-Metadata", meta("a.bin"))
                .POST(HttpRequest.BodyPublishers.noBody())), 403, "data:write");

        URI upload = create("mine.bin", 4, pm);
        String uploadId = upload.getPath().substring(upload.getPath().lastIndexOf('/') + 1);
        problem(patch(upload, 0, bytes(4), pmReadOnly), 403, null);
        // A read token may read the state (GET is read's); writing is data:write's.
        assertThat(send(request(upload, pmReadOnly).GET()).statusCode()).isEqualTo(200);

        // Another organization: every method on this upload is 404, and so are its dataset and imports.
        problem(send(request(upload, globex).GET()), 404, "No such upload");
        assertThat(send(request(upload, globex).method("HEAD", HttpRequest.BodyPublishers.noBody())).statusCode())
                .isEqualTo(404);
        problem(patch(upload, 0, bytes(4), globex), 404, "No such upload");
        problem(send(request(upload, globex).DELETE()), 404, "No such upload");
        problem(postJson("/api/v1/datasets/" + globexDataset.id() + "/imports", "{\"uploadId\":\"" + uploadId
                + "\"}", globex), 404, "No such upload");
        assertThat(patch(upload, 0, bytes(4), pm).statusCode()).isEqualTo(204);
        problem(postJson("/api/v1/datasets/" + globexDataset.id() + "/imports", "{\"uploadId\":\"" + uploadId
                + "\"}", pm), 404, "No such dataset");
        problem(send(request(uri("/api/v1/datasets/" + dataset.id() + "/imports"), globex).GET()), 404,
                "No such dataset");
        assertThat(json(send(request(upload, pm).GET()), 200).path("offset").asLong()).isEqualTo(4);

        HttpResponse<String> started = postJson("/api/v1/datasets/" + dataset.id() + "/imports",
                "{\"uploadId\":\"" + uploadId + "\"}", pm);
        assertThat(started.statusCode()).isEqualTo(202);
        URI job = URI.create(started.headers().firstValue("Location").orElseThrow());
        problem(send(request(job, globex).GET()), 404, "No such import");

        // Roles: a QA lead's session may not upload; a session needs its CSRF header.
        ApiClient qa = ApiClient.signedIn(port, json, "qa@acme.test");
        qa.csrfFromApi();
        problem(qa.http.send(HttpRequest.newBuilder(uploads).header(qa.csrfHeader, qa.csrfToken)
                .header("Upload-Length", "4").header("Upload-Metadata", meta("a.bin"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()), 403, null);
        ApiClient session = ApiClient.signedIn(port, json, "pm@acme.test");
        problem(session.http.send(HttpRequest.newBuilder(uploads).header("Upload-Length", "4")
                .header("Upload-Metadata", meta("a.bin")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString()), 403, "CSRF");
        session.csrfFromApi();
        HttpResponse<String> bySession = session.http.send(HttpRequest.newBuilder(uploads)
                .header(session.csrfHeader, session.csrfToken).header("Tus-Resumable", "1.0.0")
                .header("Upload-Length", "4").header("Upload-Metadata", meta("a.bin"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(bySession.statusCode()).as(bySession.body()).isEqualTo(201);
    }

    @Test
    void theOpenApiDocumentDescribesEveryUploadAndImportOperation() throws Exception {
        HttpResponse<String> api = http.send(HttpRequest.newBuilder(uri("/api/v1/openapi")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(api.statusCode()).isEqualTo(200);
        JsonNode paths = json.readTree(api.body()).path("paths");
        assertThat(paths.path("/api/v1/uploads").has("options")).isTrue();
        assertThat(paths.path("/api/v1/uploads").path("post").path("responses").has("413")).isTrue();
        JsonNode upload = paths.path("/api/v1/uploads/{uploadId}");
        for (String method : List.of("get", "head", "patch", "delete")) {
            assertThat(upload.has(method)).as(method + " in " + upload).isTrue();
        }
        assertThat(upload.path("patch").path("responses").has("409")).isTrue();
        assertThat(upload.path("patch").path("responses").has("415")).isTrue();
        assertThat(upload.path("patch").path("requestBody").path("content").has("application/offset+octet-stream"))
                .isTrue();
        assertThat(paths.path("/api/v1/datasets/{datasetId}/imports").has("post")).isTrue();
        assertThat(paths.path("/api/v1/datasets/{datasetId}/imports").has("get")).isTrue();
        assertThat(paths.path("/api/v1/imports/{importId}").has("get")).isTrue();
    }

    // --- helpers

    private URI create(String fileName, long length, String token) throws Exception {
        HttpResponse<String> response = send(request(uri("/api/v1/uploads"), token)
                .header("Upload-Length", String.valueOf(length)).header("Upload-Metadata", meta(fileName))
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        assertThat(response.headers().firstValue("Tus-Resumable")).contains("1.0.0");
        assertThat(response.headers().firstValue("Upload-Expires")).isPresent();
        return URI.create(response.headers().firstValue("Location").orElseThrow());
    }

    private HttpResponse<String> patch(URI upload, long offset, byte[] body, String token) throws Exception {
        return send(request(upload, token).header("Upload-Offset", String.valueOf(offset))
                .header("Content-Type", "application/offset+octet-stream")
                .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    private HttpResponse<String> postJson(String path, String body, String token) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpRequest.Builder request(URI uri, String token) {
        return HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token).header("Tus-Resumable", "1.0.0")
                .timeout(Duration.ofSeconds(60));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode json(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return json.readTree(response.body());
    }

    private void problem(HttpResponse<String> response, int status, String detail) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        if (response.request().method().equals("HEAD")) {
            return;
        }
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        if (detail != null) {
            assertThat(json.readTree(response.body()).path("detail").asString()).contains(detail);
        }
    }

    private JsonNode awaitFinished(URI job, String token) throws Exception {
        long deadline = System.nanoTime() + 120 * SECOND;
        while (true) {
            JsonNode state = json(send(request(job, token).GET()), 200);
            if (state.path("finished").asBoolean()) {
                return state;
            }
            assertThat(System.nanoTime()).as("import finished in time: " + state).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private List<Path> uploadFiles() throws IOException {
        Path root = dataDir.resolve("uploads");
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private static String meta(String fileName) {
        return "filename " + Base64.getEncoder().encodeToString(fileName.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] bytes(int n) {
        byte[] bytes = new byte[n];
        for (int i = 0; i < n; i++) {
            bytes[i] = (byte) i;
        }
        return bytes;
    }

    private String token(String email, EnumSet<ApiTokenScope> scopes) {
        signIn.as(email);
        try {
            return tokens.create("uploads " + UUID.randomUUID(), 7, scopes).secret();
        } finally {
            signIn.out();
        }
    }

    /** The folder as a zip of its one bundle folder, the way a person zips a dataset folder. */
    static byte[] zip(Path folder) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes); Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                zip.putNextEntry(new ZipEntry(folder.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, zip);
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }
}
