package dev.touchstone.workflow;

import dev.touchstone.SignIn;
import dev.touchstone.dataset.DatasetService;
import dev.touchstone.dataset.EpisodeStore;
import dev.touchstone.labeling.DraftOp;
import dev.touchstone.labeling.DraftSave;
import dev.touchstone.labeling.DraftService;
import dev.touchstone.labeling.Label;
import dev.touchstone.labeling.LabelSchemaService;
import dev.touchstone.labeling.Submission;
import dev.touchstone.organization.CurrentOrganization;
import dev.touchstone.organization.OrganizationProvisioning;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static dev.touchstone.workflow.WorkflowFixtures.SECOND;
import static org.assertj.core.api.Assertions.assertThat;

/** The beans and fixtures the workflow tests share, and direct counts from the tables to check the rules by. */
abstract class WorkflowTestBase {

    @Autowired
    SignIn signIn;
    @Autowired
    WorkflowService workflow;
    @Autowired
    ReviewService reviews;
    @Autowired
    LeaseExpiry leases;
    @Autowired
    DSLContext dsl;
    @Autowired
    DatasetService datasets;
    @Autowired
    EpisodeStore store;
    @Autowired
    CurrentOrganization current;
    @Autowired
    LabelSchemaService schemas;
    @Autowired
    OrganizationProvisioning provisioning;
    @Autowired
    DraftService drafts;
    @Autowired
    WorkService work;

    WorkflowFixtures fixtures;

    @BeforeEach
    void fixtures() {
        fixtures = new WorkflowFixtures(signIn, datasets, store, current, schemas, provisioning, workflow);
    }

    @AfterEach
    void signOut() {
        signIn.out();
    }

    /** Assignments holding a slot (live, submitted, returned) per task of the project, counted from the rows. */
    Map<UUID, Integer> slotsHeld(UUID projectId) {
        return dsl.resultQuery("""
                        select task_id, count(*)::int from assignment
                         where project_id = ? and state in ('live', 'submitted', 'returned') group by task_id""",
                        projectId)
                .stream().collect(Collectors.toMap(r -> r.get(0, UUID.class), r -> r.get(1, Integer.class)));
    }

    String assignmentState(UUID assignmentId) {
        return dsl.resultQuery("select state from assignment where id = ?", assignmentId).fetchSingle(0, String.class);
    }

    /** Makes a lease run out now instead of waiting for it. */
    void leaseRunsOut(UUID assignmentId) {
        dsl.execute("update assignment set lease_expires_at = now() - interval '1 second' where id = ?",
                assignmentId);
    }

    /** As the annotator: claim, open the workspace's draft, save a complete set of labels and submit it. */
    UUID labelAndSubmit(String annotator, UUID projectId, String outcome, boolean accept) {
        signIn.as(annotator);
        try {
            Assignment assignment = workflow.claimNext(projectId).orElseThrow();
            WorkItem item = work.open(assignment.id());
            List<DraftOp> ops = labels(outcome, accept).stream().<DraftOp>map(l -> new DraftOp.Put(l, 0)).toList();
            drafts.save(item.draft().id(), new DraftSave(UUID.randomUUID(), "test", ops));
            Submission submission = drafts.submit(item.draft().id(), "submit-" + UUID.randomUUID());
            assertThat(submission.labels()).isEqualTo(ops.size());
            return assignment.id();
        } finally {
            signIn.out();
        }
    }

    static List<Label> labels(String outcome, boolean accept) {
        List<Label> labels = new ArrayList<>();
        labels.add(new Label.Phase(UUID.randomUUID(), "phase", "main", "reach", 0, 5 * SECOND));
        labels.add(new Label.Phase(UUID.randomUUID(), "phase", "main", "grasp", 5 * SECOND, 10 * SECOND));
        labels.add(new Label.Value(UUID.randomUUID(), "grasp_outcome", null, List.of(outcome), null, null, null));
        labels.add(new Label.Value(UUID.randomUUID(), "quality", null, accept ? List.of() : List.of("too_slow"), null,
                accept, null));
        return labels;
    }
}
