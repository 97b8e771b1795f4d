package dev.touchstone.browser;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.RequestOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The crash suite: the production jar with its embedded PostgreSQL, killed with SIGKILL while it works, then started
 * again on the same data folder. What an acknowledged answer promised must still hold afterwards, and the server must
 * be back within the bounds docs/operations.md states.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CrashIT extends ProductionJarTest {

    private static final String STARTER = "Humanoid manipulation (starter)";
    private static final int RECORDINGS = 6;
    /**
     * docs/operations.md reports 10-14 s from a kill to ready on a lightly loaded two-core machine, as long as a normal
     * start; the suite shares its machine with a browser and Maven, so it allows 60 s and prints what it measured.
     * Before issue 18 the first start after a kill never became ready: it gave up after 60 s.
     */
    private static final Duration RESTART_BOUND = Duration.ofSeconds(60);

    private final JsonMapper json = JsonMapper.builder().build();

    UUID episode;
    UUID schemaVersion;

    @Override
    Map<String, String> environment() {
        return ProductionServer.env("TOUCHSTONE_DEMO_EPISODES", "2",
                // Sweeps soon after a restart, so the suite sees what a server finds after ten minutes.
                "TOUCHSTONE_IMPORT_ORPHAN_GRACE", "2s", "TOUCHSTONE_IMPORT_SWEEP_INTERVAL", "3s",
                "TOUCHSTONE_RELEASE_SWEEP_INTERVAL", "3s");
    }

    @BeforeAll
    void findTheDemoEpisode() throws Exception {
        try (Connection db = server.database()) {
            episode = waitFor(db, "select e.id from episode e join organization o on o.id = e.organization_id"
                    + " where o.slug = 'acme' and e.name = 'synthetic-1-0000'");
            schemaVersion = waitFor(db, "select v.id from label_schema_version v join label_schema s on s.id = v.schema_id"
                    + " join organization o on o.id = s.organization_id where o.slug = 'acme' and s.name = '" + STARTER
                    + "' order by v.version limit 1");
        }
    }

    @Test
    @Order(1)
    void everyAcknowledgedAutosaveSurvivesAKillOfTheServer() throws Exception {
        BrowserContext context = signedIn("pm@acme.test");
        Page page = context.pages().getFirst();
        new WorkspacePage(page).open(episode, schemaVersion);
        String draftUrl = (String) page.evaluate("document.querySelector('ts-label-workspace').draftUrl");
        String csrfHeader = (String) page.evaluate("document.querySelector('ts-label-workspace').csrfHeader");
        String csrfToken = (String) page.evaluate("document.querySelector('ts-label-workspace').csrfToken");

        // Saves as fast as the server acknowledges them, while another thread kills the server after a while.
        Thread killer = Thread.ofPlatform().start(() -> {
            try {
                Thread.sleep(3_000);
                server.kill();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        List<UUID> acknowledged = new ArrayList<>();
        String lastSave = null;
        for (int i = 0; i < 100_000; i++) {
            UUID label = UUID.randomUUID();
            String save = """
                    {"saveId":"%s","clientId":"crash-suite","ops":[{"op":"put","baseRevision":0,"label":
                     {"kind":"event","id":"%s","definition":"contact","classKey":"contact-on","time":%d}}]}"""
                    .formatted(UUID.randomUUID(), label, 1_000_000_000L + i * 1_000_000L);
            APIResponse answer;
            try {
                answer = context.request().post(draftUrl + "/saves", RequestOptions.create()
                        .setHeader("Content-Type", "application/json").setHeader(csrfHeader, csrfToken)
                        .setData(save).setTimeout(10_000));
            } catch (RuntimeException connectionLost) {
                break;
            }
            if (answer.status() != 200) {
                break;
            }
            acknowledged.add(label);
            lastSave = save;
        }
        killer.join();
        assertThat(acknowledged).as("saves acknowledged before the kill").hasSizeGreaterThan(10);

        Duration restart = server.start();
        System.out.println("CRASH kill -9 during autosave: " + acknowledged.size()
                + " saves acknowledged; ready again after " + restart.toMillis() + " ms");
        assertThat(restart).as("kill -9 to ready").isLessThan(RESTART_BOUND);

        BrowserContext again = signedIn("pm@acme.test");
        JsonNode draft = json.readTree(again.request().get(draftUrl).text());
        Set<String> stored = new HashSet<>();
        draft.get("labels").forEach(entry -> stored.add(entry.get("label").get("id").asString()));
        List<String> lost = acknowledged.stream().map(UUID::toString).filter(id -> !stored.contains(id)).toList();
        assertThat(lost).as("acknowledged saves missing after the restart").isEmpty();

        // The browser retries a save whose answer it never saw: the same save id changes nothing.
        long revision = draft.get("revision").asLong();
        APIResponse replay = again.request().post(draftUrl + "/saves", RequestOptions.create()
                .setHeader("Content-Type", "application/json").setHeader(csrfHeader, csrfFrom(again))
                .setData(lastSave));
        assertThat(replay.status()).isEqualTo(200);
        JsonNode replayed = json.readTree(replay.text());
        assertThat(replayed.get("replayed").asBoolean()).isTrue();
        assertThat(json.readTree(again.request().get(draftUrl).text()).get("revision").asLong()).isEqualTo(revision);
    }

    @Test
    @Order(2)
    void anImportKilledMidwayKeepsWholeEpisodesReportsThemAndIsResumedByImportingAgain() throws Exception {
        Path recordings = server.dataDirectory().resolve("import").resolve("crash-recordings");
        Process generate = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-jar",
                ProductionServer.jar().toString(), "generate", "--out", recordings.toString(), "--episodes",
                String.valueOf(RECORDINGS), "--seed", "18", "--duration", "12")
                .redirectErrorStream(true).redirectOutput(folder.resolve("generate.log").toFile()).start();
        assertThat(generate.waitFor()).as("generate: " + Files.readString(folder.resolve("generate.log"))).isZero();

        BrowserContext context = signedIn("admin@acme.test");
        Page admin = context.pages().getFirst();
        String datasetName = "Crash import " + UUID.randomUUID();
        new DatasetPages(admin).openList().create(datasetName, "").openImport();
        admin.locator("#admin-import-sources").click();
        admin.locator("#import-server-path input").fill(recordings.toString());
        admin.locator("#import-server-path-start").click();

        UUID job;
        try (Connection db = server.database()) {
            job = waitFor(db, "select j.id from import_job j join dataset d on d.id = j.dataset_id where d.name = '"
                    + datasetName + "'");
            // Killed once the first episode is committed and while the next ones are still being read.
            waitFor(db, "select e.id from episode e where e.import_job_id = '" + job + "'");
        }
        server.kill();
        Duration restart = server.start();
        System.out.println("CRASH kill -9 during an import: ready again after " + restart.toMillis() + " ms");

        try (Connection db = server.database()) {
            long began = System.nanoTime();
            String state = null;
            while (System.nanoTime() - began < Duration.ofSeconds(60).toNanos()) {
                state = single(db, "select state from import_job where id = '" + job + "'");
                if (!"RUNNING".equals(state) && !"QUEUED".equals(state)) {
                    break;
                }
                Thread.sleep(250);
            }
            System.out.println("CRASH the killed import was reported " + state + " "
                    + Duration.ofNanos(System.nanoTime() - began).toMillis() + " ms after the restart");
            assertThat(state).isEqualTo("FAILED");
            int kept = Integer.parseInt(single(db, "select count(*) from episode where import_job_id = '" + job + "'"));
            assertThat(kept).isBetween(1, RECORDINGS - 1);
            assertThat(single(db, "select error from import_job where id = '" + job + "'"))
                    .startsWith("Interrupted").contains(kept + " episode" + (kept == 1 ? " was" : "s were") + " kept");
            assertThat(Integer.parseInt(single(db, "select episodes_done from import_job where id = '" + job + "'")))
                    .as("the job's counter says what was kept").isEqualTo(kept);
            String organization = single(db, "select id from organization where slug = 'acme'");
            Path episodes = server.dataDirectory().resolve("blobs").resolve(organization).resolve("episodes");
            Set<String> referenced = new HashSet<>(column(db, "select id::text from episode where organization_id = '"
                    + organization + "'"));
            for (String keptEpisode : column(db, "select id::text from episode where import_job_id = '" + job + "'")) {
                try (var files = Files.walk(episodes.resolve(keptEpisode))) {
                    assertThat(files.filter(Files::isRegularFile).count()).as("blobs of kept episode " + keptEpisode)
                            .isPositive();
                }
            }
            // The episode being read at the kill left blobs that no episode references; the sweep removes them.
            awaitTrue(() -> folderNames(episodes).stream().allMatch(referenced::contains),
                    "only referenced episode blob folders remain: " + folderNames(episodes));
            awaitTrue(() -> !Files.exists(server.dataDirectory().resolve("work/imports/job-" + job)),
                    "the dead job's work folder is swept");

            // Importing the same folder again skips what was kept and imports the rest, once.
            BrowserContext again = signedIn("admin@acme.test");
            Page page = again.pages().getFirst();
            page.navigate("/datasets/" + single(db, "select dataset_id from import_job where id = '" + job + "'")
                    + "/import");
            page.locator("#admin-import-sources").click();
            page.locator("#import-server-path input").fill(recordings.toString());
            page.locator("#import-server-path-start").click();
            awaitTrue(() -> "SUCCEEDED".equals(fresh("select state from import_job where"
                    + " dataset_id = (select dataset_id from import_job where id = '" + job + "')"
                    + " order by created_at desc limit 1")), "the second import succeeds");
            assertThat(Integer.parseInt(single(db, "select count(*) from episode where dataset_id = (select dataset_id"
                    + " from import_job where id = '" + job + "')"))).as("every recording once").isEqualTo(RECORDINGS);
            // What the admin reads: the killed import failed with what it kept, the second one with what it skipped.
            page.reload();
            assertThat(page.locator("#imports-grid")).containsText("Interrupted");
            assertThat(page.locator("#imports-grid")).containsText("skipped");
            // The message is longer than its cell: the whole of it, with what to do, shows on hover.
            page.locator("#imports-grid vaadin-grid-cell-content").filter(new Locator.FilterOptions()
                    .setHasText("Interrupted")).first().hover();
            assertThat(page.getByText("Start the import again").first()).isVisible();
            screenshot(page, "import-after-a-kill");
        }
    }

    @Test
    @Order(3)
    void aReleaseKilledWhileBuildingIsFailedAsInterruptedAndLeavesNoFiles() throws Exception {
        String project;
        String organization;
        try (Connection db = server.database()) {
            project = waitFor(db, "select p.id from project p join task t on t.project_id = p.id"
                    + " where t.review_state = 'accepted' limit 1").toString();
            organization = single(db, "select id from organization where slug = 'acme'");
        }
        BrowserContext context = signedIn("pm@acme.test");
        String csrf = csrfFrom(context);
        String header = json.readTree(context.request().get("/api/v1/csrf").text()).get("headerName").asString();
        APIResponse made = context.request().post("/api/v1/releases", RequestOptions.create()
                .setHeader("Content-Type", "application/json").setHeader(header, csrf)
                .setData("{\"projectId\":\"" + project + "\",\"version\":\"18.0.1\"}"));
        assertThat(made.status()).as(made.text()).isEqualTo(201);
        String release = json.readTree(made.text()).get("id").asString();
        try (Connection db = server.database()) {
            // Killed as soon as the build has started (its first heartbeat), before it could finish.
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (single(db, "select id from release where id = '" + release + "' and heartbeat_at is not null")
                    == null && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            server.kill();
            System.out.println("CRASH release state at the kill: "
                    + single(db, "select state from release where id = '" + release + "'"));
        } catch (java.sql.SQLException connectionLostAtTheKill) {
            // the database went with the server: the kill came first
        }
        server.start();

        try (Connection db = server.database()) {
            awaitTrue(() -> !"building".equals(fresh("select state from release where id = '"
                    + release + "'")), "the interrupted build is found");
            String state = single(db, "select state from release where id = '" + release + "'");
            String error = single(db, "select error from release where id = '" + release + "'");
            System.out.println("CRASH the killed release build: " + state + ": " + error);
            if ("failed".equals(state)) {
                assertThat(error).startsWith("Interrupted").doesNotContain("SQL").doesNotContain("Exception");
                Path releaseBlobs = server.dataDirectory().resolve("blobs/releases").resolve(organization)
                        .resolve(release);
                awaitTrue(() -> !Files.exists(releaseBlobs), "the failed build's blobs are swept");
                awaitTrue(() -> !Files.exists(server.dataDirectory().resolve("work/releases").resolve(organization)
                        .resolve(release)), "the failed build's work folder is swept");
            } else {
                assertThat(state).as("a build is failed or, had it finished before the kill, ready").isEqualTo("ready");
            }
            try (var files = Files.walk(server.dataDirectory().resolve("blobs"))) {
                assertThat(files.filter(f -> f.getFileName().toString().endsWith(".part")).toList())
                        .as("no half-written blob remains").isEmpty();
            }
            BrowserContext manager = signedIn("pm@acme.test");
            Page releases = manager.pages().getFirst();
            releases.navigate("/releases");
            assertThat(releases.locator("body")).containsText("18.0.1");
            screenshot(releases, "releases-after-a-kill");
        }
    }

    private static void screenshot(Page page, String name) {
        page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target", "playwright", "CrashIT-" + name + ".png"))
                .setFullPage(true));
    }

    /** The session's CSRF token as the application hands it to scripts. */
    private String csrfFrom(BrowserContext context) {
        return json.readTree(context.request().get("/api/v1/csrf").text()).get("token").asString();
    }

    private static UUID waitFor(Connection db, String query) throws Exception {
        for (int attempt = 0; attempt < 600; attempt++) {
            try (ResultSet row = db.createStatement().executeQuery(query)) {
                if (row.next()) {
                    return row.getObject(1, UUID.class);
                }
            }
            Thread.sleep(500);
        }
        throw new AssertionError("never found: " + query);
    }

    private static String single(Connection db, String query) throws java.sql.SQLException {
        try (ResultSet row = db.createStatement().executeQuery(query)) {
            return row.next() ? row.getString(1) : null;
        }
    }

    /** A value read on a connection of its own (the server may have restarted since the last one). */
    private String fresh(String query) throws Exception {
        try (Connection db = server.database()) {
            return single(db, query);
        }
    }

    private static List<String> column(Connection db, String query) throws java.sql.SQLException {
        List<String> values = new ArrayList<>();
        try (ResultSet rows = db.createStatement().executeQuery(query)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }

    private static Set<String> folderNames(Path folder) throws java.io.IOException {
        if (!Files.isDirectory(folder)) {
            return Set.of();
        }
        try (var list = Files.list(folder)) {
            return list.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .collect(java.util.stream.Collectors.toSet());
        }
    }

    interface Check {
        boolean holds() throws Exception;
    }

    private static void awaitTrue(Check check, String what) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!check.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("within 60 s: " + what);
            }
            Thread.sleep(250);
        }
    }
}
