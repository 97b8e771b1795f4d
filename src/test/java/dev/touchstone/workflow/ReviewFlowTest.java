package dev.touchstone.workflow;

import dev.touchstone.TouchstoneSpringTest;
import dev.touchstone.labeling.Draft;
import dev.touchstone.labeling.DraftOp;
import dev.touchstone.labeling.DraftSave;
import dev.touchstone.labeling.Label;
import dev.touchstone.labeling.LabelType;
import dev.touchstone.quality.DefinitionAgreement;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.touchstone.workflow.WorkflowFixtures.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Assignments with drafts end to end against the real database: submissions merge into a consensus, disagreement
 * goes to review, returned work comes back first with its comment and is merged again, gold is scored and a low
 * accuracy pauses the annotator, an expired lease closes the draft, and annotators read only their episodes.
 */
@TouchstoneSpringTest
class ReviewFlowTest extends WorkflowTestBase {


    @Test
    void disagreementGoesToReviewAndReturnedWorkIsReworkedUntilAccepted() {
        Project project = fixtures.project(1, 10, settings(2, 0, 600));
        List<String> annotators = fixtures.annotators(3);
        UUID taskId = fixtures.tasks(project.id()).getFirst().id();

        UUID first = labelAndSubmit(annotators.get(0), project.id(), "success", true);
        UUID second = labelAndSubmit(annotators.get(1), project.id(), "fail", true);
        assertThat(assignmentState(first)).isEqualTo("submitted");

        signIn.as("qa@acme.test");
        assertThat(reviews.inbox(null, 100)).extracting(ReviewItem::taskId).contains(taskId);
        TaskReview review = reviews.review(taskId);
        assertThat(review.reviewState()).isEqualTo("review");
        assertThat(review.reviewReason()).contains("Grasp outcome");
        assertThat(review.work()).hasSize(2).allSatisfy(w -> assertThat(w.labels()).hasSize(4));
        assertThat(review.agreement()).filteredOn(a -> a.definition().equals("grasp_outcome"))
                .extracting(DefinitionAgreement::agreement).containsExactly(0.0);
        assertThat(review.agreement()).filteredOn(a -> a.definition().equals("phase"))
                .extracting(DefinitionAgreement::agreement).containsExactly(1.0);
        assertThatThrownBy(() -> reviews.returnWork(taskId, List.of(second), " "))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(reviews.returnWork(taskId, List.of(second), "The object fell after release: that is a success"))
                .isEqualTo(1);
        assertThat(reviews.review(taskId).reviewState()).isEqualTo("labeling");
        signIn.out();

        signIn.as(annotators.get(1));
        assertThat(work.home().returned()).extracting(AnnotatorHome.ReturnedWork::comment)
                .containsExactly("The object fell after release: that is a success");
        Assignment again = workflow.claimNext(null).orElseThrow();
        assertThat(again.id()).as("returned work comes first").isEqualTo(second);
        WorkItem item = work.open(second);
        assertThat(item.returnComment()).contains("success");
        assertThat(item.draft().submitted()).as("the draft reopened").isFalse();
        Label.Value outcome = (Label.Value) item.draft().labels().stream().map(Draft.StoredLabel::label)
                .filter(l -> l.definition().equals("grasp_outcome")).findFirst().orElseThrow();
        drafts.save(item.draft().id(), new DraftSave(UUID.randomUUID(), "test", List.of(new DraftOp.Put(
                new Label.Value(outcome.id(), "grasp_outcome", null, List.of("success"), null, null, null),
                item.draft().revision()))));
        drafts.submit(item.draft().id(), "resubmit-" + UUID.randomUUID());
        signIn.out();

        signIn.as("qa@acme.test");
        TaskReview accepted = reviews.review(taskId);
        assertThat(accepted.reviewState()).as("now they agree").isEqualTo("accepted");
        assertThat(accepted.consensus()).filteredOn(l -> l.definition().equals("grasp_outcome"))
                .singleElement().satisfies(l -> assertThat(((Label.Value) l).classes()).containsExactly("success"));
        reviews.promoteToGold(taskId);
        assertThat(reviews.review(taskId).gold()).isTrue();
        signIn.out();
        assertThat(dsl.resultQuery("select count(*)::int from audit_event where action = 'workflow.assignment.returned'"
                + " and target_id = ?", second.toString()).fetchSingle(0, Integer.class)).isEqualTo(1);
    }

    @Test
    void aWrongGoldAnswerPausesTheAnnotatorAndTellsQaLeads() {
        Project project = fixtures.project(2, 10, settings(1, 1.0, 600));
        List<String> annotators = fixtures.annotators(4);
        UUID goldTask = fixtures.tasks(project.id()).getFirst().id();
        signIn.as("pm@acme.test");
        workflow.updateProject(project.id(), 1, 1.0, 600, 0, null,
                new ProjectSettings(ReviewPolicy.DISAGREEMENT, 0, Map.of(), Map.of(LabelType.PHASE, 0.6), 0.7, 1,
                        750.0));
        // the phase threshold is an alpha and the boundary error limit is in ms: both stored and read back
        assertThat(workflow.settings(project.id()).maxBoundaryErrorMs()).isEqualTo(750.0);
        assertThat(workflow.settings(project.id()).threshold(LabelType.PHASE)).isEqualTo(0.6);
        signIn.out();
        UUID episode = fixtures.tasks(project.id()).getFirst().episodeId();
        signIn.as("qa@acme.test");
        UUID version = project.schemaVersionId();
        Draft mine = drafts.openDirect(episode, version);
        drafts.save(mine.id(), new DraftSave(UUID.randomUUID(), "qa", labels("success", true).stream()
                .<DraftOp>map(l -> new DraftOp.Put(l, 0)).toList()));
        assertThat(reviews.setGoldAnswer(goldTask)).isEqualTo(4);
        signIn.out();

        UUID assignment = labelAndSubmit(annotators.get(3), project.id(), "fail", false);
        assertThat(dsl.resultQuery("select task_id from assignment where id = ?", assignment).fetchSingle(0, UUID.class))
                .as("gold rate 1 serves the gold task").isEqualTo(goldTask);
        double score = dsl.resultQuery("select score from gold_score where assignment_id = ?", assignment)
                .fetchSingle(0, Double.class);
        assertThat(score).as("outcome and verdict wrong, phases right").isLessThan(0.7).isGreaterThan(0.0);

        signIn.as(annotators.get(3));
        assertThat(workflow.claimNext(project.id())).as("paused on the project").isEmpty();
        assertThat(work.home().projects()).filteredOn(s -> s.projectId().equals(project.id()))
                .singleElement().satisfies(s -> {
                    assertThat(s.paused()).isTrue();
                    assertThat(s.pausedReason()).contains("Gold accuracy");
                });
        signIn.out();
        signIn.as("qa@acme.test");
        assertThat(reviews.notifications()).anySatisfy(n -> assertThat(n.message()).contains(project.name()));
        assertThat(workflow.progress(project.id()).annotators())
                .filteredOn(a -> a.email().equals(annotators.get(3))).singleElement()
                .satisfies(a -> assertThat(a.goldAccuracy()).isEqualTo(score));
        workflow.reinstateAnnotator(project.id(), fixtures.userId(annotators.get(3)));
        signIn.out();
        signIn.as(annotators.get(3));
        assertThat(workflow.claimNext(project.id())).as("reinstated").isPresent();
    }

    @Test
    void anExpiredLeaseClosesTheDraftAndAnnotatorsSeeOnlyTheirEpisodes() {
        Project project = fixtures.project(2, 10, settings(1, 0, 600));
        List<String> annotators = fixtures.annotators(6);
        List<TaskInfo> tasks = fixtures.tasks(project.id());

        signIn.as(annotators.get(4));
        Assignment mine = workflow.claimNext(project.id()).orElseThrow();
        WorkItem item = work.open(mine.id());
        assertThat(datasets.episode(mine.episodeId())).isPresent();
        UUID other = tasks.stream().map(TaskInfo::episodeId).filter(e -> !e.equals(mine.episodeId())).findFirst()
                .orElseThrow();
        assertThat(datasets.episode(other)).as("not assigned: not found").isEmpty();
        assertThatThrownBy(() -> workflow.submit(mine.id())).as("labels are submitted through the draft")
                .isInstanceOf(IllegalStateException.class);
        signIn.out();

        leaseRunsOut(mine.id());
        assertThat(leases.expireNow()).isGreaterThanOrEqualTo(1);

        signIn.as(annotators.get(4));
        List<DraftOp> ops = labels("success", true).stream().<DraftOp>map(l -> new DraftOp.Put(l, 0)).toList();
        assertThatThrownBy(() -> drafts.save(item.draft().id(), new DraftSave(UUID.randomUUID(), "late", ops)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThat(work.open(mine.id()).draft().closed()).isTrue();
        assertThat(datasets.episode(mine.episodeId())).as("media of work once held stay readable").isPresent();
    }
}
