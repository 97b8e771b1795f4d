package dev.touchstone.browser;

import dev.touchstone.SignIn;
import dev.touchstone.organization.OrganizationProvisioning;
import dev.touchstone.workflow.NewProject;
import dev.touchstone.workflow.Project;
import dev.touchstone.workflow.WorkflowService;
import dev.touchstone.workflow.WorkService;
import dev.touchstone.workflow.WorkItem;
import dev.touchstone.workflow.Assignment;
import dev.touchstone.labeling.DraftOp;
import dev.touchstone.labeling.DraftSave;
import dev.touchstone.labeling.DraftService;
import dev.touchstone.labeling.Label;
import java.util.List;
import org.jooq.DSLContext;

import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Projects for browser tests of work distribution: over the demo dataset (its episode synthetic-1-0000, imported in
 * the background at start-up), the newest starter schema, overlap 2, only the two demo annotators, and a priority
 * ahead of every other project so that "Start labeling" reaches it first.
 */
final class DemoEpisodeProjects {

    private static final String STARTER = "Humanoid manipulation (starter)";

    private DemoEpisodeProjects() {
    }

    static Project forBothDemoAnnotators(String namePrefix, DSLContext dsl, SignIn signIn, WorkflowService workflow,
                                         OrganizationProvisioning provisioning) throws InterruptedException {
        Set<UUID> annotators = Set.of(provisioning.accountOrganizations("annotator@acme.test").orElseThrow().userId(),
                provisioning.accountOrganizations("annotator2@acme.test").orElseThrow().userId());
        return forAnnotators(namePrefix, annotators, 2, dsl, signIn, workflow);
    }

    /** As {@link #forBothDemoAnnotators}, restricted to these annotators, with this overlap. */
    static Project forAnnotators(String namePrefix, Set<UUID> annotators, int overlap, DSLContext dsl, SignIn signIn,
                                 WorkflowService workflow) throws InterruptedException {
        UUID dataset = null;
        for (int attempt = 0; attempt < 240 && dataset == null; attempt++) {
            dataset = dsl.fetchOptional("""
                    select e.dataset_id from episode e join organization o on o.id = e.organization_id
                    where o.slug = 'acme' and e.name = 'synthetic-1-0000'""")
                    .map(r -> r.get(0, UUID.class)).orElse(null);
            if (dataset == null) {
                Thread.sleep(500);
            }
        }
        assertThat(dataset).as("the demo episode imported in the background").isNotNull();
        UUID version = dsl.fetchSingle("""
                select v.id from label_schema_version v join label_schema s on s.id = v.schema_id
                join organization o on o.id = s.organization_id
                where o.slug = 'acme' and s.name = ? order by v.version desc limit 1""", STARTER).get(0, UUID.class);
        signIn.as("pm@acme.test");
        try {
            Project project = workflow.createProject(new NewProject(namePrefix + " " + UUID.randomUUID(), dataset,
                    version, overlap, 0, 1800, 1000, null, null, annotators));
            // These journeys label by hand with keys that also act on proposals (Enter accepts one): they test the
            // workflow, not proposals, so their annotators label blind. WorkspaceProposalsIT covers proposals.
            return workflow.updateProject(project.id(), project.overlap(), project.goldRate(),
                    project.leaseSeconds(), project.priority(), project.deadline(),
                    workflow.settings(project.id()).withShowProposals(false));
        } finally {
            signIn.out();
        }
    }

    /** The demo's "simulated history" project (three simulated annotators, made after the demo import). */
    static final String SIMULATED_HISTORY = "Pick and place · simulated history";

    /**
     * The one task of the simulated history project once all three simulated annotators have submitted it (the
     * demo makes it in the background after the import).
     */
    static UUID simulatedHistoryTask(DSLContext dsl) throws InterruptedException {
        for (int attempt = 0; attempt < 240; attempt++) {
            UUID task = dsl.fetchOptional("""
                    select t.id from task t join project p on p.id = t.project_id
                    where p.name = ? and t.review_state in ('review', 'accepted') order by t.id limit 1""",
                    SIMULATED_HISTORY).map(r -> r.get(0, UUID.class)).orElse(null);
            if (task != null) {
                return task;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("The demo never merged a task of " + SIMULATED_HISTORY);
    }

    /** As the annotator: claim the project's task, label it like everyone else and submit. */
    static void labelAndSubmit(String annotator, UUID projectId, SignIn signIn, WorkflowService workflow,
                               WorkService work, DraftService drafts) {
        signIn.as(annotator);
        try {
            Assignment assignment = workflow.claimNext(projectId).orElseThrow();
            WorkItem item = work.open(assignment.id());
            long end = item.episode().episode().durationNanos();
            List<Label> labels = List.of(
                    new Label.Phase(UUID.randomUUID(), "phase", "main", "reach", 0, end / 2),
                    new Label.Phase(UUID.randomUUID(), "phase", "main", "grasp", end / 2, end),
                    new Label.Value(UUID.randomUUID(), "grasp_outcome", null, List.of("success"), null, null, null),
                    new Label.Value(UUID.randomUUID(), "quality", null, List.of(), null, true, null));
            List<DraftOp> ops = labels.stream().<DraftOp>map(l -> new DraftOp.Put(l, 0)).toList();
            drafts.save(item.draft().id(), new DraftSave(UUID.randomUUID(), "test", ops));
            drafts.submit(item.draft().id(), "submit-" + UUID.randomUUID());
        } finally {
            signIn.out();
        }
    }
}
