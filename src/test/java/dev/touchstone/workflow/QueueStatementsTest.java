package dev.touchstone.workflow;

import dev.touchstone.TouchstoneSpringTest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.touchstone.workflow.WorkflowFixtures.settings;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * How many SQL statements one claim and one submit send (issue 23, docs/workflow/queue.md "Statements per claim and
 * submit"). Each is one transaction; the commit is not counted. Before issue 23, naming a project, a claim of a new
 * task sent 7 statements, a resume or a claim of returned work 5, and a submit 7.
 */
@TouchstoneSpringTest
class QueueStatementsTest extends WorkflowTestBase {

    @Test
    void aClaimIsThreeStatementsAndASubmitThree() {
        Project project = fixtures.project(3, 5, settings(2, 0, 60));
        String annotator = fixtures.annotators(1).getFirst();
        signIn.as(annotator);
        try (StatementCounter counter = new StatementCounter(dsl.configuration())) {
            counter.thread();
            Assignment first = workflow.claimNext(project.id()).orElseThrow();
            List<String> claimNew = counter.thread();
            Assignment again = workflow.claimNext(project.id()).orElseThrow();
            List<String> resume = counter.thread();
            assertThat(again.id()).isEqualTo(first.id());
            workflow.submit(first.id());
            List<String> submit = counter.thread();
            assertThat(assignmentState(first.id())).isEqualTo("submitted");

            signIn.out();
            signIn.as("qa@acme.test");
            reviews.returnToAnnotator(first.id(), "the grasp ends too early");
            signIn.out();
            signIn.as(annotator);
            counter.thread();
            Assignment rework = workflow.claimNext(project.id()).orElseThrow();
            List<String> returned = counter.thread();
            assertThat(rework.id()).isEqualTo(first.id());
            assertThat(rework.state()).isEqualTo(AssignmentState.LIVE);

            print("claim, new task", claimNew);
            print("claim, resumed", resume);
            print("submit", submit);
            print("claim, returned work", returned);
            // advisory lock, the claim (returned, resumed or new, with the assignment in RETURNING), the audit row
            assertThat(claimNew).hasSize(3);
            assertThat(returned).hasSize(3);
            // a resume is not audited: lock (with the project's existence), claim
            assertThat(resume).hasSize(2);
            // lock and read the assignment, the submit (assignment and task in one statement), the audit row; a
            // task neither gold nor complete needs nothing else
            assertThat(submit).hasSize(3);
        }
    }

    private static void print(String what, List<String> statements) {
        System.out.println("STATEMENTS " + what + ": " + statements.size());
        statements.forEach(s -> System.out.println("STATEMENTS   " + s.replaceAll("\\s+", " ")));
    }
}
