package dev.touchstone.curation;

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
import dev.touchstone.workflow.Assignment;
import dev.touchstone.workflow.Project;
import dev.touchstone.workflow.ReviewItem;
import dev.touchstone.workflow.ReviewService;
import dev.touchstone.workflow.WorkItem;
import dev.touchstone.workflow.WorkService;
import dev.touchstone.workflow.WorkflowFixtures;
import dev.touchstone.workflow.WorkflowService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A label factor through the real labeling loop: an annotator labels grasp_outcome, the task is accepted (by
 * consensus or by a QA lead, whatever the project's review policy says), and the coverage grid counts the episode as
 * accepted with its outcome, without anyone uploading anything.
 */
@TouchstoneSpringTest
class CoverageLabelFactorTest {

    @Autowired SignIn signIn;
    @Autowired DatasetService datasets;
    @Autowired EpisodeStore store;
    @Autowired CurrentOrganization current;
    @Autowired LabelSchemaService schemas;
    @Autowired OrganizationProvisioning provisioning;
    @Autowired WorkflowService workflow;
    @Autowired WorkService work;
    @Autowired DraftService drafts;
    @Autowired ReviewService reviews;
    @Autowired FactorService factors;
    @Autowired CoverageService coverage;

    @AfterEach
    void signOut() {
        signIn.out();
    }

    @Test
    void anAcceptedValueLabelBecomesTheEpisodesOutcome() {
        WorkflowFixtures fixtures = new WorkflowFixtures(signIn, datasets, store, current, schemas, provisioning,
                workflow);
        Project project = fixtures.project(2, 10, WorkflowFixtures.settings(1, 0, 600));
        signIn.as("pm@acme.test");
        factors.declare(project.datasetId(), NewFactor.categorical("take", "Take", List.of("first"),
                FactorSource.MANUAL, null));
        factors.declare(project.datasetId(), NewFactor.categorical("grasp", "Grasp outcome",
                        List.of("success", "slip", "fail"), FactorSource.MANUAL, null)
                .fromLabel(project.id(), "grasp_outcome").withSuccess(List.of("success")));
        factors.setValues(project.datasetId(), List.of(
                new EpisodeFactorValues("episode 0", java.util.Map.of("take", "first")),
                new EpisodeFactorValues("episode 1", java.util.Map.of("take", "first"))));
        assertThat(coverage.grid(project.datasetId(), List.of("take", "grasp")).withoutValue()).isEqualTo(2);
        signIn.out();

        String annotator = fixtures.annotators(1).getFirst();
        for (String outcome : List.of("success", "fail")) {
            signIn.as(annotator);
            Assignment assignment = workflow.claimNext(project.id()).orElseThrow();
            WorkItem item = work.open(assignment.id());
            List<DraftOp> ops = List.<Label>of(
                    new Label.Phase(UUID.randomUUID(), "phase", "main", "reach", 0, 5 * WorkflowFixtures.SECOND),
                    new Label.Value(UUID.randomUUID(), "grasp_outcome", null, List.of(outcome), null, null, null),
                    new Label.Value(UUID.randomUUID(), "quality", null, List.of(), null, true, null))
                    .stream().<DraftOp>map(l -> new DraftOp.Put(l, 0)).toList();
            drafts.save(item.draft().id(), new DraftSave(UUID.randomUUID(), "test", ops));
            drafts.submit(item.draft().id(), "submit-" + UUID.randomUUID());
            signIn.out();
        }
        signIn.as("qa@acme.test");
        for (ReviewItem waiting : reviews.inbox(project.id(), 10)) {
            reviews.accept(waiting.taskId());
        }

        CoverageGrid grid = coverage.grid(project.datasetId(), List.of("take", "grasp"));
        assertThat(grid.withoutValue()).isZero();
        CoverageCell success = grid.cellLabelled("first", "success").orElseThrow();
        assertThat(success.episodes()).isEqualTo(1);
        assertThat(success.accepted()).isEqualTo(1);
        assertThat(success.successRate()).isEqualTo(1.0);
        CoverageCell fail = grid.cellLabelled("first", "fail").orElseThrow();
        assertThat(fail.accepted()).isEqualTo(1);
        assertThat(fail.successRate()).isEqualTo(0.0);
        assertThat(grid.cellLabelled("first", "slip").orElseThrow().successRate()).isNull();
    }
}
