package dev.touchstone.quality.ui;

import com.vaadin.browserless.SpringBrowserlessTest;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Span;
import dev.touchstone.SignIn;
import dev.touchstone.TestClock;
import dev.touchstone.TouchstoneSpringTest;
import dev.touchstone.dataset.DatasetService;
import dev.touchstone.dataset.EpisodeStore;
import dev.touchstone.labeling.DraftOp;
import dev.touchstone.labeling.DraftSave;
import dev.touchstone.labeling.DraftService;
import dev.touchstone.labeling.Label;
import dev.touchstone.labeling.LabelSchemaJson;
import dev.touchstone.labeling.LabelSchemaService;
import dev.touchstone.organization.CurrentOrganization;
import dev.touchstone.organization.NotFoundInOrganizationException;
import dev.touchstone.organization.Organization;
import dev.touchstone.organization.OrganizationProvisioning;
import dev.touchstone.organization.Role;
import dev.touchstone.proposal.ProposalService;
import dev.touchstone.quality.DayPoint;
import dev.touchstone.quality.QualityService;
import dev.touchstone.quality.SourceLabels;
import dev.touchstone.quality.SourceMeasures;
import dev.touchstone.quality.SourceScore;
import dev.touchstone.workflow.Assignment;
import dev.touchstone.workflow.Project;
import dev.touchstone.workflow.ReviewService;
import dev.touchstone.workflow.TaskInfo;
import dev.touchstone.workflow.WorkItem;
import dev.touchstone.workflow.WorkService;
import dev.touchstone.workflow.WorkflowFixtures;
import dev.touchstone.workflow.WorkflowService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static dev.touchstone.workflow.WorkflowFixtures.SECOND;
import static dev.touchstone.workflow.WorkflowFixtures.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

/**
 * Proposal sources on the Agreement screen, without a browser: an annotator's labels on two episodes are accepted
 * (overlap 1, so the consensus is theirs) and a QA lead gives the third a gold answer, all through the real services
 * and the embedded database; two sources' proposals for the three are stored through the proposal store
 * ({@link ProposalService#store}) on two days set on the application's clock ({@link TestClock}), which the trend
 * groups by. The screen's rows carry the numbers counted by hand below.
 */
@TouchstoneSpringTest
class ProposalSourcesDashboardTest extends SpringBrowserlessTest {

    static final long MS = 1_000_000L;
    static final Instant DAY1 = Instant.parse("2026-11-30T09:00:00Z");
    static final Instant DAY2 = Instant.parse("2026-12-01T09:00:00Z");

    @Autowired
    SignIn signIn;
    @Autowired
    WorkflowService workflow;
    @Autowired
    ReviewService reviews;
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
    @Autowired
    QualityService quality;
    @Autowired
    ProposalService proposals;
    @Autowired
    TestClock clock;

    @AfterEach
    void signOutAndResetTheClock() {
        signIn.out();
        clock.reset();
    }

    /** An episode's labels: reach then grasp to the end (3 s), one contact-on, the outcome, an accept verdict. */
    static List<Label> labels(long graspAt, long contactAt, String outcome) {
        return List.of(new Label.Phase(UUID.randomUUID(), "phase", "main", "reach", 0, graspAt),
                new Label.Phase(UUID.randomUUID(), "phase", "main", "grasp", graspAt, 3 * SECOND),
                new Label.Event(UUID.randomUUID(), "contact", "contact-on", contactAt),
                new Label.Value(UUID.randomUUID(), "grasp_outcome", null, List.of(outcome), null, null, null),
                new Label.Value(UUID.randomUUID(), "quality", null, List.of(), null, true, null));
    }

    @Test
    void theProposalSourcesSectionShowsEachSourceAgainstGoldAndAcceptedLabels() {
        WorkflowFixtures fixtures = new WorkflowFixtures(signIn, datasets, store, current, schemas, provisioning,
                workflow);
        Project project = fixtures.project(3, 3, settings(1, 0, 600));
        List<TaskInfo> tasks = fixtures.tasks(project.id());
        Map<UUID, TaskInfo> byEpisode = new HashMap<>();
        tasks.forEach(t -> byEpisode.put(t.episodeId(), t));
        List<UUID> episodes = tasks.stream().map(TaskInfo::episodeId).sorted().toList();
        UUID e0 = episodes.get(0);
        UUID e1 = episodes.get(1);
        UUID e2 = episodes.get(2);

        // the annotator labels e0 and e1; with overlap 1 each task is merged at once
        Map<UUID, List<Label>> annotated = Map.of(e0, labels(SECOND, SECOND, "success"),
                e1, labels(1500 * MS, 1500 * MS, "fail"));
        String annotator = fixtures.annotators(1).getFirst();
        signIn.as("pm@acme.test");
        workflow.setGold(project.id(), List.of(byEpisode.get(e2).id()), true);
        signIn.out();
        signIn.as(annotator);
        for (int i = 0; i < 2; i++) {
            Assignment assignment = workflow.claimNext(project.id()).orElseThrow();
            WorkItem item = work.open(assignment.id());
            UUID episode = tasks.stream().filter(t -> t.id().equals(assignment.taskId())).findFirst().orElseThrow()
                    .episodeId();
            List<DraftOp> ops = annotated.get(episode).stream().<DraftOp>map(l -> new DraftOp.Put(l, 0)).toList();
            drafts.save(item.draft().id(), new DraftSave(UUID.randomUUID(), "test", ops));
            drafts.submit(item.draft().id(), "submit-" + UUID.randomUUID());
        }
        signIn.out();
        signIn.as("qa@acme.test");
        for (UUID e : List.of(e0, e1)) {
            UUID task = byEpisode.get(e).id();
            if ("review".equals(reviews.review(task).reviewState())) {
                reviews.accept(task);
            }
            assertThat(reviews.review(task).reviewState()).isEqualTo("accepted");
        }
        // e2 is gold: its reference answer, given by the QA lead
        reviews.setGoldAnswer(byEpisode.get(e2).id(), labels(SECOND, SECOND, "success"));
        signIn.out();

        // a test source of phases and contacts, and a test model of outcomes; names, not ids, on the screen
        store(project.id(), List.of(
                new SourceLabels("test.signals", "1", e0, DAY1, List.of(
                        new Label.Phase(UUID.randomUUID(), "phase", "main", "reach", 0, 1200 * MS),
                        new Label.Phase(UUID.randomUUID(), "phase", "main", "grasp", 1200 * MS, 3 * SECOND),
                        new Label.Event(UUID.randomUUID(), "contact", "contact-on", 1050 * MS))),
                new SourceLabels("test.signals", "1", e1, DAY2, List.of(
                        new Label.Phase(UUID.randomUUID(), "phase", "main", "reach", 0, 1500 * MS),
                        new Label.Phase(UUID.randomUUID(), "phase", "main", "grasp", 1500 * MS, 3 * SECOND),
                        new Label.Event(UUID.randomUUID(), "contact", "contact-on", 1700 * MS))),
                new SourceLabels("test.signals", "1", e2, DAY2, List.of(
                        new Label.Phase(UUID.randomUUID(), "phase", "main", "reach", 0, SECOND),
                        new Label.Phase(UUID.randomUUID(), "phase", "main", "grasp", SECOND, 3 * SECOND),
                        new Label.Event(UUID.randomUUID(), "contact", "contact-on", SECOND))),
                new SourceLabels("test.model", "7", e0, DAY1, List.of(outcome("success"))),
                new SourceLabels("test.model", "7", e1, DAY1, List.of(outcome("success"))),
                new SourceLabels("test.model", "7", e2, DAY1, List.of(outcome("success")))));

        signIn.as("qa@acme.test");
        List<SourceScore> scores = quality.proposalSources(project.id(), LabelSchemaJson.humanoidStarter());
        assertThat(scores).extracting(s -> s.source() + " " + s.version() + " " + s.definition())
                .containsExactly("test.model 7 grasp_outcome", "test.signals 1 phase", "test.signals 1 contact");

        // phases against accepted labels (e0, e1), frames of 33.3 ms (no video): e0 boundary 1.0 s (frame 31) vs
        // 1.2 s (frame 37): 6 frames = 200 ms; e1 the same boundary: 0 -> median 100 ms; every segment hits
        SourceMeasures phase = scores.get(1).consensus();
        assertThat(phase.episodes()).isEqualTo(2);
        assertThat(phase.phase().f1At50()).isEqualTo(1.0);
        assertThat(phase.phase().boundaryErrorMedianMs()).isCloseTo(100, within(1e-3));
        assertThat(phase.phase().matchedBoundaries()).isEqualTo(2);
        // against gold (e2): the same phases exactly
        assertThat(scores.get(1).gold().phase().uAlpha()).isCloseTo(1.0, within(1e-12));
        assertThat(scores.get(1).gold().phase().boundaryErrorMedianMs()).isZero();
        // contacts against accepted labels: e0 1.00 vs 1.05 s matched; e1 1.5 vs 1.7 s beyond 100 ms: F1 2/4
        SourceMeasures contact = scores.get(2).consensus();
        assertThat(contact.events().f1()).isCloseTo(0.5, within(1e-12));
        assertThat(contact.trend()).extracting(DayPoint::day, DayPoint::meanAgreement).containsExactly(
                tuple(LocalDate.parse("2026-11-30"), 1.0),
                tuple(LocalDate.parse("2026-12-01"), 0.0));
        // outcomes against accepted labels: success/success, fail/success: accuracy 1/2; alpha
        // 1 - (n-1) · 2 / (2 · n_success · n_fail) = 1 - 3 · 2 / (2 · 3 · 1) = 0
        SourceMeasures outcome = scores.get(0).consensus();
        assertThat(outcome.values().accuracy()).isCloseTo(0.5, within(1e-12));
        assertThat(outcome.values().alpha()).isCloseTo(0.0, within(1e-12));

        // the screen
        // the dashboard opens on the project of its query parameter, as the project picker navigates
        com.vaadin.flow.component.UI.getCurrent().navigate(AgreementDashboardView.class,
                com.vaadin.flow.router.QueryParameters.of("project", project.id().toString()));
        @SuppressWarnings("unchecked")
        Grid<SourceScore> grid = find(Grid.class).withId("quality-sources").single();
        var tester = test(grid);
        assertThat(tester.size()).isEqualTo(3);
        List<List<String>> rows = new ArrayList<>();
        for (int row = 0; row < 3; row++) {
            rows.add(List.of(tester.getCellText(row, 0), tester.getCellText(row, 1),
                    texts(tester.getCellComponent(row, "gold")), texts(tester.getCellComponent(row, "consensus"))));
        }
        assertThat(rows).containsExactly(
                List.of("test.model 7", "Grasp outcome",
                        "alpha undefined · accuracy 1.00 (1 of 1) | 1 episode · 1 reference / 1 proposed labels",
                        "alpha 0.00 · accuracy 0.50 (1 of 2) | 2 episodes · 2 reference / 2 proposed labels"),
                List.of("test.signals 1", "Task phase",
                        "uα 1.00 · F1@10/25/50 1.00/1.00/1.00 · boundary error median 0 ms (1 boundary)"
                                + " | 1 episode · 2 reference / 2 proposed labels",
                        "uα " + two(phase.phase().uAlpha()) + " · F1@10/25/50 1.00/1.00/1.00 · boundary error"
                                + " median 100 ms (2 boundaries) | 2 episodes · 4 reference / 4 proposed labels"),
                List.of("test.signals 1", "Contact event",
                        "F1 1.00 (P 1.00, R 1.00; 1 matched within ±100 ms) · median |Δt| 0 ms"
                                + " | 1 episode · 1 reference / 1 proposed labels",
                        "F1 0.50 (P 0.50, R 0.50; 1 matched within ±100 ms) · median |Δt| 50 ms"
                                + " | 2 episodes · 2 reference / 2 proposed labels"));
        // the trend of the contact F1 against accepted labels, one point per day the proposals were made
        assertThat(tester.getCellComponent(2, "consensus").getElement().getAttribute("data-trend"))
                .isEqualTo("2026-11-30=1.00 2026-12-01=0.00");

        // e0's accepted labels become its gold answer: they count once, as gold, no longer as accepted labels
        reviews.promoteToGold(byEpisode.get(e0).id());
        List<SourceScore> promoted = quality.proposalSources(project.id(), LabelSchemaJson.humanoidStarter());
        assertThat(promoted.get(1).gold().episodes()).isEqualTo(2);
        assertThat(promoted.get(1).consensus().episodes()).isEqualTo(1);
        // e1 alone: 1.5 vs 1.7 s beyond the tolerance
        assertThat(promoted.get(2).consensus().events().f1()).isZero();
        // e0 and e2 against gold: both within 50 ms
        assertThat(promoted.get(2).gold().events().f1()).isEqualTo(1.0);
        signIn.out();

        // another organization's QA lead: the project is not found
        Organization globex = provisioning.organization("globex").orElseThrow();
        if (provisioning.accountOrganizations("qa-sources@globex.test").isEmpty()) {
            provisioning.addMember(globex, "qa-sources@globex.test", "Globex QA", "correct horse battery 1",
                    Set.of(Role.QA_LEAD));
        }
        signIn.as("qa-sources@globex.test");
        assertThatThrownBy(() -> quality.proposalSources(project.id(), LabelSchemaJson.humanoidStarter()))
                .isInstanceOf(NotFoundInOrganizationException.class);
    }

    /** Stores each source's labels for its episode as the project manager, on the day it names. */
    private void store(UUID projectId, List<SourceLabels> sets) {
        signIn.as("pm@acme.test");
        try {
            for (SourceLabels set : sets) {
                clock.set(set.proposedAt());
                proposals.store(projectId, set.episodeId(), set.source(), set.version(), set.labels(), Map.of());
            }
        } finally {
            clock.reset();
            signIn.out();
        }
    }

    private static Label outcome(String outcome) {
        return new Label.Value(UUID.randomUUID(), "grasp_outcome", null, List.of(outcome), null, null, null);
    }

    private static String two(double value) {
        return String.format(java.util.Locale.ROOT, "%.2f", value);
    }

    /** The texts of a cell's spans, joined by " | ". */
    private static String texts(Component cell) {
        return cell.getChildren().filter(Span.class::isInstance).map(c -> ((Span) c).getText())
                .collect(Collectors.joining(" | "));
    }
}
