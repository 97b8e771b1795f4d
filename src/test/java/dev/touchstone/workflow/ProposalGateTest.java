package dev.touchstone.workflow;

import dev.touchstone.TouchstoneSpringTest;
import dev.touchstone.labeling.Label;
import dev.touchstone.labeling.ProposalOutcome;
import dev.touchstone.labeling.ProposedLabel;
import dev.touchstone.proposal.ProposalService;
import dev.touchstone.quality.QualityService;
import dev.touchstone.quality.SourceGold;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.touchstone.workflow.WorkflowFixtures.SECOND;
import static dev.touchstone.workflow.WorkflowFixtures.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The proposal gate (docs/proposals.md, "Gate") with real gold answers and real stored proposals: two gold episodes
 * a QA lead answered, two model sources stored through {@link ProposalService#store} on them and on the episode an
 * annotator labels, and the workspace's proposals as {@link WorkService#proposalsToShow} gives them from
 * {@link ProposalService#proposalsFor}, as WorkView asks.
 */
@TouchstoneSpringTest
class ProposalGateTest extends WorkflowTestBase {

    static final long MS = 1_000_000L;

    @Autowired
    ProposalService proposals;
    @Autowired
    QualityService quality;

    /** The gold answer of both gold episodes: reach [0, 3 s), grasp [3 s, 10 s), a contact at 3 s. */
    static List<Label> gold() {
        return List.of(new Label.Phase(UUID.randomUUID(), "phase", "main", "reach", 0, 3 * SECOND),
                new Label.Phase(UUID.randomUUID(), "phase", "main", "grasp", 3 * SECOND, 10 * SECOND),
                new Label.Event(UUID.randomUUID(), "contact", "contact-on", 3 * SECOND));
    }

    /** Phases with the grasp starting at {@code graspAt}, and a contact at {@code contactAt}. */
    static List<Label> proposed(long graspAt, long contactAt) {
        return List.of(new Label.Phase(UUID.randomUUID(), "phase", "main", "reach", 0, graspAt),
                new Label.Phase(UUID.randomUUID(), "phase", "main", "grasp", graspAt, 10 * SECOND),
                new Label.Event(UUID.randomUUID(), "contact", "contact-on", contactAt));
    }

    @Test
    void onlySourcesProvenAgainstGoldAreShownPerDefinitionAndVersion() {
        Project project = fixtures.project(3, 10, settings(1, 0.0, 600));
        List<TaskInfo> tasks = fixtures.tasks(project.id()).stream()
                .sorted(java.util.Comparator.comparing(TaskInfo::episodeId)).toList();
        TaskInfo gold1 = tasks.get(0);
        TaskInfo gold2 = tasks.get(1);
        TaskInfo labelled = tasks.get(2);
        String annotator = fixtures.annotators(1).getFirst();

        signIn.as("pm@acme.test");
        workflow.setGold(project.id(), List.of(gold1.id(), gold2.id()), true);
        // test-model: its phases are gold's boundaries to 100 ms (F1@50 1.0) but its contacts are 2 s late (F1 0);
        // test-late: phases whose grasp starts at 9 s (reach IoU 3/9, grasp 1/7: F1@50 0) and contacts to 20 ms
        for (TaskInfo g : List.of(gold1, gold2)) {
            proposals.store(project.id(), g.episodeId(), "test-model", "1", proposed(3100 * MS, 5 * SECOND), Map.of());
            proposals.store(project.id(), g.episodeId(), "test-late", "4", proposed(9 * SECOND, 3020 * MS),
                    Map.of());
        }
        List<Label> model = proposed(4 * SECOND, 4 * SECOND);
        List<Label> late = proposed(8 * SECOND, 4 * SECOND);
        proposals.store(project.id(), labelled.episodeId(), "test-model", "1", model, Map.of());
        proposals.store(project.id(), labelled.episodeId(), "test-late", "4", late, Map.of());
        signIn.out();
        signIn.as("qa@acme.test");
        reviews.setGoldAnswer(gold1.id(), gold());
        reviews.setGoldAnswer(gold2.id(), gold());
        signIn.out();

        // the numbers the gate judges: the Agreement screen's against gold
        signIn.as("qa@acme.test");
        List<SourceGold> scores = quality.proposalSourcesAgainstGold(project.id(),
                dev.touchstone.labeling.LabelSchemaJson.humanoidStarter());
        assertThat(scores).extracting(s -> s.source() + " " + s.version() + " " + s.definition(),
                s -> s.gold().episodes(), s -> s.gold().headline()).containsExactlyInAnyOrder(
                tuple("test-late 4 phase", 2, 0.0), tuple("test-late 4 contact", 2, 1.0),
                tuple("test-model 1 phase", 2, 1.0), tuple("test-model 1 contact", 2, 0.0));
        signIn.out();

        // a gate: test-model's phases and test-late's contact pass; test-model's contact and test-late's phases fail
        setSettings(project, s -> s.withProposalGate(new ProposalGate(0.8, 0.9, 0.9, 2)));
        signIn.as(annotator);
        Assignment assignment = workflow.claimNext(project.id()).orElseThrow();
        assertThat(assignment.taskId()).as("gold rate 0: the plain task").isEqualTo(labelled.id());
        WorkItem item = work.open(assignment.id());
        List<ProposedLabel> shown = work.proposalsToShow(item, () -> proposals.proposalsFor(project.id(),
                labelled.episodeId()));
        assertThat(shown).extracting(p -> p.source() + " " + p.label().definition()).containsExactlyInAnyOrder(
                "test-model phase", "test-model phase", "test-late contact");
        assertThat(ids(shown)).containsExactlyInAnyOrder(model.get(0).id(), model.get(1).id(), late.get(2).id());
        assertThat(drafts.draft(item.draft().id()).proposals()).as("what was hidden is not recorded as offered")
                .extracting(ProposalOutcome::labelId).doesNotContain(model.get(2).id(), late.get(0).id(),
                        late.get(1).id());
        signIn.out();

        // three gold episodes asked, two compared: nobody is proven yet, and the workspace shows nothing
        setSettings(project, s -> s.withProposalGate(new ProposalGate(0.8, 0.9, 0.9, 3)));
        signIn.as(annotator);
        item = work.open(assignment.id());
        assertThat(work.proposalsToShow(item, () -> proposals.proposalsFor(project.id(), labelled.episodeId())))
                .isEmpty();
        signIn.out();

        // a new version of test-model has not been compared with gold: not proven, though version 1 passed
        setSettings(project, s -> s.withProposalGate(new ProposalGate(0.8, 0.9, 0.9, 2)));
        signIn.as("pm@acme.test");
        List<Label> model2 = proposed(4 * SECOND, 4 * SECOND);
        proposals.store(project.id(), labelled.episodeId(), "test-model", "2", model2, Map.of());
        signIn.out();
        signIn.as(annotator);
        item = work.open(assignment.id());
        assertThat(work.proposalsToShow(item, () -> proposals.proposalsFor(project.id(), labelled.episodeId())))
                .extracting(p -> p.source() + " " + p.version() + " " + p.label().definition())
                .containsExactly("test-late 4 contact");
        signIn.out();

        // no gate: both sources' newest sets are shown (every valid label)
        setSettings(project, s -> s.withProposalGate(null));
        signIn.as(annotator);
        item = work.open(assignment.id());
        assertThat(ids(work.proposalsToShow(item, () -> proposals.proposalsFor(project.id(),
                labelled.episodeId())))).containsExactlyInAnyOrderElementsOf(ids(model2, late));
        signIn.out();

        // labelled blind: nothing, whatever the gate says, and the proposals are not even asked for
        setSettings(project, s -> s.withShowProposals(false));
        AtomicInteger asked = new AtomicInteger();
        signIn.as(annotator);
        WorkItem blind = work.open(assignment.id());
        assertThat(work.proposalsToShow(blind, () -> {
            asked.incrementAndGet();
            return proposals.proposalsFor(project.id(), labelled.episodeId());
        })).isEmpty();
        assertThat(asked).hasValue(0);
    }

    @Test
    void theGateIsStoredWithTheSettingsAndRemoved() {
        Project project = fixtures.project(1, 10, settings(1, 0.0, 600));
        assertThat(settingsOf(project).proposalGate()).as("a new project has no gate").isNull();
        setSettings(project, s -> s.withProposalGate(new ProposalGate(0.75, 0.5, 1.0, 12)));
        assertThat(settingsOf(project).proposalGate()).isEqualTo(new ProposalGate(0.75, 0.5, 1.0, 12));
        assertThat(settingsOf(project).showProposals()).isTrue();
        setSettings(project, s -> s.withProposalGate(null));
        assertThat(settingsOf(project).proposalGate()).isNull();
    }

    private ProjectSettings settingsOf(Project project) {
        signIn.as("pm@acme.test");
        try {
            return workflow.settings(project.id());
        } finally {
            signIn.out();
        }
    }

    private void setSettings(Project project, java.util.function.UnaryOperator<ProjectSettings> change) {
        signIn.as("pm@acme.test");
        try {
            workflow.updateProject(project.id(), project.overlap(), project.goldRate(), project.leaseSeconds(),
                    project.priority(), project.deadline(), change.apply(workflow.settings(project.id())));
        } finally {
            signIn.out();
        }
    }

    private static List<UUID> ids(List<ProposedLabel> shown) {
        return shown.stream().map(p -> p.label().id()).toList();
    }

    @SafeVarargs
    private static List<UUID> ids(List<Label>... labels) {
        return java.util.Arrays.stream(labels).flatMap(List::stream).map(Label::id).toList();
    }
}
