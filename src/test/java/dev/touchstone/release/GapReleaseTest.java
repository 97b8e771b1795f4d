package dev.touchstone.release;

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
import dev.touchstone.organization.Organization;
import dev.touchstone.organization.OrganizationProvisioning;
import dev.touchstone.organization.Role;
import dev.touchstone.storage.BlobStore;
import dev.touchstone.workflow.Assignment;
import dev.touchstone.workflow.NewProject;
import dev.touchstone.workflow.Project;
import dev.touchstone.workflow.ReviewService;
import dev.touchstone.workflow.WorkItem;
import dev.touchstone.workflow.WorkService;
import dev.touchstone.workflow.WorkflowService;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Gap labels from labeling to the release (issue 22): two annotators mark gaps on a real episode under the demo's
 * "Sim-to-real gaps" schema, the task is merged and accepted, and the release's JSON Lines carry the gaps in the
 * accepted labels, the consensus, every annotator's version and the agreement; the quality report scores them.
 */
@TouchstoneSpringTest
class GapReleaseTest {

    static final long SECOND = 1_000_000_000L;
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

    @Test
    void acceptedGapsAreInTheJsonLinesWithTheirModeNoteAndAgreement() throws Exception {
        List<String> annotators = List.of("gap-annotator-0@acme.test", "gap-annotator-1@acme.test");
        Organization acme = provisioning.organization("acme").orElseThrow();
        for (String email : annotators) {
            if (provisioning.accountOrganizations(email).isEmpty()) {
                provisioning.addMember(acme, email, "Gap annotator " + email.charAt(14), PASSWORD,
                        Set.of(Role.ANNOTATOR));
            }
        }
        Project project = project();
        for (String annotator : annotators) {
            signIn.as(annotator);
            try {
                Assignment assignment = workflow.claimNext(project.id()).orElseThrow();
                WorkItem item = work.open(assignment.id());
                List<DraftOp> ops = List.<Label>of(
                        new Label.Gap(UUID.randomUUID(), "gap", "friction", 2 * SECOND, 5 * SECOND,
                                "cube slides further than in sim"),
                        new Label.Gap(UUID.randomUUID(), "gap", "latency", 3 * SECOND, 4 * SECOND, null))
                        .stream().<DraftOp>map(l -> new DraftOp.Put(l, 0)).toList();
                drafts.save(item.draft().id(), new DraftSave(UUID.randomUUID(), "test", ops));
                drafts.submit(item.draft().id(), "submit-" + UUID.randomUUID());
            } finally {
                signIn.out();
            }
        }
        UUID task = dsl.resultQuery("select id from task where project_id = ?", project.id()).fetchSingle(0, UUID.class);
        if (!"accepted".equals(dsl.resultQuery("select review_state from task where id = ?", task)
                .fetchSingle(0, String.class))) {
            signIn.as("qa@acme.test");
            try {
                reviews.accept(task);
            } finally {
                signIn.out();
            }
        }

        List<JsonNode> lines = jsonl(build(project, "1.0.0", Set.of()));
        assertThat(lines).singleElement().satisfies(line -> {
            assertThat(line.path("labels")).hasSize(2).allSatisfy(l -> assertThat(l.path("kind").asString())
                    .isEqualTo("gap"));
            assertThat(line.path("labels").valueStream().map(l -> l.path("mode").asString()))
                    .containsExactlyInAnyOrder("friction", "latency");
            assertThat(line.path("labels").valueStream().filter(l -> l.path("mode").asString().equals("friction"))
                    .findFirst().orElseThrow().path("note").asString()).isEqualTo("cube slides further than in sim");
            assertThat(line.path("consensus")).hasSize(2);
            assertThat(line.path("annotators")).hasSize(2)
                    .allSatisfy(v -> assertThat(v.path("labels")).hasSize(2));
            assertThat(line.path("agreement").path("gap").path("type").asString()).isEqualTo("gap");
            assertThat(line.path("agreement").path("gap").path("agreement").asDouble()).isEqualTo(1.0);
        });
        signIn.as("pm@acme.test");
        try {
            ReleaseReport report = releases.report(releases.releases().stream()
                    .filter(r -> r.projectId().equals(project.id())).findFirst().orElseThrow().id());
            ReleaseReport.DefinitionQuality gap = report.definitions().stream()
                    .filter(d -> d.definition().equals("gap")).findFirst().orElseThrow();
            assertThat(gap.tasks()).isEqualTo(1);
            assertThat(gap.meanAgreement()).isEqualTo(1.0);
        } finally {
            signIn.out();
        }

        List<JsonNode> ratingsOnly = jsonl(build(project, "1.1.0", Set.of(LabelType.RATING)));
        assertThat(ratingsOnly).singleElement().satisfies(line -> {
            assertThat(line.path("labels")).as("the type filter leaves gaps out").isEmpty();
            assertThat(line.path("agreement").has("gap")).isFalse();
        });
    }

    private Release build(Project project, String version, Set<LabelType> types) throws InterruptedException {
        signIn.as("pm@acme.test");
        try {
            Release release = releases.create(project.id(), version, "gaps " + version, false, types);
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

    private List<JsonNode> jsonl(Release release) throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        UUID acme = provisioning.organization("acme").orElseThrow().id();
        try (InputStream in = blobs.open(ReleaseBuilder.key(acme, release.id(), ReleaseFile.LABELS));
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines.add(json.readTree(line));
            }
        }
        return lines;
    }

    /** As pm@acme.test: one 10 s episode and a project over it under a copy of the gaps schema, overlap 2. */
    private Project project() throws Exception {
        signIn.as("pm@acme.test");
        try {
            Dataset dataset = datasets.create("gaps " + UUID.randomUUID(), "");
            try (EpisodeRecorder recorder = store.record(current.id(), dataset.id(), null)) {
                recorder.describe(EpisodeDescription.of("real 1", "x.mcap", "test"));
                EpisodeRecorder.SignalStreamWriter joints = recorder.signal("joints", StreamSource.of("x.mcap"),
                        List.of(new SignalChannel("j1", "rad")));
                joints.append(0, 0.0);
                joints.append(10 * SECOND, 0.0);
                recorder.commit();
            }
            LabelSchema gaps = LabelSchemaJson.simToRealGaps();
            UUID version = schemas.create(new LabelSchema("gaps " + UUID.randomUUID(), "", gaps.definitions())).id();
            return workflow.createProject(NewProject.of("gaps " + UUID.randomUUID(), dataset.id(), version, 2, 0,
                    600));
        } finally {
            signIn.out();
        }
    }
}
