package dev.touchstone.release;

import dev.touchstone.common.CursorPage;
import dev.touchstone.ApiClient;
import dev.touchstone.SignIn;
import dev.touchstone.TouchstoneSpringTest;
import dev.touchstone.dataset.Dataset;
import dev.touchstone.dataset.DatasetService;
import dev.touchstone.dataset.EpisodeDescription;
import dev.touchstone.dataset.EpisodeRecorder;
import dev.touchstone.dataset.EpisodeStore;
import dev.touchstone.dataset.StreamSource;
import dev.touchstone.dataset.signal.SignalChannel;
import dev.touchstone.labeling.DraftOp;
import dev.touchstone.labeling.DraftSave;
import dev.touchstone.labeling.DraftService;
import dev.touchstone.labeling.Label;
import dev.touchstone.labeling.LabelSchema;
import dev.touchstone.labeling.LabelSchemaJson;
import dev.touchstone.labeling.LabelSchemaService;
import dev.touchstone.labeling.LabelType;
import dev.touchstone.organization.CurrentOrganization;
import dev.touchstone.organization.NotFoundInOrganizationException;
import dev.touchstone.organization.Organization;
import dev.touchstone.organization.OrganizationProvisioning;
import dev.touchstone.organization.Role;
import dev.touchstone.storage.BlobStore;
import dev.touchstone.workflow.Assignment;
import dev.touchstone.workflow.NewProject;
import dev.touchstone.workflow.Project;
import dev.touchstone.workflow.ReviewService;
import dev.touchstone.workflow.TaskInfo;
import dev.touchstone.workflow.WorkItem;
import dev.touchstone.workflow.WorkService;
import dev.touchstone.workflow.WorkflowService;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.access.AccessDeniedException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Releases against the real database, with accepted tasks made through the workflow (claim, label, submit, review):
 * a release holds exactly the accepted tasks, its JSON Lines carry labels, consensus and every annotator's version,
 * editing tasks afterwards changes neither its items nor its file, another organization sees nothing of it, a
 * download resumes with a range, and the verdict filter drops rejected episodes.
 */
@TouchstoneSpringTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReleaseServiceTest {

    static final long SECOND = 1_000_000_000L;
    static final String GLOBEX_CUSTOMER = "customer@globex.test";
    static final String PASSWORD = "correct horse battery 1";

    @Autowired SignIn signIn;
    @Autowired WorkflowService workflow;
    @Autowired WorkService work;
    @Autowired DraftService drafts;
    @Autowired ReviewService reviews;
    @Autowired DatasetService datasets;
    @Autowired EpisodeStore store;
    @Autowired CurrentOrganization current;
    @Autowired LabelSchemaService schemas;
    @Autowired OrganizationProvisioning provisioning;
    @Autowired ReleaseService releases;
    @Autowired BlobStore blobs;
    @Autowired DSLContext dsl;
    @Autowired JsonMapper json;
    @LocalServerPort int port;

    Project project;
    List<TaskInfo> tasks;
    /** Accepted: tasks 0 (agree, accept), 1 (outcomes differ, accepted by a QA lead), 2 (agree, verdict reject). */
    List<UUID> accepted;
    UUID rejectedTask;
    List<UUID> assignmentsOfTask0 = new ArrayList<>();

    @BeforeAll
    void acceptedTasks() {
        List<String> annotators = List.of("release-annotator-0@acme.test", "release-annotator-1@acme.test");
        Organization acme = provisioning.organization("acme").orElseThrow();
        for (String email : annotators) {
            if (provisioning.accountOrganizations(email).isEmpty()) {
                provisioning.addMember(acme, email, "Release annotator " + email.charAt(18), PASSWORD,
                        Set.of(Role.ANNOTATOR));
            }
        }
        Organization globex = provisioning.organization("globex").orElseThrow();
        if (provisioning.accountOrganizations(GLOBEX_CUSTOMER).isEmpty()) {
            provisioning.addMember(globex, GLOBEX_CUSTOMER, "Gloria Customer", PASSWORD, Set.of(Role.CUSTOMER));
        }
        project = project(4);
        tasks = tasks(project.id());
        UUID disagree = tasks.get(1).episodeId();
        UUID reject = tasks.get(2).episodeId();
        UUID untouched = tasks.get(3).episodeId();
        for (int a = 0; a < 2; a++) {
            for (int i = 0; i < 3; i++) {
                int annotator = a;
                labelAndSubmit(annotators.get(a), project.id(), untouched,
                        episode -> episode.equals(disagree) && annotator == 1 ? "fail" : "success",
                        episode -> !episode.equals(reject));
            }
        }
        signIn.as("qa@acme.test");
        reviews.accept(tasks.get(1).id());
        signIn.out();
        accepted = dsl.resultQuery("select id from task where project_id = ? and review_state = 'accepted' order by id",
                project.id()).fetch(0, UUID.class);
        assertThat(accepted).as("three tasks accepted, the fourth never labelled").hasSize(3)
                .doesNotContain(tasks.get(3).id());
        rejectedTask = tasks.get(2).id();
        assignmentsOfTask0.addAll(dsl.resultQuery("select id from assignment where task_id = ? and state = 'submitted' order by id",
                tasks.get(0).id()).fetch(0, UUID.class));
    }

    @AfterEach
    void signOut() {
        signIn.out();
    }

    /** Last: it edits the tasks the other releases are made of. */
    @Test
    @Order(3)
    void aReleaseHoldsExactlyTheAcceptedTasksAndStaysAsItWasWhenTasksChangeLater() throws Exception {
        Release release = build("1.0.0", false, Set.of());
        assertThat(release.state()).isEqualTo(ReleaseState.READY);
        assertThat(release.taskCount()).isEqualTo(3);
        assertThat(dsl.resultQuery("select task_id from release_item where release_id = ? order by task_id",
                release.id()).fetch(0, UUID.class)).isEqualTo(accepted);

        List<JsonNode> lines = jsonl(release);
        assertThat(lines).hasSize(3);
        assertThat(lines).extracting(l -> UUID.fromString(l.path("task").path("id").asString()))
                .containsExactlyElementsOf(accepted);
        for (JsonNode line : lines) {
            assertThat(line.path("labels").size()).as("phases, outcome and verdict").isEqualTo(4);
            assertThat(line.path("labels").get(0).path("kind").asString()).isEqualTo("phase");
            assertThat(line.path("consensus").isArray()).isTrue();
            assertThat(line.path("annotators").size()).isEqualTo(2);
            assertThat(line.path("annotators")).allSatisfy(v -> {
                assertThat(v.path("labels").size()).isEqualTo(4);
                assertThat(v.path("annotatorName").asString()).startsWith("Release annotator");
                assertThat(v.path("submissionId").isString()).isTrue();
            });
            assertThat(line.path("agreement").path("grasp_outcome").path("agreement").isNumber()).isTrue();
            assertThat(line.path("episode").path("name").asString()).startsWith("episode ");
            assertThat(line.path("schema").path("version").asInt()).isEqualTo(1);
            assertThat(line.path("project").path("name").asString()).isEqualTo(project.name());
        }
        JsonNode reviewed = lines.get(accepted.indexOf(tasks.get(1).id()));
        assertThat(reviewed.path("accepted").path("by").path("name").asString()).as("accepted by the QA lead")
                .isNotEmpty();

        signIn.as("customer@acme.test");
        ReleaseReport report = releases.report(release.id());
        assertThat(report.tasks()).isEqualTo(3);
        assertThat(report.annotatorsPerTask()).containsEntry(2, 3);
        assertThat(report.annotators()).hasSize(2).allSatisfy(a -> assertThat(a.tasks()).isEqualTo(3));
        assertThat(report.schema().version()).isEqualTo(1);
        ReleaseReport.DefinitionQuality outcome = report.definitions().stream()
                .filter(d -> d.definition().equals("grasp_outcome")).findFirst().orElseThrow();
        assertThat(outcome.tasks()).isEqualTo(3);
        assertThat(outcome.meanAgreement()).isCloseTo(2.0 / 3, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(outcome.alpha()).as("coded: Krippendorff alpha over tasks").isNotNull();
        assertThat(outcome.alphaLevel()).isEqualTo("nominal");
        // issue 17 item 3: three tasks are too few for an interval (it used to be a normal interval over 3 tasks)
        assertThat(outcome.ciLower()).isNull();
        assertThat(outcome.ciUpper()).isNull();
        assertThat(outcome.alphaCiLower()).isNull();
        // issue 17 item 2: nobody marked contact events; that used to report a mean agreement of 1.00 over 3 tasks
        ReleaseReport.DefinitionQuality contact = report.definitions().stream()
                .filter(d -> d.definition().equals("contact")).findFirst().orElseThrow();
        assertThat(contact.meanAgreement()).isNull();
        assertThat(contact.tasks()).isZero();
        assertThat(contact.measure()).isEqualTo("not labelled");
        assertThat(releases.releases()).extracting(Release::id).contains(release.id());
        // The API's list pages the same releases, newest first, with no gaps or repeats across pages.
        List<UUID> paged = new java.util.ArrayList<>();
        String cursor = null;
        do {
            CursorPage<Release> page = releases.releasePage(cursor, 1);
            assertThat(page.items()).hasSizeLessThanOrEqualTo(1);
            page.items().forEach(r -> paged.add(r.id()));
            cursor = page.nextCursor();
        } while (cursor != null);
        assertThat(paged).hasSizeGreaterThanOrEqualTo(2)
                .containsExactlyElementsOf(releases.releases().stream().map(Release::id).toList());
        signIn.out();

        // Freeze: what the release holds now, row by row and byte by byte.
        String itemsBefore = items(release.id());
        byte[] fileBefore = blobs.open(ReleaseBuilder.key(acmeId(), release.id(), ReleaseFile.LABELS)).readAllBytes();

        // Later edits: a task's accepted labels change, and accepted work is returned to its annotator.
        dsl.execute("update task set final_labels = '[]'::jsonb where id = ?", accepted.getFirst());
        signIn.as("qa@acme.test");
        assertThat(reviews.returnWork(tasks.get(0).id(), assignmentsOfTask0.subList(0, 1), "Please look again"))
                .isEqualTo(1);
        signIn.out();

        assertThat(items(release.id())).as("items unchanged").isEqualTo(itemsBefore);
        assertThat(blobs.open(ReleaseBuilder.key(acmeId(), release.id(), ReleaseFile.LABELS)).readAllBytes())
                .as("file unchanged").isEqualTo(fileBefore);
        assertThatThrownBy(() -> dsl.execute("update release_item set labels = '[]'::jsonb where release_id = ?",
                release.id())).hasMessageContaining("immutable");
        assertThatThrownBy(() -> dsl.execute("update release set notes = 'changed' where id = ?", release.id()))
                .hasMessageContaining("can no longer change");
        assertThatThrownBy(() -> dsl.execute("delete from release where id = ?", release.id()))
                .hasMessageContaining("never deleted");
    }

    @Test
    @Order(1)
    void theVerdictFilterDropsRejectedEpisodesAndTypesLimitTheLabels() throws Exception {
        Release release = build("2", true, Set.of(LabelType.CATEGORY, LabelType.VERDICT));
        assertThat(release.taskCount()).isEqualTo(2);
        List<UUID> items = dsl.resultQuery("select task_id from release_item where release_id = ?", release.id())
                .fetch(0, UUID.class);
        assertThat(items).doesNotContain(rejectedTask).hasSize(2);
        List<JsonNode> lines = jsonl(release);
        assertThat(lines).hasSize(2).allSatisfy(line -> {
            assertThat(line.path("labels").size()).as("no phases").isEqualTo(2);
            assertThat(line.path("annotators").get(0).path("labels").size()).isEqualTo(2);
            assertThat(line.path("agreement").has("phase")).isFalse();
        });
        signIn.as("pm@acme.test");
        assertThat(releases.report(release.id()).filteredOut()).isEqualTo(1);
        assertThatThrownBy(() -> releases.create(project.id(), "2", "", false, Set.of()))
                .as("a version is unique per project").isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> releases.create(project.id(), "two", "", false, Set.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @Order(2)
    void customersOfTheSameOrganizationDownloadWithRangesAndOthersSeeNothing() throws Exception {
        Release release = build("3", false, Set.of());
        String path = "/api/v1/releases/" + release.id() + "/files/labels.jsonl";

        signIn.as(GLOBEX_CUSTOMER);
        assertThat(releases.releases()).extracting(Release::id).doesNotContain(release.id());
        assertThatThrownBy(() -> releases.release(release.id())).isInstanceOf(NotFoundInOrganizationException.class);
        signIn.out();
        ApiClient globex = ApiClient.signedIn(port, json, GLOBEX_CUSTOMER, PASSWORD);
        assertThat(globex.get(path).statusCode()).isEqualTo(404);
        assertThat(globex.get("/api/v1/releases/" + release.id()).statusCode()).isEqualTo(404);
        assertThat(globex.get("/api/v1/releases").body()).doesNotContain(release.id().toString());

        signIn.as("release-annotator-0@acme.test");
        assertThatThrownBy(releases::releases).as("annotators do not read releases")
                .isInstanceOf(AccessDeniedException.class);
        signIn.out();

        ApiClient customer = ApiClient.signedIn(port, json, "customer@acme.test");
        HttpResponse<byte[]> whole = customer.http.send(HttpRequest.newBuilder(customer.uri(path)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.headers().firstValue("Content-Disposition").orElseThrow()).contains("labels.jsonl");
        byte[] bytes = whole.body();
        assertThat(new String(bytes, StandardCharsets.UTF_8).lines().count()).isEqualTo(3);
        String etag = whole.headers().firstValue("ETag").orElseThrow();

        int offset = bytes.length / 2;
        HttpResponse<byte[]> rest = customer.http.send(HttpRequest.newBuilder(customer.uri(path))
                        .header("Range", "bytes=" + offset + "-").header("If-Range", etag).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(rest.statusCode()).isEqualTo(206);
        assertThat(rest.headers().firstValue("Content-Range").orElseThrow())
                .isEqualTo("bytes " + offset + "-" + (bytes.length - 1) + "/" + bytes.length);
        assertThat(rest.body()).isEqualTo(Arrays.copyOfRange(bytes, offset, bytes.length));

        HttpResponse<byte[]> stale = customer.http.send(HttpRequest.newBuilder(customer.uri(path))
                        .header("Range", "bytes=" + offset + "-").header("If-Range", "\"another\"").GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(stale.statusCode()).as("another representation: all of it again").isEqualTo(200);

        HttpResponse<String> report = customer.get("/api/v1/releases/" + release.id() + "/files/quality-report.json");
        assertThat(report.statusCode()).isEqualTo(200);
        assertThat(json.readTree(report.body()).path("tasks").asInt()).isEqualTo(3);
        assertThat(customer.get("/api/v1/releases/" + release.id() + "/files/other.bin").statusCode()).isEqualTo(404);

        assertThat(dsl.resultQuery("""
                select count(*)::int from audit_event where action = 'release.downloaded' and target_id = ?""",
                release.id().toString()).fetchSingle(0, Integer.class)).as("every download audited").isEqualTo(4);
    }

    @Test
    void theReleaseChoosesLeRobotsStateAndActionAndKeepsTheChoice() throws Exception {
        JsonNode defaults = lerobotInfo(build("8.0.0", false, Set.of(), null)).path("features");
        assertThat(defaults.path("observation.state").path("names").toString())
                .as("joint streams are the state by default").isEqualTo("[\"joints/j1\"]");
        assertThat(defaults.has("action")).as("no teleoperation command stream").isFalse();

        LeRobotMapping mapping = LeRobotMapping.parse("", "joints: j1");
        Release chosen = build("8.1.0", false, Set.of(), mapping);
        assertThat(chosen.lerobotMapping()).isEqualTo(mapping);
        JsonNode features = lerobotInfo(chosen).path("features");
        assertThat(features.path("action").path("names").toString()).isEqualTo("[\"joints/j1\"]");
        assertThat(features.has("observation.state")).isFalse();
        assertThat(features.has("observation.joints")).as("every channel went to the action").isFalse();
        assertThat(dsl.resultQuery("select details::text from audit_event where action = 'release.created' "
                + "and target_id = ?", chosen.id().toString()).fetchSingle(0, String.class))
                .contains("joints: j1");
    }

    // -------------------------------------------------------------------------------------------------------------

    /** meta/info.json of the release's LeRobot zip. */
    private JsonNode lerobotInfo(Release release) throws IOException {
        try (InputStream in = blobs.open(ReleaseBuilder.key(acmeId(), release.id(), ReleaseFile.LEROBOT));
             java.util.zip.ZipInputStream zip = new java.util.zip.ZipInputStream(in)) {
            for (java.util.zip.ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                if (entry.getName().endsWith("meta/info.json")) {
                    return json.readTree(zip.readAllBytes());
                }
            }
        }
        throw new AssertionError("the LeRobot zip has no meta/info.json");
    }

    private Release build(String version, boolean verdictAcceptOnly, Set<LabelType> types) throws InterruptedException {
        Release done = build(version, verdictAcceptOnly, types, null);
        assertThat(done.progress().done()).isEqualTo(3);
        assertThat(done.progress().total()).isEqualTo(3);
        return done;
    }

    /** Builds a release of whatever the project has accepted by now (other tests return or exclude tasks). */
    private Release build(String version, boolean verdictAcceptOnly, Set<LabelType> types, LeRobotMapping mapping)
            throws InterruptedException {
        signIn.as("pm@acme.test");
        try {
            Release release = releases.create(project.id(), version, "notes " + version, verdictAcceptOnly, types,
                    mapping);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!releases.progress(release.id()).finished()) {
                assertThat(System.nanoTime()).as("the build finishes").isLessThan(deadline);
                Thread.sleep(100);
            }
            Release done = releases.release(release.id());
            assertThat(done.progress().error()).isNull();
            return done;
        } finally {
            signIn.out();
        }
    }

    private List<JsonNode> jsonl(Release release) {
        List<JsonNode> lines = new ArrayList<>();
        try (InputStream in = blobs.open(ReleaseBuilder.key(acmeId(), release.id(), ReleaseFile.LABELS));
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                lines.add(json.readTree(line));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return lines;
    }

    private String items(UUID releaseId) {
        return dsl.resultQuery("""
                select string_agg(task_id || labels::text || coalesce(consensus::text, '') || annotators::text
                                  || agreement::text, E'\\n' order by task_id)
                  from release_item where release_id = ?""", releaseId).fetchSingle(0, String.class);
    }

    private UUID acmeId() {
        return provisioning.organization("acme").orElseThrow().id();
    }

    /** As pm@acme.test: a dataset of short episodes and a project over it with overlap 2. */
    private Project project(int episodes) {
        signIn.as("pm@acme.test");
        try {
            Dataset dataset = datasets.create("release " + UUID.randomUUID(), "");
            for (int i = 0; i < episodes; i++) {
                try (EpisodeRecorder recorder = store.record(current.id(), dataset.id(), null)) {
                    recorder.describe(EpisodeDescription.of("episode " + i, "x.mcap", "test"));
                    EpisodeRecorder.SignalStreamWriter joints = recorder.signal("joints", StreamSource.of("x.mcap"),
                            List.of(new SignalChannel("j1", "rad")));
                    joints.append(0, 0.0);
                    joints.append(10 * SECOND, 0.0);
                    recorder.commit();
                }
            }
            LabelSchema starter = LabelSchemaJson.humanoidStarter();
            UUID version = schemas.create(new LabelSchema("release " + UUID.randomUUID(), "", starter.definitions()))
                    .id();
            NewProject settings = NewProject.of("release " + UUID.randomUUID(), dataset.id(), version, 2, 0, 600);
            return workflow.createProject(settings);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            signIn.out();
        }
    }

    private List<TaskInfo> tasks(UUID projectId) {
        signIn.as("pm@acme.test");
        try {
            return workflow.tasks(projectId, 0, 100);
        } finally {
            signIn.out();
        }
    }

    /** As the annotator: claim the next task (not the untouched episode), label it and submit. */
    private void labelAndSubmit(String annotator, UUID projectId, UUID untouched,
                                java.util.function.Function<UUID, String> outcome,
                                java.util.function.Predicate<UUID> accept) {
        signIn.as(annotator);
        try {
            Assignment assignment = workflow.claimNext(projectId).orElseThrow();
            if (assignment.episodeId().equals(untouched)) {
                workflow.skip(assignment.id(), "left for later");
                assignment = workflow.claimNext(projectId).orElseThrow();
            }
            WorkItem item = work.open(assignment.id());
            UUID episode = assignment.episodeId();
            List<DraftOp> ops = labels(outcome.apply(episode), accept.test(episode)).stream()
                    .<DraftOp>map(l -> new DraftOp.Put(l, 0)).toList();
            drafts.save(item.draft().id(), new DraftSave(UUID.randomUUID(), "test", ops));
            drafts.submit(item.draft().id(), "submit-" + UUID.randomUUID());
        } finally {
            signIn.out();
        }
    }

    private static List<Label> labels(String outcome, boolean accept) {
        List<Label> labels = new ArrayList<>();
        labels.add(new Label.Phase(UUID.randomUUID(), "phase", "main", "reach", 0, 5 * SECOND));
        labels.add(new Label.Phase(UUID.randomUUID(), "phase", "main", "grasp", 5 * SECOND, 10 * SECOND));
        labels.add(new Label.Value(UUID.randomUUID(), "grasp_outcome", null, List.of(outcome), null, null, null));
        labels.add(new Label.Value(UUID.randomUUID(), "quality", null, accept ? List.of() : List.of("too_slow"), null,
                accept, null));
        return labels;
    }
}
