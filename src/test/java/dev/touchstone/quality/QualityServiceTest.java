package dev.touchstone.quality;

import dev.touchstone.SignIn;
import dev.touchstone.TouchstoneSpringTest;
import dev.touchstone.dataset.DatasetService;
import dev.touchstone.dataset.EpisodeStore;
import dev.touchstone.labeling.Draft;
import dev.touchstone.labeling.DraftOp;
import dev.touchstone.labeling.DraftSave;
import dev.touchstone.labeling.DraftService;
import dev.touchstone.labeling.Label;
import dev.touchstone.labeling.LabelSchema;
import dev.touchstone.labeling.LabelSchemaJson;
import dev.touchstone.labeling.LabelSchemaService;
import dev.touchstone.organization.CurrentOrganization;
import dev.touchstone.organization.NotFoundInOrganizationException;
import dev.touchstone.organization.Organization;
import dev.touchstone.organization.OrganizationProvisioning;
import dev.touchstone.organization.Role;
import dev.touchstone.quality.engine.CategoryScale;
import dev.touchstone.quality.engine.CoincidenceAccumulator;
import dev.touchstone.quality.engine.Level;
import dev.touchstone.workflow.Assignment;
import dev.touchstone.workflow.Project;
import dev.touchstone.workflow.ReviewService;
import dev.touchstone.workflow.TaskInfo;
import dev.touchstone.workflow.WorkItem;
import dev.touchstone.workflow.WorkService;
import dev.touchstone.workflow.WorkflowFixtures;
import dev.touchstone.workflow.WorkflowService;
import org.assertj.core.api.recursive.comparison.RecursiveComparisonConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.access.AccessDeniedException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static dev.touchstone.workflow.WorkflowFixtures.SECOND;
import static dev.touchstone.workflow.WorkflowFixtures.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Quality aggregates end to end: three annotators label four tasks with known values; the dashboard's task
 * agreements, agreement with consensus, confusion counts and alphas are checked against hand counts and against
 * the engine run directly on the same units; a returned and resubmitted task replaces its contribution; another
 * organization sees nothing; a recompute reproduces the incremental numbers.
 */
@TouchstoneSpringTest
class QualityServiceTest {

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
    QualityFeed recorder;

    WorkflowFixtures fixtures;

    @BeforeEach
    void fixtures() {
        fixtures = new WorkflowFixtures(signIn, datasets, store, current, schemas, provisioning, workflow);
    }

    @AfterEach
    void signOut() {
        signIn.out();
    }

    /** Per task (0..3) and annotator (A, B, C): grasp outcome, verdict accept, rating (null: none), mass. */
    static final String[][] OUTCOME = {
            {"success", "success", "success"}, {"success", "fail", "success"}, {"slip", "fail", "fail"},
            {"success", "slip", "fail"}};
    static final boolean[][] ACCEPT = {{true, true, true}, {true, false, true}, {false, false, false},
            {true, true, false}};
    static final Integer[][] RATING = {{4, 4, 5}, {3, 3, 3}, {1, 2, 2}, {5, 4, null}};
    static final Double[][] MASS = {{1.0, 1.02, 1.5}, {2.0, 2.0, 2.0}, {0.5, 0.6, 0.5}, {3.0, null, 3.1}};

    @Test
    void dashboardCountsWhatTheAnnotatorsDidAndRecomputeReproducesIt() throws Exception {
        Project project = fixtures.project(4, 10, settings(3, 0, 600));
        List<String> annotators = fixtures.annotators(3);
        List<UUID> taskIds = fixtures.tasks(project.id()).stream().map(TaskInfo::id).toList();
        Map<UUID, Integer> taskIndex = new HashMap<>();
        for (int i = 0; i < taskIds.size(); i++) {
            taskIndex.put(taskIds.get(i), i);
        }
        Map<String, UUID> assignmentOf = new HashMap<>();
        for (int a = 0; a < 3; a++) {
            for (int n = 0; n < 4; n++) {
                signIn.as(annotators.get(a));
                try {
                    Assignment assignment = workflow.claimNext(project.id()).orElseThrow();
                    int t = taskIndex.get(assignment.taskId());
                    WorkItem item = work.open(assignment.id());
                    List<DraftOp> ops = labels(t, a).stream().<DraftOp>map(l -> new DraftOp.Put(l, 0)).toList();
                    drafts.save(item.draft().id(), new DraftSave(UUID.randomUUID(), "test", ops));
                    drafts.submit(item.draft().id(), "submit-" + UUID.randomUUID());
                    assignmentOf.put(t + "/" + a, assignment.id());
                } finally {
                    signIn.out();
                }
            }
        }
        LabelSchema schema = LabelSchemaJson.humanoidStarter();
        UUID b = fixtures.userId(annotators.get(1));

        // B's "fail" on task 1 is returned; B changes it to "success" and resubmits: task 1 is merged again
        signIn.as("qa@acme.test");
        QualityDashboard before = quality.dashboard(project.id(), schema);
        assertThat(before.mergedTasks()).isEqualTo(4);
        assertThat(reviews.returnWork(taskIds.get(1), List.of(assignmentOf.get("1/1")), "it was a success"))
                .isEqualTo(1);
        signIn.out();
        signIn.as(annotators.get(1));
        Assignment again = workflow.claimNext(project.id()).orElseThrow();
        WorkItem item = work.open(again.id());
        Label.Value outcome = (Label.Value) item.draft().labels().stream().map(Draft.StoredLabel::label)
                .filter(l -> l.definition().equals("grasp_outcome")).findFirst().orElseThrow();
        drafts.save(item.draft().id(), new DraftSave(UUID.randomUUID(), "test", List.of(new DraftOp.Put(
                new Label.Value(outcome.id(), "grasp_outcome", null, List.of("success"), null, null, null),
                item.draft().revision()))));
        drafts.submit(item.draft().id(), "resubmit-" + UUID.randomUUID());
        signIn.out();
        OUTCOME[1][1] = "success";

        signIn.as("qa@acme.test");
        QualityDashboard dashboard = quality.dashboard(project.id(), schema);
        assertThat(dashboard.mergedTasks()).as("the resubmitted task counts once").isEqualTo(4);

        // task agreement of grasp_outcome: 1, 1 (after the resubmission), 1/3, 0
        TypeAgreement outcomeAgreement = definition(dashboard, "grasp_outcome");
        assertThat(outcomeAgreement.tasks()).isEqualTo(4);
        assertThat(outcomeAgreement.meanTaskAgreement()).isCloseTo((1 + 1 + 1.0 / 3 + 0) / 4, within(1e-12));
        assertThat(quality.lowTasks(project.id(), "grasp_outcome", null, 2))
                .extracting(LowTask::taskId, LowTask::agreement)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(taskIds.get(3), 0.0),
                        org.assertj.core.groups.Tuple.tuple(taskIds.get(2), 1.0 / 3));
        assertThat(quality.lowTasks(project.id(), "grasp_outcome", b, 10)).extracting(LowTask::agreement)
                .containsExactly(0.0, 1.0, 1.0, 1.0);

        // consensus: success, success, fail, success (1-1-1 tie: the earliest class in schema order)
        AnnotatorQuality qb = dashboard.annotators().stream().filter(q -> q.annotatorId().equals(b)).findFirst()
                .orElseThrow();
        assertThat(qb.tasks()).isEqualTo(4);
        assertThat(qb.agreementWithConsensus().get("grasp_outcome")).isCloseTo(0.75, within(1e-12));
        UUID a = fixtures.userId(annotators.get(0));
        AnnotatorQuality qa = dashboard.annotators().stream().filter(q -> q.annotatorId().equals(a)).findFirst()
                .orElseThrow();
        assertThat(qa.agreementWithConsensus().get("grasp_outcome")).isCloseTo(0.75, within(1e-12));
        assertThat(qa.goldAccuracy()).isNull();

        ConfusionMatrix all = dashboard.confusion().stream()
                .filter(c -> c.definition().equals("grasp_outcome") && c.annotatorId() == null).findFirst()
                .orElseThrow();
        assertThat(all.classes()).containsExactly("success", "slip", "fail");
        // rows: annotator's class; columns: consensus
        assertThat(all.counts()).isDeepEqualTo(new long[][]{{7, 0, 0}, {1, 0, 1}, {1, 0, 2}});
        ConfusionMatrix ofB = dashboard.confusion().stream()
                .filter(c -> c.definition().equals("grasp_outcome") && b.equals(c.annotatorId())).findFirst()
                .orElseThrow();
        assertThat(ofB.counts()).isDeepEqualTo(new long[][]{{2, 0, 0}, {1, 0, 0}, {0, 0, 1}});
        ConfusionMatrix verdicts = dashboard.confusion().stream()
                .filter(c -> c.definition().equals("quality") && c.annotatorId() == null).findFirst().orElseThrow();
        assertThat(verdicts.classes()).containsExactly("accept", "reject");
        // consensus: accept, accept, reject, accept
        assertThat(verdicts.counts()).isDeepEqualTo(new long[][]{{7, 0}, {2, 3}});

        // alpha equals the engine's on the same units
        assertThat(definition(dashboard, "grasp_outcome").alpha())
                .isCloseTo(engineAlpha(OUTCOME, List.of("success", "slip", "fail"), Level.NOMINAL), within(1e-9));
        String[][] accepts = new String[4][3];
        for (int t = 0; t < 4; t++) {
            for (int x = 0; x < 3; x++) {
                accepts[t][x] = ACCEPT[t][x] ? "accept" : "reject";
            }
        }
        assertThat(definition(dashboard, "quality").alpha())
                .isCloseTo(engineAlpha(accepts, List.of("accept", "reject"), Level.NOMINAL), within(1e-9));
        assertThat(definition(dashboard, "demo_quality").alpha())
                .isCloseTo(engineAlpha(strings(RATING), List.of("1", "2", "3", "4", "5"), Level.ORDINAL),
                        within(1e-9));
        assertThat(definition(dashboard, "object_mass").alpha())
                .isCloseTo(engineIntervalAlpha(MASS), within(1e-9));
        // issue 17 item 3: four tasks are too few for an interval ("too few tasks"), of the mean or of alpha
        assertThat(definition(dashboard, "grasp_outcome").alphaLow()).isNull();
        assertThat(definition(dashboard, "grasp_outcome").meanLow()).isNull();
        assertThat(definition(dashboard, "grasp_outcome").meanHigh()).isNull();
        // issue 17 item 2: nobody marked a contact event or drew a box: "not labelled", not a mean of 1.00
        assertThat(definition(dashboard, "contact").labelled()).isFalse();
        assertThat(definition(dashboard, "contact").meanTaskAgreement()).isNull();
        assertThat(definition(dashboard, "contact").tasks()).isZero();
        assertThat(definition(dashboard, "object_box").labelled()).isFalse();
        assertThat(dashboard.overTime()).extracting(s -> s.definition()).doesNotContain("contact", "object_box");
        assertThat(qa.agreementWithConsensus()).doesNotContainKey("contact");
        assertThat(definition(dashboard, "phase").alpha()).as("not coded").isNull();
        assertThat(dashboard.overTime()).filteredOn(s -> s.definition().equals("grasp_outcome")).singleElement()
                .satisfies(s -> assertThat(s.points()).hasSize(1).first()
                        .satisfies(p -> {
                            assertThat(p.tasks()).isEqualTo(4);
                            assertThat(p.alpha()).isCloseTo(outcomeAgreement.alpha(), within(1e-12));
                        }));

        // recompute from the stored submissions gives the same numbers
        RecomputeProgress started = quality.recompute(project.id());
        RecomputeProgress second = quality.recompute(project.id());
        assertThat(second.startedAt()).as("a second call answers the running job").isEqualTo(started.startedAt());
        RecomputeProgress progress = started;
        for (int i = 0; i < 600 && !progress.state().equals("done") && !progress.state().equals("failed"); i++) {
            Thread.sleep(100);
            progress = quality.recomputeProgress(project.id());
        }
        assertThat(progress.state()).as(String.valueOf(progress.error())).isEqualTo("done");
        assertThat(progress.done()).isEqualTo(4);
        assertThat(progress.total()).isEqualTo(4);
        QualityDashboard recomputed = quality.dashboard(project.id(), schema);
        assertThat(recomputed).usingRecursiveComparison(RecursiveComparisonConfiguration.builder()
                        .withIgnoredFields("computedAt")
                        .withComparatorForType((x, y) -> Math.abs(x - y) < 1e-9 ? 0 : Double.compare(x, y),
                                Double.class)
                        .build())
                .isEqualTo(dashboard);

        // gold scores as workflow hands them over; a resubmission replaces its row
        UUID org = current.id();
        recorder.goldScored(new GoldResult(org, project.id(), a, assignmentOf.get("0/0"), taskIds.get(0),
                new GoldScore(Map.of("grasp_outcome", 0.5), 0.5), Instant.now()));
        recorder.goldScored(new GoldResult(org, project.id(), a, assignmentOf.get("1/0"), taskIds.get(1),
                new GoldScore(Map.of("grasp_outcome", 0.0), 0.0), Instant.now()));
        recorder.goldScored(new GoldResult(org, project.id(), a, assignmentOf.get("1/0"), taskIds.get(1),
                new GoldScore(Map.of("grasp_outcome", 1.0), 1.0), Instant.now()));
        AnnotatorQuality withGold = quality.dashboard(project.id(), schema).annotators().stream()
                .filter(q -> q.annotatorId().equals(a)).findFirst().orElseThrow();
        assertThat(withGold.goldScored()).isEqualTo(2);
        assertThat(withGold.goldAccuracy()).isCloseTo(0.75, within(1e-12));
        assertThat(withGold.goldOverTime()).singleElement().satisfies(p -> {
            assertThat(p.tasks()).isEqualTo(2);
            assertThat(p.meanAgreement()).isCloseTo(0.75, within(1e-12));
        });
        signIn.out();

        // another organization's QA lead: not found; an annotator: denied
        Organization globex = provisioning.organization("globex").orElseThrow();
        if (provisioning.accountOrganizations("qa-quality@globex.test").isEmpty()) {
            provisioning.addMember(globex, "qa-quality@globex.test", "Globex QA", "correct horse battery 1",
                    Set.of(Role.QA_LEAD));
        }
        signIn.as("qa-quality@globex.test");
        assertThatThrownBy(() -> quality.dashboard(project.id(), schema)).isInstanceOf(NotFoundInOrganizationException.class);
        assertThatThrownBy(() -> quality.lowTasks(project.id(), "grasp_outcome", null, 5))
                .isInstanceOf(NotFoundInOrganizationException.class);
        assertThatThrownBy(() -> quality.recompute(project.id())).isInstanceOf(NotFoundInOrganizationException.class);
        assertThatThrownBy(() -> quality.recomputeProgress(project.id())).isInstanceOf(NotFoundInOrganizationException.class);
        signIn.out();
        signIn.as(annotators.get(0));
        assertThatThrownBy(() -> quality.dashboard(project.id(), schema)).isInstanceOf(AccessDeniedException.class);
        signIn.out();
    }

    private static TypeAgreement definition(QualityDashboard dashboard, String key) {
        return dashboard.definitions().stream().filter(d -> d.definition().equals(key)).findFirst().orElseThrow();
    }

    private static String[][] strings(Integer[][] values) {
        String[][] out = new String[values.length][];
        for (int t = 0; t < values.length; t++) {
            out[t] = new String[values[t].length];
            for (int x = 0; x < values[t].length; x++) {
                out[t][x] = values[t][x] == null ? null : values[t][x].toString();
            }
        }
        return out;
    }

    private static double engineAlpha(String[][] units, List<String> order, Level level) {
        CoincidenceAccumulator accumulator = new CoincidenceAccumulator(3, order.size());
        for (String[] unit : units) {
            int[] codes = new int[3];
            for (int x = 0; x < 3; x++) {
                codes[x] = unit[x] == null ? CoincidenceAccumulator.MISSING : order.indexOf(unit[x]);
            }
            accumulator.addUnit(codes);
        }
        return accumulator.alpha(level, CategoryScale.ofCodes(order.size()));
    }

    private static double engineIntervalAlpha(Double[][] units) {
        List<Double> values = new ArrayList<>();
        for (Double[] unit : units) {
            for (Double v : unit) {
                if (v != null && !values.contains(v)) {
                    values.add(v);
                }
            }
        }
        values.sort(null);
        CoincidenceAccumulator accumulator = new CoincidenceAccumulator(3, values.size());
        for (Double[] unit : units) {
            int[] codes = new int[3];
            for (int x = 0; x < 3; x++) {
                codes[x] = unit[x] == null ? CoincidenceAccumulator.MISSING : values.indexOf(unit[x]);
            }
            accumulator.addUnit(codes);
        }
        int[] positions = java.util.stream.IntStream.range(0, values.size()).toArray();
        double[] numbers = values.stream().mapToDouble(Double::doubleValue).toArray();
        return accumulator.alpha(Level.INTERVAL, new CategoryScale(values, positions, numbers));
    }

    private static List<Label> labels(int task, int annotator) {
        List<Label> labels = new ArrayList<>();
        labels.add(new Label.Phase(UUID.randomUUID(), "phase", "main", "reach", 0, 5 * SECOND));
        labels.add(new Label.Phase(UUID.randomUUID(), "phase", "main", "grasp", 5 * SECOND, 10 * SECOND));
        labels.add(new Label.Value(UUID.randomUUID(), "grasp_outcome", null, List.of(OUTCOME[task][annotator]), null,
                null, null));
        boolean accept = ACCEPT[task][annotator];
        labels.add(new Label.Value(UUID.randomUUID(), "quality", null, accept ? List.of() : List.of("too_slow"), null,
                accept, null));
        if (RATING[task][annotator] != null) {
            labels.add(new Label.Value(UUID.randomUUID(), "demo_quality", null, null,
                    RATING[task][annotator].doubleValue(), null, null));
        }
        if (MASS[task][annotator] != null) {
            labels.add(new Label.Value(UUID.randomUUID(), "object_mass", null, null, MASS[task][annotator], null,
                    null));
        }
        return labels;
    }
}
