package dev.touchstone.workflow;

import dev.touchstone.TouchstoneSpringTest;
import dev.touchstone.audit.AuditEntry;
import dev.touchstone.audit.AuditService;
import dev.touchstone.organization.NotFoundInOrganizationException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.access.AccessDeniedException;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static dev.touchstone.workflow.WorkflowFixtures.SECOND;
import static dev.touchstone.workflow.WorkflowFixtures.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The queue's rules one at a time, against the real database. */
@TouchstoneSpringTest
class WorkflowServiceTest extends WorkflowTestBase {

    @Autowired
    AuditService audit;

    @Test
    void aProjectHasOneTaskPerEpisodeOrPerWindow() {
        Project whole = fixtures.project(3, 25, settings(2, 0, 60));
        assertThat(whole.tasks()).isEqualTo(3);
        assertThat(fixtures.tasks(whole.id())).allSatisfy(t -> assertThat(t.windowStartNanos()).isNull());

        Project windowed = fixtures.project(2, 25, settings(2, 0, 60).withWindow(10 * SECOND));
        List<TaskInfo> tasks = fixtures.tasks(windowed.id());
        assertThat(tasks).hasSize(6);
        assertThat(tasks).filteredOn(t -> t.episodeId().equals(tasks.getFirst().episodeId()))
                .extracting(TaskInfo::windowStartNanos, TaskInfo::windowEndNanos)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(0L, 10 * SECOND),
                        org.assertj.core.groups.Tuple.tuple(10 * SECOND, 20 * SECOND),
                        org.assertj.core.groups.Tuple.tuple(20 * SECOND, 25 * SECOND));

        signIn.as("admin@acme.test");
        assertThat(audit.page("workflow.project.created", 0, 500)).extracting(AuditEntry::targetId)
                .contains(whole.id().toString(), windowed.id().toString());
        assertThat(workflow.projects()).extracting(Project::id).contains(whole.id(), windowed.id());
    }

    @Test
    void rolesAreCheckedInTheService() {
        Project project = fixtures.project(1, 5, settings(1, 0, 60));
        signIn.as("annotator@acme.test");
        assertThatThrownBy(() -> workflow.createProject(NewProject.of("mine", project.datasetId(),
                project.schemaVersionId(), 1, 0, 60))).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> workflow.tasks(project.id(), 0, 10)).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> workflow.setGold(project.id(), List.of(), true))
                .isInstanceOf(AccessDeniedException.class);
        signIn.out();
        signIn.as("customer@acme.test");
        assertThatThrownBy(() -> workflow.claimNext(project.id())).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> workflow.claimNext(null)).isInstanceOf(AccessDeniedException.class);
        signIn.out();
        signIn.as("pm@acme.test");
        assertThatThrownBy(() -> workflow.claimNext(project.id())).as("managers do not take work from the queue")
                .isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void anotherOrganizationNeverSeesTheseTasks() {
        Project project = fixtures.project(2, 5, settings(3, 0, 60));
        String annotator = fixtures.annotators(1).getFirst();
        signIn.as(annotator);
        Assignment mine = workflow.claimNext(project.id()).orElseThrow();
        signIn.out();

        signIn.as("annotator@globex.test");
        assertThatThrownBy(() -> workflow.claimNext(project.id())).isInstanceOf(NotFoundInOrganizationException.class);
        assertThat(workflow.claimNext(null)).isEmpty();
        assertThatThrownBy(() -> workflow.heartbeat(mine.id())).isInstanceOf(NotFoundInOrganizationException.class);
        assertThatThrownBy(() -> workflow.submit(mine.id())).isInstanceOf(NotFoundInOrganizationException.class);
        assertThatThrownBy(() -> workflow.assignment(mine.id())).isInstanceOf(NotFoundInOrganizationException.class);
        signIn.out();
        signIn.as("admin@globex.test");
        assertThat(workflow.project(project.id())).isEmpty();
        assertThat(workflow.projects()).extracting(Project::id).doesNotContain(project.id());
        assertThatThrownBy(() -> workflow.tasks(project.id(), 0, 10)).isInstanceOf(NotFoundInOrganizationException.class);
        assertThatThrownBy(() -> workflow.pauseAnnotator(project.id(), fixtures.userId(annotator), "x"))
                .isInstanceOf(NotFoundInOrganizationException.class);
    }

    @Test
    void aPausedAnnotatorGetsNothingFromThatProject() {
        Project project = fixtures.project(2, 5, settings(2, 0, 60).withPriority(1_000_000));
        List<String> annotators = fixtures.annotators(2);
        UUID paused = fixtures.userId(annotators.get(0));
        signIn.as("qa@acme.test");
        workflow.pauseAnnotator(project.id(), paused, "gold accuracy below 80 %");
        signIn.out();

        signIn.as(annotators.get(0));
        assertThat(workflow.claimNext(project.id())).isEmpty();
        assertThat(workflow.claimNext(null)).as("nor through 'all projects'")
                .map(Assignment::projectId).isNotEqualTo(Optional.of(project.id()));
        signIn.out();
        signIn.as(annotators.get(1));
        assertThat(workflow.claimNext(project.id())).as("others still get work").isPresent();
        signIn.out();

        signIn.as("qa@acme.test");
        workflow.reinstateAnnotator(project.id(), paused);
        signIn.out();
        signIn.as(annotators.get(0));
        assertThat(workflow.claimNext(project.id())).isPresent();
    }

    @Test
    void aRestrictedProjectServesOnlyItsAnnotators() {
        List<String> annotators = fixtures.annotators(2);
        Project project = fixtures.project(1, 5, settings(2, 0, 60)
                .restrictedTo(java.util.Set.of(fixtures.userId(annotators.get(0)))));
        assertThat(project.restricted()).isTrue();
        signIn.as(annotators.get(1));
        assertThat(workflow.claimNext(project.id())).isEmpty();
        signIn.out();
        signIn.as(annotators.get(0));
        assertThat(workflow.claimNext(project.id())).isPresent();
    }

    @Test
    void anExpiredLeaseReturnsTheTaskToOthersAndKeepsTheRow() {
        Project project = fixtures.project(1, 5, settings(1, 0, 60));
        List<String> annotators = fixtures.annotators(2);
        signIn.as(annotators.get(0));
        Assignment first = workflow.claimNext(project.id()).orElseThrow();
        assertThat(first.leaseExpiresAt()).isAfter(Instant.now().plusSeconds(50));
        Instant extended = workflow.heartbeat(first.id());
        assertThat(extended).isAfterOrEqualTo(first.leaseExpiresAt());
        assertThat(workflow.claimNext(project.id())).as("a second tab resumes the same assignment")
                .map(Assignment::id).contains(first.id());
        signIn.out();
        signIn.as(annotators.get(1));
        assertThat(workflow.claimNext(project.id())).as("N = 1 and the slot is held").isEmpty();
        signIn.out();

        leaseRunsOut(first.id());
        signIn.as(annotators.get(0));
        assertThatThrownBy(() -> workflow.heartbeat(first.id())).as("a heartbeat after the lease ran out")
                .isInstanceOf(AssignmentClosedException.class);
        signIn.out();
        assertThat(leases.expireNow()).isGreaterThanOrEqualTo(1);
        assertThat(assignmentState(first.id())).as("the expired row stays").isEqualTo("expired");

        signIn.as(annotators.get(1));
        Assignment second = workflow.claimNext(project.id()).orElseThrow();
        assertThat(second.taskId()).isEqualTo(first.taskId());
        signIn.out();
        signIn.as(annotators.get(0));
        assertThat(workflow.claimNext(project.id())).as("never the same task twice").isEmpty();
        assertThatThrownBy(() -> workflow.submit(first.id())).isInstanceOf(AssignmentClosedException.class)
                .satisfies(e -> assertThat(((AssignmentClosedException) e).state()).isEqualTo(AssignmentState.EXPIRED));
        signIn.out();

        signIn.as("admin@acme.test");
        assertThat(audit.page("workflow.assignment.expired", 0, 500)).extracting(AuditEntry::targetId)
                .contains(first.id().toString());
    }

    @Test
    void submitSkipAndReturnedWorkFirst() {
        Project project = fixtures.project(3, 5, settings(1, 0, 60));
        List<String> annotators = fixtures.annotators(2);
        List<TaskInfo> tasks = fixtures.tasks(project.id());
        signIn.as(annotators.get(0));
        Assignment a = workflow.claimNext(project.id()).orElseThrow();
        assertThat(a.taskId()).as("oldest task first").isEqualTo(tasks.get(0).id());
        assertThat(workflow.submit(a.id()).state()).isEqualTo(AssignmentState.SUBMITTED);
        assertThat(workflow.submit(a.id()).state()).as("a double click").isEqualTo(AssignmentState.SUBMITTED);
        Assignment b = workflow.claimNext(project.id()).orElseThrow();
        assertThat(b.taskId()).isEqualTo(tasks.get(1).id());
        assertThatThrownBy(() -> workflow.skip(b.id(), " ")).isInstanceOf(IllegalArgumentException.class);
        workflow.skip(b.id(), "camera feed is black");
        assertThat(assignmentState(b.id())).isEqualTo("skipped");
        signIn.out();

        signIn.as(annotators.get(1));
        assertThatThrownBy(() -> workflow.submit(a.id())).isInstanceOf(AccessDeniedException.class);
        assertThat(workflow.claimNext(project.id()).orElseThrow().taskId()).as("the skipped task goes to others")
                .isEqualTo(tasks.get(1).id());
        signIn.out();

        assertThat(fixtures.tasks(project.id()).getFirst().complete()).isTrue();
        signIn.as("qa@acme.test");
        reviews.returnWork(tasks.get(0).id(), List.of(a.id()), "missed the release event");
        signIn.out();
        assertThat(fixtures.tasks(project.id()).getFirst().complete()).isFalse();

        signIn.as(annotators.get(0));
        Assignment again = workflow.claimNext(project.id()).orElseThrow();
        assertThat(again.id()).as("returned work comes before the open third task").isEqualTo(a.id());
        assertThat(again.state()).isEqualTo(AssignmentState.LIVE);
        workflow.submit(again.id());
        assertThat(workflow.claimNext(project.id()).orElseThrow().taskId()).isEqualTo(tasks.get(2).id());
        signIn.out();
        assertThat(fixtures.tasks(project.id()).getFirst().complete()).isTrue();
    }
}
