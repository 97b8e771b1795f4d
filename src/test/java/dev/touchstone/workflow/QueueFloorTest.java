package dev.touchstone.workflow;

import dev.touchstone.TouchstoneSpringTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.List;
import java.util.UUID;

import static dev.touchstone.workflow.WorkflowFixtures.SECOND;
import static dev.touchstone.workflow.WorkflowFixtures.settings;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The queue's floor (V30, docs/workflow/queue.md "The floor"): it follows the first claimable task forward as tasks
 * fill and complete, moves back when a task before it becomes claimable again, and never hides a task from a claim.
 */
@TouchstoneSpringTest
class QueueFloorTest extends WorkflowTestBase {

    @Autowired
    QueueFloors floors;

    /** The task the normal list's floor of the project points at. */
    UUID floor(UUID projectId) {
        return dsl.resultQuery("select task_id from task_floor where project_id = ? and not is_gold", projectId)
                .fetchSingle(0, UUID.class);
    }

    List<UUID> tasksInClaimOrder(UUID projectId) {
        return fixtures.tasks(projectId).stream().map(TaskInfo::id).toList();
    }

    /** Named project: the shared test annotators may hold work in other tests' projects. */
    Assignment claimAs(String email, UUID projectId) {
        signIn.as(email);
        try {
            return workflow.claimNext(projectId).orElseThrow();
        } finally {
            signIn.out();
        }
    }

    @Test
    void theFloorFollowsTheFirstClaimableTaskAndMovesBackWhenATaskBeforeItIsFreed() {
        Project project = fixtures.project(1, 6, settings(1, 0, 60).withWindow(SECOND));
        List<UUID> tasks = tasksInClaimOrder(project.id());
        List<String> people = fixtures.annotators(3);
        assertThat(floor(project.id())).as("made with the project").isEqualTo(tasks.get(0));

        Assignment first = claimAs(people.get(0), project.id());
        Assignment second = claimAs(people.get(1), project.id());
        assertThat(List.of(first.taskId(), second.taskId())).containsExactly(tasks.get(0), tasks.get(1));
        signIn.as(people.get(1));
        workflow.submit(second.id());
        signIn.out();
        floors.advanceNow();
        assertThat(floor(project.id())).as("past the full and the complete task").isEqualTo(tasks.get(2));

        // The first task is freed by a skip: the trigger moves the floor back in the skipping transaction.
        signIn.as(people.get(0));
        workflow.skip(first.id(), "cannot see the gripper");
        signIn.out();
        assertThat(floor(project.id())).isEqualTo(tasks.get(0));
        floors.advanceNow();
        assertThat(floor(project.id())).as("an advance stops at a claimable task").isEqualTo(tasks.get(0));
        assertThat(claimAs(people.get(2), project.id()).taskId()).as("first in order, not hidden below a floor")
                .isEqualTo(tasks.get(0));
    }

    @Test
    void returnedWorkBelowTheFloorIsClaimedAndFreedWorkGoesToOthers() throws Exception {
        Project project = fixtures.project(1, 5, settings(1, 0, 2).withWindow(SECOND));
        List<UUID> tasks = tasksInClaimOrder(project.id());
        List<String> people = fixtures.annotators(2);
        Assignment done = claimAs(people.get(0), project.id());
        assertThat(done.taskId()).isEqualTo(tasks.get(0));
        signIn.as(people.get(0));
        workflow.submit(done.id());
        signIn.out();
        floors.advanceNow();
        assertThat(floor(project.id())).isEqualTo(tasks.get(1));

        signIn.as("qa@acme.test");
        reviews.returnToAnnotator(done.id(), "the grasp ends too early");
        signIn.out();
        // Returned work has its own path (the annotator's assignments), whatever the floor says.
        Assignment rework = claimAs(people.get(0), project.id());
        assertThat(rework.id()).isEqualTo(done.id());
        assertThat(rework.taskId()).isEqualTo(tasks.get(0));

        // The rework is abandoned: its lease (2 s) runs out and the task is free for others, first in order.
        Thread.sleep(2_500);
        leases.expireNow(); // or the scheduled sweep did it already
        assertThat(assignmentState(done.id())).isEqualTo("expired");
        assertThat(floor(project.id())).as("moved back by the expiry").isEqualTo(tasks.get(0));
        assertThat(claimAs(people.get(1), project.id()).taskId()).isEqualTo(tasks.get(0));
    }

    @Test
    void markingATaskGoldMovesTheGoldFloorBackToIt() {
        Project project = fixtures.project(1, 4, settings(1, 1.0, 60).withWindow(SECOND));
        List<UUID> tasks = tasksInClaimOrder(project.id());
        signIn.as("qa@acme.test");
        workflow.setGold(project.id(), List.of(tasks.get(3)), true);
        workflow.setGold(project.id(), List.of(tasks.get(1)), true);
        signIn.out();
        UUID goldFloor = dsl.resultQuery("select task_id from task_floor where project_id = ? and is_gold",
                project.id()).fetchSingle(0, UUID.class);
        assertThat(goldFloor).isEqualTo(tasks.get(1));
        // gold rate 1: gold first, from its floor
        assertThat(claimAs(fixtures.annotators(1).getFirst(), project.id()).taskId()).isEqualTo(tasks.get(1));
    }

    @Test
    void theFastClaimStartsItsWalkAtTheFloor() {
        Project project = fixtures.project(1, 4, settings(1, 0, 60).withWindow(SECOND));
        List<UUID> tasks = tasksInClaimOrder(project.id());
        // Put past two claimable tasks by hand, which the rule never allows: the claim then starts at the floor, not
        // at the head of the list. This is why the rule must hold, and what spares it the dead entries at the head.
        dsl.execute("""
                update task_floor f set task_id = t.id, priority = t.priority, created_at = t.created_at
                  from task t where t.id = ? and f.project_id = ? and not f.is_gold""", tasks.get(2), project.id());
        assertThat(claimAs(fixtures.annotators(1).getFirst(), project.id()).taskId()).isEqualTo(tasks.get(2));
    }
}
