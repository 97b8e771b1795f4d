package dev.touchstone.workflow;

import dev.touchstone.TouchstoneSpringTest;
import dev.touchstone.audit.AuditEntry;
import dev.touchstone.audit.AuditService;
import dev.touchstone.labeling.DraftOp;
import dev.touchstone.labeling.DraftSave;
import dev.touchstone.organization.MemberService;
import dev.touchstone.organization.Role;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.access.AccessDeniedException;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static dev.touchstone.workflow.WorkflowFixtures.SECOND;
import static dev.touchstone.workflow.WorkflowFixtures.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Issue 17 against the real database: gold stays hidden from the annotator (shown in blocks of submissions, from a
 * minimum on), returned work is served first and opens directly, the annotator's own pause is told apart from the
 * project's, the median time per task leaves reworked work out, and tasks and audit targets carry names.
 */
@TouchstoneSpringTest
class WorkflowTrustTest extends WorkflowTestBase {

    @Autowired
    AuditService audit;
    @Autowired
    MemberService members;

    /**
     * Worked example of docs/workflow/review.md ("What annotators see of gold"): 6 gold tasks among the first 20
     * submissions; nothing is shown until the 20th, then the mean of those 6; a 7th gold score (the 21st submission)
     * changes nothing the annotator sees, while the QA lead's figure (and pausing) uses all 7.
     */
    @Test
    void goldAccuracyIsShownOnlyInWholeBlocksOfSubmissions() {
        Project project = fixtures.project(25, 10, settings(1, 1.0, 600));
        String annotator = fixtures.annotators(7).get(6);
        List<TaskInfo> tasks = fixtures.tasks(project.id());
        signIn.as("pm@acme.test");
        workflow.updateProject(project.id(), 1, 1.0, 600, 0, null,
                new ProjectSettings(ReviewPolicy.DISAGREEMENT, 0, Map.of(), Map.of(), 0.0, 1));
        signIn.out();
        signIn.as("qa@acme.test");
        for (TaskInfo t : tasks.subList(0, 6)) {
            reviews.setGoldAnswer(t.id(), labels("success", true));
        }
        signIn.out();

        // The first gold submission (a perfect one) shows nothing: before, "Gold accuracy 100% (1)" pointed at it.
        labelAndSubmit(annotator, project.id(), "success", true);
        assertThat(standing(annotator, project.id()).goldAccuracy()).as("after 1 gold submission").isNull();
        assertThat(standing(annotator, project.id()).goldScored()).isZero();
        labelAndSubmit(annotator, project.id(), "fail", false);
        for (int i = 2; i < 19; i++) {
            labelAndSubmit(annotator, project.id(), "success", true);
            assertThat(standing(annotator, project.id()).goldAccuracy()).as("after %d submissions", i + 1).isNull();
        }
        labelAndSubmit(annotator, project.id(), "success", true);
        UUID me = fixtures.userId(annotator);
        double firstSix = dsl.resultQuery("select avg(score) from gold_score where project_id = ? and annotator_id = ?",
                project.id(), me).fetchSingle(0, Double.class);
        assertThat(firstSix).as("one wrong gold answer of six").isLessThan(1.0).isGreaterThan(0.5);
        AnnotatorHome.Standing twenty = standing(annotator, project.id());
        assertThat(twenty.goldScored()).isEqualTo(6);
        assertThat(twenty.goldCovers()).isEqualTo(20);
        assertThat(twenty.goldAccuracy()).isCloseTo(firstSix, within(1e-12));

        // A 7th gold task, answered wrongly, as the 21st submission: what the annotator sees does not move.
        UUID open = fixtures.tasks(project.id()).stream().filter(t -> t.activeAssignments() == 0).findFirst()
                .orElseThrow().id();
        signIn.as("qa@acme.test");
        reviews.setGoldAnswer(open, labels("success", true));
        signIn.out();
        UUID seventh = labelAndSubmit(annotator, project.id(), "fail", false);
        assertThat(dsl.resultQuery("select task_id from assignment where id = ?", seventh).fetchSingle(0, UUID.class))
                .isEqualTo(open);
        AnnotatorHome.Standing after = standing(annotator, project.id());
        assertThat(after.submitted()).isEqualTo(21);
        assertThat(after.goldScored()).isEqualTo(6);
        assertThat(after.goldCovers()).isEqualTo(20);
        assertThat(after.goldAccuracy()).isEqualTo(twenty.goldAccuracy());
        signIn.as("qa@acme.test");
        ProjectProgress.AnnotatorStanding real = workflow.progress(project.id()).annotators().stream()
                .filter(a -> a.email().equals(annotator)).findFirst().orElseThrow();
        assertThat(real.goldScored()).as("the QA lead and pausing see every score").isEqualTo(7);
        signIn.out();
    }

    @Test
    void returnedWorkComesBeforeTheOpenTaskAndOpensDirectly() {
        Project project = fixtures.project(4, 10, settings(1, 0, 600));
        List<String> annotators = fixtures.annotators(9);
        String ana = annotators.get(7);
        List<TaskInfo> tasks = fixtures.tasks(project.id());
        signIn.as(ana);
        Assignment first = workflow.claimNext(project.id()).orElseThrow();
        workflow.submit(first.id());
        Assignment second = workflow.claimNext(project.id()).orElseThrow();
        workflow.submit(second.id());
        Assignment open = workflow.claimNext(project.id()).orElseThrow();
        assertThat(open.taskId()).isEqualTo(tasks.get(2).id());
        signIn.out();

        signIn.as("qa@acme.test");
        reviews.returnWork(tasks.get(0).id(), List.of(first.id()), "the release event is missing");
        reviews.returnWork(tasks.get(1).id(), List.of(second.id()), "the grasp starts earlier");
        signIn.out();

        signIn.as(ana);
        assertThat(work.home().returned()).extracting(AnnotatorHome.ReturnedWork::assignmentId)
                .containsExactlyInAnyOrder(first.id(), second.id());
        // My work says: returned work first, then the task you have open, then a new task.
        Assignment next = workflow.claimNext(project.id()).orElseThrow();
        assertThat(next.id()).as("returned work before the open task").isIn(first.id(), second.id());
        assertThat(next.state()).isEqualTo(AssignmentState.LIVE);
        UUID other = next.id().equals(first.id()) ? second.id() : first.id();

        // The other one opens straight from My work, editable, with the comment.
        Assignment reopened = workflow.openReturned(other);
        assertThat(reopened.state()).isEqualTo(AssignmentState.LIVE);
        WorkItem item = work.open(other);
        assertThat(item.returnComment()).isNotBlank();
        assertThat(item.assignment().state()).isEqualTo(AssignmentState.LIVE);
        assertThat(workflow.openReturned(other).id()).as("opening it again renews its lease").isEqualTo(other);
        assertThat(workflow.claimNext(project.id()).orElseThrow().id()).as("reworked work is resumed before the"
                + " task that was open").isIn(first.id(), second.id());
        drafts.save(item.draft().id(), new DraftSave(UUID.randomUUID(), "rework", labels("success", true).stream()
                .<DraftOp>map(l -> new DraftOp.Put(l, 0)).toList()));
        drafts.submit(item.draft().id(), "rework-" + UUID.randomUUID());
        workflow.submit(next.id());
        assertThatThrownBy(() -> workflow.openReturned(other)).as("resubmitted: no longer returned")
                .isInstanceOf(AssignmentClosedException.class);
        assertThat(workflow.claimNext(project.id()).orElseThrow().id()).as("then the open task")
                .isEqualTo(open.id());
        assertThat(audit(other, "workflow.assignment.reclaimed")).isEqualTo(1);
        signIn.out();

        signIn.as(annotators.get(8));
        assertThatThrownBy(() -> workflow.openReturned(first.id())).isInstanceOf(AccessDeniedException.class);
        signIn.out();
    }

    @Test
    void returnedWorkDoesNotOpenWhileTheAnnotatorIsPaused() {
        Project project = fixtures.project(1, 5, settings(1, 0, 600));
        String ben = fixtures.annotators(10).get(9);
        signIn.as(ben);
        Assignment a = workflow.claimNext(project.id()).orElseThrow();
        workflow.submit(a.id());
        signIn.out();
        signIn.as("qa@acme.test");
        reviews.returnToAnnotator(a.id(), "please redo the phases");
        workflow.pauseAnnotator(project.id(), fixtures.userId(ben), "coaching first");
        signIn.out();
        signIn.as(ben);
        assertThatThrownBy(() -> workflow.openReturned(a.id())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("paused");
        AnnotatorHome.Standing standing = standing(ben, project.id());
        assertThat(standing.paused()).isTrue();
        assertThat(standing.projectPaused()).isFalse();
        signIn.out();
        signIn.as("pm@acme.test");
        workflow.reinstateAnnotator(project.id(), fixtures.userId(ben));
        workflow.setProjectState(project.id(), ProjectState.PAUSED);
        signIn.out();
        standing = standing(ben, project.id());
        assertThat(standing.paused()).as("the annotator is not paused, the project is").isFalse();
        assertThat(standing.projectPaused()).isTrue();
    }

    @Test
    void theMedianTimePerTaskLeavesReworkedAssignmentsOut() {
        Project project = fixtures.project(2, 5, settings(1, 0, 600));
        String cy = fixtures.annotators(11).get(10);
        signIn.as(cy);
        Assignment first = workflow.claimNext(project.id()).orElseThrow();
        workflow.submit(first.id());
        signIn.out();
        // Claimed an hour ago, returned by review, reworked now: the hour is not labeling time.
        dsl.execute("update assignment set created_at = now() - interval '1 hour' where id = ?", first.id());
        signIn.as("qa@acme.test");
        reviews.returnToAnnotator(first.id(), "redo");
        signIn.out();
        signIn.as(cy);
        workflow.submit(workflow.claimNext(project.id()).orElseThrow().id());
        Assignment second = workflow.claimNext(project.id()).orElseThrow();
        workflow.submit(second.id());
        signIn.out();
        double spent = dsl.resultQuery("select extract(epoch from submitted_at - created_at)::float8 from assignment"
                + " where id = ?", second.id()).fetchSingle(0, Double.class);
        signIn.as("pm@acme.test");
        assertThat(workflow.progress(project.id()).medianSecondsPerTask()).isCloseTo(spent, within(1e-6))
                .isLessThan(60);
        signIn.out();
    }

    @Test
    void tasksAndAuditTargetsCarryNames() {
        Project project = fixtures.project(2, 12, NewProject.of("x", null, null, 1, 0, 600)
                .withWindow(10 * SECOND));
        String dee = fixtures.annotators(12).get(11);
        List<TaskInfo> tasks = fixtures.tasks(project.id());
        assertThat(tasks).extracting(TaskInfo::episodeName)
                .containsExactlyInAnyOrder("episode 0", "episode 0", "episode 1", "episode 1");
        signIn.as(dee);
        Assignment a = workflow.claimNext(project.id()).orElseThrow();
        workflow.submit(a.id());
        signIn.out();
        TaskInfo task = tasks.stream().filter(t -> t.id().equals(a.taskId())).findFirst().orElseThrow();
        String window = task.windowStartNanos() == 0 ? "0.0–10.0 s" : "10.0–12.0 s";

        signIn.as("admin@acme.test");
        UUID deeId = fixtures.userId(dee);
        members.changeRoles(deeId, Set.of(Role.ANNOTATOR, Role.QA_LEAD));
        members.changeRoles(deeId, Set.of(Role.ANNOTATOR));
        AuditEntry created = entry("workflow.project.created", project.id().toString());
        assertThat(created.targetName()).isEqualTo(project.name());
        assertThat(created.targetText()).isEqualTo("project " + project.name());
        assertThat(entry("workflow.assignment.submitted", a.id().toString()).targetText())
                .isEqualTo("assignment " + task.episodeName() + " · Queue annotator " + dee + " (" + project.name()
                        + ")");
        assertThat(entry("workflow.task.consensus", task.id().toString()).targetText())
                .isEqualTo("task " + task.episodeName() + " · " + window + " (" + project.name() + ")");
        assertThat(entry("member.roles.changed", deeId.toString()).targetText())
                .isEqualTo("user Queue annotator " + dee + " <" + dee + ">");
        assertThat(entry("workflow.task.consensus", task.id().toString()).targetId())
                .as("the id stays in the entry").isEqualTo(task.id().toString());
        signIn.out();
    }

    private AuditEntry entry(String action, String targetId) {
        return audit.page(action, 0, 500).stream().filter(e -> targetId.equals(e.targetId())).findFirst()
                .orElseThrow();
    }

    private int audit(UUID assignmentId, String action) {
        return dsl.resultQuery("select count(*)::int from audit_event where action = ? and target_id = ?", action,
                assignmentId.toString()).fetchSingle(0, Integer.class);
    }

    private AnnotatorHome.Standing standing(String annotator, UUID projectId) {
        signIn.as(annotator);
        try {
            return work.home().projects().stream().filter(s -> s.projectId().equals(projectId)).findFirst()
                    .orElseThrow();
        } finally {
            signIn.out();
        }
    }
}
