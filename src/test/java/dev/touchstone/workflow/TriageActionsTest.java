package dev.touchstone.workflow;

import dev.touchstone.SignIn;
import dev.touchstone.TouchstoneSpringTest;
import dev.touchstone.dataset.DatasetService;
import dev.touchstone.dataset.EpisodeStore;
import dev.touchstone.labeling.DraftOp;
import dev.touchstone.labeling.DraftSave;
import dev.touchstone.labeling.DraftService;
import dev.touchstone.labeling.Label;
import dev.touchstone.labeling.LabelSchemaService;
import dev.touchstone.organization.CurrentOrganization;
import dev.touchstone.organization.OrganizationProvisioning;
import dev.touchstone.release.Release;
import dev.touchstone.release.ReleaseService;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.access.AccessDeniedException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Triage's decisions through the real queue, review and release: an excluded episode's tasks are never claimed,
 * never listed for review and never released, and come back when put back; a task sent to review first goes to
 * review whatever the policy and leads the inbox.
 */
@TouchstoneSpringTest
class TriageActionsTest {

    @Autowired SignIn signIn;
    @Autowired WorkflowService workflow;
    @Autowired WorkService work;
    @Autowired DraftService drafts;
    @Autowired ReviewService reviews;
    @Autowired TriageService triage;
    @Autowired ReleaseService releases;
    @Autowired DatasetService datasets;
    @Autowired EpisodeStore store;
    @Autowired CurrentOrganization current;
    @Autowired LabelSchemaService schemas;
    @Autowired OrganizationProvisioning provisioning;
    @Autowired DSLContext dsl;

    @AfterEach
    void signOut() {
        signIn.out();
    }

    @Test
    void anExcludedEpisodeLeavesTheQueueAndReleasesAndComesBackWhenPutBack() throws Exception {
        WorkflowFixtures fixtures = fixtures();
        Project project = fixtures.project(3, 3, WorkflowFixtures.settings(1, 0, 600));
        String annotator = fixtures.annotators(1).getFirst();
        signIn.as("pm@acme.test");
        List<UUID> episodes = triage.episodes(project.id()).stream().map(TriageService.Row::episodeId).toList();
        UUID e0 = episodes.get(0);
        UUID e1 = episodes.get(1);
        UUID e2 = episodes.get(2);
        assertThatThrownBy(() -> triage.exclude(project.id(), List.of(e0), "  "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reason");
        assertThat(triage.exclude(project.id(), List.of(e0), "camera fogged")).isEqualTo(1);
        assertThat(triage.setReviewFirst(project.id(), List.of(e1), true)).isEqualTo(1);
        assertThat(triage.episodes(project.id())).filteredOn(r -> r.episodeId().equals(e0)).singleElement()
                .satisfies(r -> {
                    assertThat(r.excluded()).isTrue();
                    assertThat(r.excludedReason()).isEqualTo("camera fogged");
                });
        assertThat(dsl.fetchSingle("""
                select count(*)::int from audit_event where action = 'workflow.triage.excluded' and target_id = ?
                   and details ->> 'reason' = 'camera fogged'""", project.id().toString()).get(0, Integer.class))
                .isEqualTo(1);

        // The annotator gets e1 and e2, never e0; with the default policy (disagreements only) the single-annotator
        // e2 is accepted, and e1, sent to review first, goes to review.
        assertThat(labelAll(annotator, project.id())).containsExactlyInAnyOrder(e1, e2);
        assertThat(reviewState(project.id(), e1)).isEqualTo("review");
        assertThat(reviewState(project.id(), e2)).isEqualTo("accepted");

        // Put back, e0 is claimed like any task; then e2 (accepted) is excluded and leaves the release.
        signIn.as("pm@acme.test");
        assertThat(triage.include(project.id(), List.of(e0))).isEqualTo(1);
        assertThat(labelAll(annotator, project.id())).containsExactly(e0);
        signIn.as("pm@acme.test");
        triage.exclude(project.id(), List.of(e2), "wrong object");
        Release release = releases.create(project.id(), "1", "triage", false, Set.of());
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!releases.progress(release.id()).finished() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(releases.release(release.id()).progress().error()).isNull();
        assertThat(dsl.fetch("select episode_id from release_item where release_id = ?", release.id())
                .getValues(0, UUID.class)).containsExactly(e0);
    }

    @Test
    void tasksSentToReviewFirstLeadTheInboxAndExcludedOnesLeaveIt() {
        WorkflowFixtures fixtures = fixtures();
        Project project = fixtures.project(3, 3, WorkflowFixtures.settings(1, 0, 600));
        String annotator = fixtures.annotators(1).getFirst();
        signIn.as("pm@acme.test");
        workflow.updateProject(project.id(), 1, 0, 600, 0, null,
                new ProjectSettings(ReviewPolicy.ALL, 0, Map.of(), Map.of(), 0.7, 3));
        List<UUID> submitted = labelAll(annotator, project.id());
        assertThat(submitted).hasSize(3);
        signIn.as("qa@acme.test");
        assertThat(reviews.inbox(project.id(), 10)).extracting(ReviewItem::episodeId)
                .as("oldest first").containsExactlyElementsOf(submitted);
        assertThatThrownBy(() -> triage.setReviewFirst(project.id(), List.of(submitted.get(2)), true))
                .as("a QA lead sees triage but does not decide it").isInstanceOf(AccessDeniedException.class);

        signIn.as("pm@acme.test");
        triage.setReviewFirst(project.id(), List.of(submitted.get(2)), true);
        triage.exclude(project.id(), List.of(submitted.get(0)), "duplicate take");
        signIn.as("qa@acme.test");
        assertThat(reviews.inbox(project.id(), 10)).extracting(ReviewItem::episodeId)
                .containsExactly(submitted.get(2), submitted.get(1));
        signIn.as(annotator);
        assertThatThrownBy(() -> triage.episodes(project.id())).isInstanceOf(AccessDeniedException.class);
    }

    /** Claims and submits every task the annotator can get; returns their episodes in claim order. */
    private List<UUID> labelAll(String annotator, UUID projectId) {
        signIn.as(annotator);
        List<UUID> episodes = new ArrayList<>();
        for (Optional<Assignment> next = workflow.claimNext(projectId); next.isPresent();
             next = workflow.claimNext(projectId)) {
            WorkItem item = work.open(next.get().id());
            List<Label> labels = List.of(
                    new Label.Phase(UUID.randomUUID(), "phase", "main", "reach", 0, WorkflowFixtures.SECOND),
                    new Label.Phase(UUID.randomUUID(), "phase", "main", "grasp", WorkflowFixtures.SECOND,
                            3 * WorkflowFixtures.SECOND),
                    new Label.Value(UUID.randomUUID(), "grasp_outcome", null, List.of("success"), null, null, null),
                    new Label.Value(UUID.randomUUID(), "quality", null, List.of(), null, true, null));
            drafts.save(item.draft().id(), new DraftSave(UUID.randomUUID(), "test",
                    labels.stream().<DraftOp>map(l -> new DraftOp.Put(l, 0)).toList()));
            drafts.submit(item.draft().id(), "submit-" + UUID.randomUUID());
            episodes.add(item.episode().episode().id());
        }
        signIn.out();
        return episodes;
    }

    private String reviewState(UUID projectId, UUID episodeId) {
        return dsl.fetchSingle("select review_state from task where project_id = ? and episode_id = ?", projectId,
                episodeId).get(0, String.class);
    }

    private WorkflowFixtures fixtures() {
        return new WorkflowFixtures(signIn, datasets, store, current, schemas, provisioning, workflow);
    }
}
