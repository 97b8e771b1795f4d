package dev.touchstone.workflow;

import dev.touchstone.SignIn;
import dev.touchstone.TouchstoneSpringTest;
import dev.touchstone.dataset.DatasetService;
import dev.touchstone.dataset.EpisodeStore;
import dev.touchstone.ingest.ImportService;
import dev.touchstone.labeling.DraftOp;
import dev.touchstone.labeling.DraftSave;
import dev.touchstone.labeling.DraftService;
import dev.touchstone.labeling.Label;
import dev.touchstone.labeling.LabelSchemaService;
import dev.touchstone.organization.CurrentOrganization;
import dev.touchstone.organization.OrganizationProvisioning;
import dev.touchstone.proposal.EpisodeFlags;
import dev.touchstone.proposal.GeneratedTriageProject;
import dev.touchstone.proposal.ProposalService;
import dev.touchstone.release.Release;
import dev.touchstone.release.ReleaseService;
import dev.touchstone.storage.BlobStore;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.access.AccessDeniedException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An accepted trim through the real queue, triage and release: a generated episode's proposed trim (its idle head
 * and tail cut) is accepted on triage, and the next release carries the trimmed range with its labels clipped: in
 * labels.jsonl the episode's {@code trim}, a phase across the trim's start cut to it, an event before it dropped, the
 * annotator's version clipped alike; in the LeRobot dataset fewer frames, those of the trimmed span. The release made
 * before the trim was accepted keeps the whole episode.
 */
@TouchstoneSpringTest
class TrimReleaseTest {

    static final long SECOND = 1_000_000_000L;

    @Autowired SignIn signIn;
    @Autowired WorkflowService workflow;
    @Autowired WorkService work;
    @Autowired DraftService drafts;
    @Autowired TriageService triage;
    @Autowired ReleaseService releases;
    @Autowired DatasetService datasets;
    @Autowired EpisodeStore store;
    @Autowired CurrentOrganization current;
    @Autowired LabelSchemaService schemas;
    @Autowired OrganizationProvisioning provisioning;
    @Autowired ImportService imports;
    @Autowired ProposalService proposals;
    @Autowired BlobStore blobs;
    @Autowired DSLContext dsl;
    @Autowired JsonMapper json;

    @AfterEach
    void signOut() {
        signIn.out();
    }

    @Test
    void aReleaseOfAnEpisodeWithAnAcceptedTrimCarriesTheClippedRange() throws Exception {
        Project project = new GeneratedTriageProject(signIn, datasets, imports, schemas, workflow, proposals)
                .make(1, 4711);
        EpisodeFlags flags = proposals.flags(project.id()).getFirst();
        UUID episode = flags.episodeId();
        long start = flags.trimStartNanos();
        long end = flags.trimEndNanos();
        long duration = datasets.episode(episode).orElseThrow().episode().durationNanos();
        assertThat(start).as("the generated episode has an idle head").isPositive();
        assertThat(end).as("and an idle tail").isLessThan(duration);

        String annotator = new WorkflowFixtures(signIn, datasets, store, current, schemas, provisioning, workflow)
                .annotators(1).getFirst();
        UUID before = UUID.randomUUID();
        UUID across = UUID.randomUUID();
        signIn.as(annotator);
        WorkItem item = work.open(workflow.claimNext(project.id()).orElseThrow().id());
        List<Label> labels = List.of(
                new Label.Phase(across, "phase", "main", "reach", 0, start + SECOND),
                new Label.Phase(UUID.randomUUID(), "phase", "main", "grasp", start + SECOND, duration),
                new Label.Event(before, "contact", "contact-on", start / 2),
                new Label.Event(UUID.randomUUID(), "contact", "contact-on", start + SECOND / 2),
                new Label.Value(UUID.randomUUID(), "grasp_outcome", null, List.of("success"), null, null, null),
                new Label.Value(UUID.randomUUID(), "quality", null, List.of(), null, true, null));
        drafts.save(item.draft().id(), new DraftSave(UUID.randomUUID(), "test",
                labels.stream().<DraftOp>map(l -> new DraftOp.Put(l, 0)).toList()));
        drafts.submit(item.draft().id(), "submit-" + UUID.randomUUID());
        assertThatThrownBy(() -> triage.acceptTrim(project.id(), List.of(episode)))
                .isInstanceOf(AccessDeniedException.class);

        signIn.as("pm@acme.test");
        Release whole = build(project, "1");
        assertThat(triage.acceptTrim(project.id(), List.of(episode))).isEqualTo(1);
        assertThat(triage.episodes(project.id())).singleElement().satisfies(r ->
                assertThat(r.trim()).isEqualTo(new TriageService.Trim(start, end)));
        Release trimmed = build(project, "2");

        JsonNode line = json.readTree(file(trimmed, "labels.jsonl"));
        assertThat(line.at("/episode/trim/startNs").asLong()).isEqualTo(start);
        assertThat(line.at("/episode/trim/endNs").asLong()).isEqualTo(end);
        // The accepted labels are the merge's (ids of its own): found by class.
        JsonNode reach = byClass(line.get("labels"), "reach");
        assertThat(reach.get("start").asLong()).as("cut to the trim's start").isEqualTo(start);
        // Its end is the merge's boundary (on a frame), which the trim leaves where it is.
        assertThat(reach.get("end").asLong()).isGreaterThan(start)
                .isEqualTo(byClass(line.get("labels"), "grasp").get("start").asLong());
        assertThat(byClass(line.get("labels"), "grasp").get("end").asLong()).as("cut to the trim's end")
                .isEqualTo(end);
        assertThat(line.get("labels").findValues("time")).as("the contact before the trim dropped")
                .singleElement().satisfies(t -> assertThat(t.asLong()).isBetween(start, end));
        JsonNode version = line.at("/annotators/0/labels");
        assertThat(label(version, before)).as("the annotator's version is clipped alike").isNull();
        assertThat(label(version, across).get("start").asLong()).isEqualTo(start);

        JsonNode wholeLine = json.readTree(file(whole, "labels.jsonl"));
        assertThat(wholeLine.at("/episode/trim").isMissingNode()).as("built before the trim").isTrue();
        assertThat(wholeLine.get("labels").findValues("time")).as("both contacts").hasSize(2);

        JsonNode wholeInfo = lerobotInfo(whole);
        JsonNode trimmedInfo = lerobotInfo(trimmed);
        double fps = trimmedInfo.get("fps").asDouble();
        assertThat(trimmedInfo.get("total_frames").asLong()).as("the LeRobot episode is the trimmed span")
                .isBetween((long) Math.floor((end - start) / 1e9 * fps) - 1, (long) Math.ceil((end - start) / 1e9 * fps) + 1);
        assertThat(wholeInfo.get("total_frames").asLong()).isGreaterThan(trimmedInfo.get("total_frames").asLong());

        assertThat(triage.clearTrim(project.id(), List.of(episode))).isEqualTo(1);
        assertThat(triage.episodes(project.id())).singleElement().satisfies(r -> assertThat(r.trim()).isNull());
        assertThat(dsl.fetchSingle("select count(*)::int from audit_event where action = 'workflow.triage.trim-accepted'"
                + " and target_id = ?", project.id().toString()).get(0, Integer.class)).isEqualTo(1);
    }

    private Release build(Project project, String version) throws InterruptedException {
        Release release = releases.create(project.id(), version, "trim", false, Set.of());
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!releases.progress(release.id()).finished() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(releases.release(release.id()).progress().error()).isNull();
        return release;
    }

    private String file(Release release, String name) throws Exception {
        try (InputStream in = blobs.open(releases.download(release.id(), name, null).key())) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private JsonNode lerobotInfo(Release release) throws Exception {
        try (ZipInputStream zip = new ZipInputStream(blobs.open(releases.download(release.id(),
                "lerobot-v3.0.zip", null).key()))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                if (entry.getName().endsWith("meta/info.json")) {
                    return json.readTree(new String(zip.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        }
        throw new AssertionError("no meta/info.json in the LeRobot zip");
    }

    private static JsonNode byClass(JsonNode labels, String classKey) {
        for (JsonNode l : labels) {
            if (l.path("classKey").asString().equals(classKey)) {
                return l;
            }
        }
        throw new AssertionError("no label of class " + classKey + " in " + labels);
    }

    private static JsonNode label(JsonNode labels, UUID id) {
        for (JsonNode l : labels) {
            if (l.path("id").asString().equals(id.toString())) {
                return l;
            }
        }
        return null;
    }
}
