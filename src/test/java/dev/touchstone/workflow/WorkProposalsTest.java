package dev.touchstone.workflow;

import dev.touchstone.TouchstoneSpringTest;
import dev.touchstone.labeling.Label;
import dev.touchstone.labeling.ProposalOutcome;
import dev.touchstone.labeling.ProposedLabel;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.touchstone.workflow.WorkflowFixtures.SECOND;
import static dev.touchstone.workflow.WorkflowFixtures.settings;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An assignment's workspace gets proposals only when its project lets annotators see them ("Annotators see
 * proposals", docs/labeling/workspace.md, "Proposals"): labelled blind, the proposal source is not even asked, and
 * nothing is recorded on the draft.
 */
@TouchstoneSpringTest
class WorkProposalsTest extends WorkflowTestBase {

    @Test
    void proposalsAreAskedForAndRecordedOnlyWhenTheProjectShowsThem() {
        Project project = fixtures.project(1, 10, settings(1, 0.0, 600));
        String annotator = fixtures.annotators(1).getFirst();
        setShowProposals(project, false);
        ProposedLabel reach = new ProposedLabel(new Label.Phase(UUID.randomUUID(), "phase", "main", "reach", 0,
                2 * SECOND), "signals.phase", "2", 0.9, List.of());
        ProposedLabel outside = new ProposedLabel(new Label.Event(UUID.randomUUID(), "contact", "contact-on",
                20 * SECOND), "signals.contact", "1", 0.7, List.of());
        AtomicInteger asked = new AtomicInteger();

        signIn.as(annotator);
        Assignment assignment = workflow.claimNext(project.id()).orElseThrow();
        WorkItem blind = work.open(assignment.id());
        assertThat(blind.showProposals()).isFalse();
        assertThat(work.proposalsToShow(blind, () -> {
            asked.incrementAndGet();
            return List.of(reach);
        })).isEmpty();
        assertThat(asked).as("the source is not asked").hasValue(0);
        assertThat(drafts.draft(blind.draft().id()).proposals()).isEmpty();
        signIn.out();

        setShowProposals(project, true);
        signIn.as(annotator);
        WorkItem shown = work.open(assignment.id());
        assertThat(shown.showProposals()).isTrue();
        assertThat(work.proposalsToShow(shown, () -> List.of(reach, outside)))
                .as("a contact after the 10 s episode's end breaks a rule: not shown").containsExactly(reach);
        assertThat(drafts.draft(shown.draft().id()).proposals()).extracting(ProposalOutcome::labelId,
                ProposalOutcome::outcome).containsExactly(
                org.assertj.core.groups.Tuple.tuple(reach.label().id(), ProposalOutcome.Outcome.PROPOSED));
    }

    private void setShowProposals(Project project, boolean show) {
        signIn.as("pm@acme.test");
        try {
            workflow.updateProject(project.id(), project.overlap(), project.goldRate(), project.leaseSeconds(),
                    project.priority(), project.deadline(), workflow.settings(project.id()).withShowProposals(show));
        } finally {
            signIn.out();
        }
    }
}
