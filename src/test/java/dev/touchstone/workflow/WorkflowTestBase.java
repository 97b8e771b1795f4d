package dev.touchstone.workflow;

import dev.touchstone.SignIn;
import dev.touchstone.dataset.DatasetService;
import dev.touchstone.dataset.EpisodeStore;
import dev.touchstone.labeling.LabelSchemaService;
import dev.touchstone.organization.CurrentOrganization;
import dev.touchstone.organization.OrganizationProvisioning;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

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
}
