package dev.touchstone.workflow;

import dev.touchstone.TouchstoneSpringTest;
import dev.touchstone.labeling.LabelSchema;
import dev.touchstone.labeling.LabelSchemaJson;
import dev.touchstone.quality.QualityDashboard;
import dev.touchstone.quality.QualityService;
import dev.touchstone.quality.TypeAgreement;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import static dev.touchstone.workflow.WorkflowFixtures.settings;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Measurement, not part of the suite (surefire only picks up *Test): the quality dashboard of one project with
 * 100,000 merged tasks (issue 8). Results and how to run: docs/benchmarks.md, "Quality dashboard at 100,000 tasks".
 * <p>
 * The project's 100,000 tasks are rows of the task table (windows of one episode); their quality rows are seeded
 * with SQL (generate_series) as {@code QualityRecorder} would have written them: per task and definition of the
 * starter schema (9 definitions) a task_agreement row, per task, definition and annotator (3 of 20, 80 % agreeing
 * with a "true" class) an annotator_agreement row, completions spread over 365 days; the summaries are then built
 * from those rows with GROUP BY, as the recorder's upserts would have summed them. Then dashboard() and lowTasks()
 * are timed warm.
 */
@TouchstoneSpringTest
class QualityDashboardBenchmark extends WorkflowTestBase {

    static final int TASKS = Integer.getInteger("bench.tasks", 100_000);
    static final int RUNS = Integer.getInteger("bench.runs", 10);

    @Autowired
    QualityService quality;

    @Test
    void dashboardAt100kTasks() {
        Project project = fixtures.project(1, 10, settings(3, 0, 600));
        List<String> emails = fixtures.annotators(20);
        UUID[] annotators = emails.stream().map(fixtures::userId).toArray(UUID[]::new);
        long t0 = System.nanoTime();
        seed(project.id(), annotators);
        System.out.printf(Locale.ROOT, "seeded %d tasks in %.1f s%n", TASKS, (System.nanoTime() - t0) / 1e9);
        LabelSchema schema = LabelSchemaJson.humanoidStarter();

        signIn.as("qa@acme.test");
        try {
            QualityDashboard first = null;
            double[] ms = new double[RUNS];
            for (int i = 0; i < RUNS; i++) {
                long s = System.nanoTime();
                first = quality.dashboard(project.id(), schema);
                ms[i] = (System.nanoTime() - s) / 1e6;
            }
            assertThat(first.mergedTasks()).isEqualTo(TASKS);
            assertThat(first.annotators()).hasSize(20);
            TypeAgreement outcome = first.definitions().stream().filter(d -> d.definition().equals("grasp_outcome"))
                    .findFirst().orElseThrow();
            assertThat(outcome.alpha()).isNotNull();
            System.out.printf(Locale.ROOT, "dashboard(): %s ms (runs), median %.1f ms, days %d, grasp_outcome alpha"
                            + " %.4f, mean %.4f%n", Arrays.toString(round(ms)), median(ms),
                    first.overTime().getFirst().points().size(), outcome.alpha(), outcome.meanTaskAgreement());
            double[] low = new double[RUNS];
            double[] lowAnnotator = new double[RUNS];
            for (int i = 0; i < RUNS; i++) {
                long s = System.nanoTime();
                assertThat(quality.lowTasks(project.id(), "grasp_outcome", null, 50)).hasSize(50);
                low[i] = (System.nanoTime() - s) / 1e6;
                s = System.nanoTime();
                assertThat(quality.lowTasks(project.id(), "grasp_outcome", annotators[3], 50)).hasSize(50);
                lowAnnotator[i] = (System.nanoTime() - s) / 1e6;
            }
            System.out.printf(Locale.ROOT, "lowTasks(task) median %.1f ms; lowTasks(annotator) median %.1f ms%n",
                    median(low), median(lowAnnotator));
        } finally {
            signIn.out();
        }
    }

    private void seed(UUID projectId, UUID[] annotators) {
        dsl.transaction(configuration -> {
            var tx = configuration.dsl();
            tx.execute("""
                    insert into task (organization_id, project_id, episode_id, window_start_ns, window_end_ns, overlap,
                                      state, active_count, submitted_count, completed_at)
                    select t.organization_id, t.project_id, t.episode_id, g, g + 1, 3, 'complete', 3, 3,
                           now() - (g % 365) * interval '1 day'
                      from task t, generate_series(1, ?) g where t.project_id = ?""", TASKS - 1, projectId);
            tx.execute("""
                    update task set window_start_ns = 0, window_end_ns = 1, state = 'complete', active_count = 3,
                           submitted_count = 3, completed_at = now() where project_id = ? and window_start_ns is null""",
                    projectId);
            tx.execute("""
                    create temp table bench_task on commit drop as
                    select id, organization_id, completed_at, row_number() over (order by id)::int as g
                      from task where project_id = ?""", projectId);
            // definition, type, coded kind; a "true" value per task; each annotator agrees 80 % of the time
            tx.execute("""
                    insert into annotator_agreement (task_id, definition, annotator_id, organization_id, project_id,
                                                     type, score, annotator_class, consensus_class, completed_at, day)
                    select b.id, d.key, (?::uuid[])[1 + (b.g + s * 7) % 20], b.organization_id, ?, d.type,
                           case when d.coded then (case when agrees then 1.0 else 0.0 end)
                                else (abs(hashint4(b.g * 31 + s)) % 1000) / 1000.0 end,
                           case d.key
                               when 'grasp_outcome' then (array['success','slip','fail'])[1 + (case when agrees then b.g
                                   else b.g + 1 + s % 2 end) % 3]
                               when 'quality' then case when (b.g % 4 = 0) = agrees then 'reject' else 'accept' end
                               when 'demo_quality' then (1 + (case when agrees then b.g else b.g + 1 end) % 5)::text
                               when 'object_mass' then (0.5 + (b.g % 40) / 4.0
                                   + case when agrees then 0 else 0.25 + s end)::text
                           end,
                           case d.key
                               when 'grasp_outcome' then (array['success','slip','fail'])[1 + b.g % 3]
                               when 'quality' then case when b.g % 4 = 0 then 'reject' else 'accept' end
                               when 'demo_quality' then (1 + b.g % 5)::text
                               when 'object_mass' then (0.5 + (b.g % 40) / 4.0)::text
                           end,
                           b.completed_at, (b.completed_at at time zone 'UTC')::date
                      from bench_task b
                     cross join (values ('phase', 'phase', false), ('contact', 'event', false),
                                        ('grasp_outcome', 'category', true), ('quality', 'verdict', true),
                                        ('description', 'text', false), ('demo_quality', 'rating', true),
                                        ('object_mass', 'number', true), ('object_box', 'box2d', false),
                                        ('object_cuboid', 'cuboid3d', false)) d(key, type, coded)
                     cross join generate_series(0, 2) s
                     cross join lateral (select abs(hashint4(b.g * 3 + s + length(d.key))) % 10 < 8 as agrees) x""",
                    annotators, projectId);
            tx.execute("""
                    insert into task_agreement (task_id, definition, organization_id, project_id, type, agreement,
                                                completed_at, day, unit_values)
                    select task_id, definition, min(organization_id::text)::uuid, project_id, min(type), avg(score),
                           min(completed_at), min(day),
                           string_agg(annotator_class, chr(31) order by annotator_class)
                      from annotator_agreement where project_id = ? group by task_id, definition, project_id""",
                    projectId);
            tx.execute("""
                    insert into unit_count (project_id, definition, unit_values, organization_id, n)
                    select project_id, definition, unit_values, min(organization_id::text)::uuid, count(*)
                      from task_agreement where project_id = ? and unit_values like '%' || chr(31) || '%'
                     group by project_id, definition, unit_values""", projectId);
            tx.execute("""
                    insert into agreement_day (project_id, definition, day, organization_id, tasks, agreement_sum)
                    select project_id, definition, day, min(organization_id::text)::uuid, count(*), sum(agreement)
                      from task_agreement where project_id = ? group by project_id, definition, day""", projectId);
            tx.execute("""
                    insert into annotator_day (project_id, annotator_id, definition, day, organization_id, tasks,
                                               score_sum)
                    select project_id, annotator_id, definition, day, min(organization_id::text)::uuid, count(*),
                           sum(score)
                      from annotator_agreement where project_id = ?
                     group by project_id, annotator_id, definition, day""", projectId);
            tx.execute("""
                    insert into confusion_count (project_id, definition, annotator_id, annotator_class,
                                                 consensus_class, organization_id, n)
                    select project_id, definition, annotator_id, annotator_class, consensus_class,
                           min(organization_id::text)::uuid, count(*)
                      from annotator_agreement where project_id = ? and type in ('category', 'verdict')
                     group by project_id, definition, annotator_id, annotator_class, consensus_class""", projectId);
            tx.execute("""
                    insert into coincidence_count (project_id, definition, day, unit_size, value_a, value_b,
                                                   organization_id, pairs)
                    select a.project_id, a.definition, a.day, 3, a.annotator_class, b.annotator_class,
                           min(a.organization_id::text)::uuid, count(*)
                      from annotator_agreement a
                      join annotator_agreement b on b.task_id = a.task_id and b.definition = a.definition
                                                and b.annotator_id <> a.annotator_id
                     where a.project_id = ? and a.type in ('category', 'verdict', 'rating')
                     group by a.project_id, a.definition, a.day, a.annotator_class, b.annotator_class""", projectId);
            tx.execute("""
                    insert into coincidence_moment (project_id, definition, day, organization_id, units, n, sum_v,
                                                    sum_v2, d_o)
                    select project_id, definition, day, min(organization_id::text)::uuid, count(*), sum(m), sum(s1),
                           sum(s2), sum(d)
                      from (select a.project_id, a.definition, a.day, a.organization_id, count(*) as m,
                                   sum(a.annotator_class::float8) as s1,
                                   sum(a.annotator_class::float8 ^ 2) as s2,
                                   (select sum((x.annotator_class::float8 - y.annotator_class::float8) ^ 2)
                                      from annotator_agreement x join annotator_agreement y
                                        on y.task_id = x.task_id and y.definition = x.definition
                                     where x.task_id = a.task_id and x.definition = a.definition) / 2 as d
                              from annotator_agreement a
                             where a.project_id = ? and a.type = 'number'
                             group by a.project_id, a.definition, a.day, a.organization_id, a.task_id) u
                     group by project_id, definition, day""", projectId);
        });
        for (String table : List.of("task", "task_agreement", "annotator_agreement", "agreement_day", "annotator_day",
                "confusion_count", "coincidence_count", "coincidence_moment", "unit_count", "gold_result")) {
            dsl.execute("analyze " + table);
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static double[] round(double[] values) {
        return Arrays.stream(values).map(v -> Math.round(v * 10) / 10.0).toArray();
    }
}
