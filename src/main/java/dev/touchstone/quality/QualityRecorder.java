package dev.touchstone.quality;

import dev.touchstone.labeling.Label;
import dev.touchstone.labeling.LabelSchema;
import dev.touchstone.labeling.LabelType;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Keeps the quality aggregates of docs/quality/dashboards.md up to date. Workflow calls it inside its own
 * transaction when a task's N submissions were merged ({@link #taskMerged}) and when a gold submission was scored
 * ({@link #goldScored}); no role check here, the caller has already decided who may do what.
 * <p>
 * A task merged again (returned work resubmitted, or a recompute) replaces its rows: the old per-task rows are read
 * back, their contributions to the additive summaries subtracted and the new ones added, in one pass of upserts
 * sorted by key (so two merges in one project never lock summary rows in opposite orders).
 */
@Component
public class QualityRecorder {

    /** The annotator gave no value (confusion rows and coded values). */
    public static final String NONE = "∅";
    static final char UNIT_SEPARATOR = '\u001f';

    /** What a merge produced, with what it was computed from. */
    public record MergedTask(UUID organizationId, UUID projectId, UUID taskId, Instant completedAt, LabelSchema schema,
                             long durationNanos, long frameNanos, List<AnnotatorLabels> submissions,
                             ConsensusResult result) {
    }

    /** Where a rebuild of a project's aggregates stands ({@code state} "none" when none ever ran). */
    public record RecomputeProgress(UUID projectId, String state, int total, int done, Instant startedAt,
                                    Instant finishedAt, String error) {
    }

    private final DSLContext dsl;
    private final JsonMapper json;

    QualityRecorder(DSLContext dsl, JsonMapper json) {
        this.dsl = dsl;
        this.json = json;
    }

    // ---- merged tasks ----

    /** Records (or replaces) a merged task's agreement rows and adds them to the project's summaries. */
    @Transactional
    public void taskMerged(MergedTask m) {
        // one merge of a task at a time (a recompute may meet a resubmission of the same task)
        dsl.resultQuery("select pg_advisory_xact_lock(?)", lockKey(m.taskId())).fetch();
        Delta delta = new Delta();
        for (TaskRow row : dsl.resultQuery("""
                        select definition, type, agreement, day, unit_values from task_agreement where task_id = ?""",
                        m.taskId())
                .fetch(r -> new TaskRow(r.get(0, String.class), type(r.get(1, String.class)),
                        r.get(2, Double.class), r.get(3, LocalDate.class), r.get(4, String.class)))) {
            delta.task(row, -1);
        }
        List<AnnotatorRow> oldAnnotators = dsl.resultQuery("""
                        select definition, annotator_id, type, score, annotator_class, consensus_class, day
                          from annotator_agreement where task_id = ?""", m.taskId())
                .fetch(r -> new AnnotatorRow(r.get(0, String.class), r.get(1, UUID.class),
                        type(r.get(2, String.class)), r.get(3, Double.class), r.get(4, String.class),
                        r.get(5, String.class), r.get(6, LocalDate.class)));
        delta.annotators(oldAnnotators, -1);
        dsl.execute("delete from task_agreement where task_id = ?", m.taskId());
        dsl.execute("delete from annotator_agreement where task_id = ?", m.taskId());

        LocalDate day = day(m.completedAt());
        List<TaskRow> taskRows = new ArrayList<>();
        List<AnnotatorRow> annotatorRows = new ArrayList<>();
        rows(m, day, taskRows, annotatorRows);
        OffsetDateTime completed = m.completedAt().atOffset(ZoneOffset.UTC);
        if (!taskRows.isEmpty()) {
            dsl.batch("""
                            insert into task_agreement (task_id, definition, organization_id, project_id, type,
                                                        agreement, completed_at, day, unit_values)
                            values (?::uuid, ?, ?::uuid, ?::uuid, ?, ?::float8, ?::timestamptz, ?::date, ?)""",
                    taskRows.stream().map(t -> new Object[]{m.taskId(), t.definition(), m.organizationId(),
                            m.projectId(), t.type().jsonName(), t.agreement(), completed, t.day(), t.unitValues()})
                            .toArray(Object[][]::new)).execute();
        }
        if (!annotatorRows.isEmpty()) {
            dsl.batch("""
                            insert into annotator_agreement (task_id, definition, annotator_id, organization_id,
                                   project_id, type, score, annotator_class, consensus_class, completed_at, day)
                            values (?::uuid, ?, ?::uuid, ?::uuid, ?::uuid, ?, ?::float8, ?, ?, ?::timestamptz,
                                    ?::date)""",
                    annotatorRows.stream().map(a -> new Object[]{m.taskId(), a.definition(), a.annotatorId(),
                            m.organizationId(), m.projectId(), a.type().jsonName(), a.score(), a.annotatorClass(),
                            a.consensusClass(), completed, a.day()}).toArray(Object[][]::new)).execute();
        }
        taskRows.forEach(t -> delta.task(t, +1));
        delta.annotators(annotatorRows, +1);
        delta.apply(dsl, m.organizationId(), m.projectId());
    }

    private static long lockKey(UUID id) {
        return id.getMostSignificantBits() ^ id.getLeastSignificantBits() ^ 0x7175616c69747931L;
    }

    static LabelType type(String jsonName) {
        return LabelType.valueOf(jsonName.toUpperCase(java.util.Locale.ROOT));
    }

    static LocalDate day(Instant at) {
        return at.atOffset(ZoneOffset.UTC).toLocalDate();
    }

    /** The per-task rows of a merge: one per definition, and one per definition and annotator. */
    private static void rows(MergedTask m, LocalDate day, List<TaskRow> taskRows, List<AnnotatorRow> annotatorRows) {
        List<Label> consensus = m.result().labels();
        for (LabelSchema.Definition d : m.schema().definitions()) {
            DefinitionAgreement agreement = m.result().agreement().get(d.key());
            if (agreement == null || !agreement.labelled()) {
                // nobody labelled it: no agreement to count, and every annotator "matching" the empty consensus
                // would only inflate their agreement with it
                continue;
            }
            boolean coded = coded(d);
            String consensusValue = coded ? codedValue(d, consensus) : null;
            List<String> unit = new ArrayList<>();
            List<AnnotatorRow> these = new ArrayList<>();
            for (AnnotatorLabels s : m.submissions()) {
                if (d.type() == LabelType.TEXT && LabelComparison.values(consensus, d.key()).isEmpty()
                        && !LabelComparison.values(s.labels(), d.key()).isEmpty()) {
                    // the consensus leaves text to a reviewer: there is nothing to agree with
                    continue;
                }
                double score = LabelComparison.similarity(d, m.durationNanos(), m.frameNanos(), consensus,
                        s.labels(), true);
                String value = coded ? codedValue(d, s.labels()) : null;
                if (value != null) {
                    unit.add(value);
                }
                these.add(new AnnotatorRow(d.key(), s.annotatorId(), d.type(), score,
                        coded ? (value == null ? NONE : value) : null,
                        coded ? (consensusValue == null ? NONE : consensusValue) : null, day));
            }
            annotatorRows.addAll(these);
            String unitValues = null;
            if (coded && !unit.isEmpty()) {
                if (d.type() == LabelType.NUMBER) {
                    unit.sort((a, b) -> Double.compare(Double.parseDouble(a), Double.parseDouble(b)));
                } else {
                    unit.sort(null);
                }
                unitValues = String.join(String.valueOf(UNIT_SEPARATOR), unit);
            }
            taskRows.add(new TaskRow(d.key(), d.type(), agreement.agreement(), day, unitValues));
        }
    }

    /**
     * Definitions whose values enter Krippendorff's alpha: episode-scoped single-class categories, verdicts,
     * ratings and numbers (segment-scoped values have no fixed unit across annotators; multi-class categories are
     * sets).
     */
    static boolean coded(LabelSchema.Definition d) {
        if ("segment".equals(d.scope())) {
            return false;
        }
        return switch (d.type()) {
            case CATEGORY -> !d.multiple();
            case VERDICT, RATING, NUMBER -> true;
            default -> false;
        };
    }

    /** Whether the confusion of a coded definition is counted (categories and verdicts). */
    static boolean confused(LabelType type) {
        return type == LabelType.CATEGORY || type == LabelType.VERDICT;
    }

    /** An annotator's (or the consensus's) episode value of a coded definition as text; null for none. */
    static String codedValue(LabelSchema.Definition d, List<Label> labels) {
        for (Label.Value v : LabelComparison.values(labels, d.key())) {
            if (v.segment() != null) {
                continue;
            }
            return switch (d.type()) {
                case CATEGORY -> v.classes().isEmpty() ? null : v.classes().getFirst();
                case VERDICT -> v.accept() == null ? null : v.accept() ? "accept" : "reject";
                case RATING -> v.number() == null ? null : number(v.number());
                case NUMBER -> v.number() == null ? null : Double.toString(v.number());
                default -> null;
            };
        }
        return null;
    }

    private static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                : Double.toString(value);
    }

    record TaskRow(String definition, LabelType type, double agreement, LocalDate day, String unitValues) {
    }

    record AnnotatorRow(String definition, UUID annotatorId, LabelType type, double score, String annotatorClass,
                        String consensusClass, LocalDate day) {
    }

    /** Net changes to the additive summaries, keyed so that they are applied in a stable order. */
    static final class Delta {
        final Map<String, Object[]> agreementDay = new TreeMap<>();
        final Map<String, Object[]> annotatorDay = new TreeMap<>();
        final Map<String, Object[]> confusion = new TreeMap<>();
        final Map<String, Object[]> coincidence = new TreeMap<>();
        final Map<String, Object[]> moment = new TreeMap<>();
        final Map<String, Object[]> units = new TreeMap<>();

        void task(TaskRow t, int sign) {
            if (t.unitValues() != null && t.unitValues().indexOf(UNIT_SEPARATOR) >= 0) {
                Object[] unit = units.computeIfAbsent(t.definition() + "|" + t.unitValues(),
                        k -> new Object[]{t.definition(), t.unitValues(), 0L});
                unit[2] = (long) unit[2] + sign;
            }
            Object[] row = agreementDay.computeIfAbsent(t.definition() + "|" + t.day(),
                    k -> new Object[]{t.definition(), t.day(), 0L, 0.0});
            row[2] = (long) row[2] + sign;
            row[3] = (double) row[3] + sign * t.agreement();
        }

        void annotators(Collection<AnnotatorRow> rows, int sign) {
            Map<String, List<AnnotatorRow>> units = new TreeMap<>();
            for (AnnotatorRow a : rows) {
                Object[] row = annotatorDay.computeIfAbsent(a.annotatorId() + "|" + a.definition() + "|" + a.day(),
                        k -> new Object[]{a.annotatorId(), a.definition(), a.day(), 0L, 0.0});
                row[3] = (long) row[3] + sign;
                row[4] = (double) row[4] + sign * a.score();
                if (a.annotatorClass() != null && confused(a.type())) {
                    Object[] c = confusion.computeIfAbsent(a.definition() + "|" + a.annotatorId() + "|"
                                    + a.annotatorClass() + "|" + a.consensusClass(),
                            k -> new Object[]{a.definition(), a.annotatorId(), a.annotatorClass(),
                                    a.consensusClass(), 0L});
                    c[4] = (long) c[4] + sign;
                }
                if (a.annotatorClass() != null && !NONE.equals(a.annotatorClass())) {
                    units.computeIfAbsent(a.definition(), k -> new ArrayList<>()).add(a);
                }
            }
            for (List<AnnotatorRow> unit : units.values()) {
                unit(unit, sign);
            }
        }

        /** One unit (a task's values of one coded definition): its coincidences or moments. */
        private void unit(List<AnnotatorRow> unit, int sign) {
            int m = unit.size();
            if (m < 2) {
                return;
            }
            AnnotatorRow first = unit.getFirst();
            if (first.type() == LabelType.NUMBER) {
                double sum = 0;
                double sum2 = 0;
                double pairs = 0;
                for (int i = 0; i < m; i++) {
                    double vi = Double.parseDouble(unit.get(i).annotatorClass());
                    sum += vi;
                    sum2 += vi * vi;
                    for (int j = 0; j < m; j++) {
                        double vj = Double.parseDouble(unit.get(j).annotatorClass());
                        pairs += (vi - vj) * (vi - vj);
                    }
                }
                Object[] row = moment.computeIfAbsent(first.definition() + "|" + first.day(),
                        k -> new Object[]{first.definition(), first.day(), 0L, 0L, 0.0, 0.0, 0.0});
                row[2] = (long) row[2] + sign;
                row[3] = (long) row[3] + (long) sign * m;
                row[4] = (double) row[4] + sign * sum;
                row[5] = (double) row[5] + sign * sum2;
                row[6] = (double) row[6] + sign * pairs / (m - 1);
                return;
            }
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < m; j++) {
                    if (i == j) {
                        continue;
                    }
                    String a = unit.get(i).annotatorClass();
                    String b = unit.get(j).annotatorClass();
                    Object[] row = coincidence.computeIfAbsent(first.definition() + "|" + first.day() + "|" + m
                                    + "|" + a + "|" + b,
                            k -> new Object[]{first.definition(), first.day(), m, a, b, 0L});
                    row[5] = (long) row[5] + sign;
                }
            }
        }

        void apply(DSLContext dsl, UUID organizationId, UUID projectId) {
            upsert(dsl, """
                    insert into agreement_day (project_id, organization_id, definition, day, tasks, agreement_sum)
                    values (?::uuid, ?::uuid, ?, ?::date, ?::bigint, ?::float8)
                    on conflict (project_id, definition, day) do update
                       set tasks = agreement_day.tasks + excluded.tasks,
                           agreement_sum = agreement_day.agreement_sum + excluded.agreement_sum""",
                    agreementDay.values(), organizationId, projectId, 2);
            upsert(dsl, """
                    insert into annotator_day (project_id, organization_id, annotator_id, definition, day, tasks,
                                               score_sum)
                    values (?::uuid, ?::uuid, ?::uuid, ?, ?::date, ?::bigint, ?::float8)
                    on conflict (project_id, annotator_id, definition, day) do update
                       set tasks = annotator_day.tasks + excluded.tasks,
                           score_sum = annotator_day.score_sum + excluded.score_sum""",
                    annotatorDay.values(), organizationId, projectId, 3);
            upsert(dsl, """
                    insert into confusion_count (project_id, organization_id, definition, annotator_id,
                                                 annotator_class, consensus_class, n)
                    values (?::uuid, ?::uuid, ?, ?::uuid, ?, ?, ?::bigint)
                    on conflict (project_id, definition, annotator_id, annotator_class, consensus_class) do update
                       set n = confusion_count.n + excluded.n""",
                    confusion.values(), organizationId, projectId, 4);
            upsert(dsl, """
                    insert into coincidence_count (project_id, organization_id, definition, day, unit_size, value_a,
                                                   value_b, pairs)
                    values (?::uuid, ?::uuid, ?, ?::date, ?::int, ?, ?, ?::bigint)
                    on conflict (project_id, definition, day, unit_size, value_a, value_b) do update
                       set pairs = coincidence_count.pairs + excluded.pairs""",
                    coincidence.values(), organizationId, projectId, 5);
            upsert(dsl, """
                    insert into coincidence_moment (project_id, organization_id, definition, day, units, n, sum_v,
                                                    sum_v2, d_o)
                    values (?::uuid, ?::uuid, ?, ?::date, ?::bigint, ?::bigint, ?::float8, ?::float8, ?::float8)
                    on conflict (project_id, definition, day) do update
                       set units = coincidence_moment.units + excluded.units,
                           n = coincidence_moment.n + excluded.n,
                           sum_v = coincidence_moment.sum_v + excluded.sum_v,
                           sum_v2 = coincidence_moment.sum_v2 + excluded.sum_v2,
                           d_o = coincidence_moment.d_o + excluded.d_o""",
                    moment.values(), organizationId, projectId, 2);
            upsert(dsl, """
                    insert into unit_count (project_id, organization_id, definition, unit_values, n)
                    values (?::uuid, ?::uuid, ?, ?, ?::bigint)
                    on conflict (project_id, definition, unit_values) do update set n = unit_count.n + excluded.n""",
                    units.values(), organizationId, projectId, 2);
        }

        /** Upserts the rows whose count (at {@code countIndex}) changed; rows that cancel out are skipped. */
        private static void upsert(DSLContext dsl, String sql, Collection<Object[]> rows, UUID organizationId,
                                   UUID projectId, int countIndex) {
            List<Object[]> binds = new ArrayList<>();
            for (Object[] row : rows) {
                boolean unchanged = (long) row[countIndex] == 0
                        && java.util.Arrays.stream(row, countIndex + 1, row.length)
                        .allMatch(v -> v instanceof Double d ? Math.abs(d) < 1e-12 : ((long) v) == 0);
                if (unchanged) {
                    continue;
                }
                Object[] bind = new Object[row.length + 2];
                bind[0] = projectId;
                bind[1] = organizationId;
                System.arraycopy(row, 0, bind, 2, row.length);
                binds.add(bind);
            }
            if (!binds.isEmpty()) {
                dsl.batch(sql, binds.toArray(Object[][]::new)).execute();
            }
        }
    }

    // ---- gold ----

    /** Records (or replaces, for a resubmission) the score of a gold submission. */
    @Transactional
    public void goldScored(UUID organizationId, UUID projectId, UUID annotatorId, UUID assignmentId, UUID taskId,
                           GoldScore score, Instant at) {
        dsl.execute("""
                        insert into gold_result (assignment_id, organization_id, project_id, annotator_id, task_id, score,
                                                 per_definition, scored_at, day)
                        values (?::uuid, ?::uuid, ?::uuid, ?::uuid, ?::uuid, ?::float8, ?::jsonb, ?::timestamptz,
                                ?::date)
                        on conflict (assignment_id) do update
                           set score = excluded.score, per_definition = excluded.per_definition,
                               scored_at = excluded.scored_at, day = excluded.day""",
                assignmentId, organizationId, projectId, annotatorId, taskId, score.overall(),
                json.writeValueAsString(score.perDefinition()), at.atOffset(ZoneOffset.UTC), day(at));
    }

    // ---- recompute (driven by workflow, which has the submissions) ----

    /**
     * Starts a rebuild of a project's aggregates: empties them and marks the rebuild running with {@code total}
     * tasks to go. Empty when a rebuild is already running (one that has not reported for 10 minutes is taken to
     * have died with its replica and may be replaced).
     */
    @Transactional
    public Optional<RecomputeProgress> startRecompute(UUID organizationId, UUID projectId, int total) {
        int claimed = dsl.execute("""
                insert into quality_recompute (project_id, organization_id, state, total, done, started_at, updated_at)
                values (?, ?, 'running', ?, 0, now(), now())
                on conflict (project_id) do update
                   set state = 'running', total = excluded.total, done = 0, error = null, started_at = now(),
                       updated_at = now(), finished_at = null
                 where quality_recompute.state <> 'running'
                    or quality_recompute.updated_at < now() - interval '10 minutes'""",
                projectId, organizationId, total);
        if (claimed == 0) {
            return Optional.empty();
        }
        for (String table : List.of("task_agreement", "annotator_agreement", "agreement_day", "annotator_day",
                "confusion_count", "coincidence_count", "coincidence_moment", "unit_count", "gold_result")) {
            dsl.execute("delete from " + table + " where project_id = ? and organization_id = ?", projectId,
                    organizationId);
        }
        return Optional.of(recomputeProgress(organizationId, projectId));
    }

    /** Tasks done so far in a running rebuild. */
    @Transactional
    public void recomputeAdvanced(UUID projectId, int done) {
        dsl.execute("update quality_recompute set done = ?, updated_at = now() where project_id = ?", done, projectId);
    }

    /** The rebuild ended: {@code error} null when it succeeded. */
    @Transactional
    public void recomputeFinished(UUID projectId, String error) {
        dsl.execute("""
                update quality_recompute set state = ?, error = ?, updated_at = now(), finished_at = now()
                 where project_id = ?""", error == null ? "done" : "failed", error, projectId);
    }

    /** Where the project's rebuild stands. */
    @Transactional(readOnly = true)
    public RecomputeProgress recomputeProgress(UUID organizationId, UUID projectId) {
        return dsl.resultQuery("""
                        select state, total, done, started_at, finished_at, error from quality_recompute
                         where project_id = ? and organization_id = ?""", projectId, organizationId)
                .fetchOptional(r -> new RecomputeProgress(projectId, r.get(0, String.class), r.get(1, Integer.class),
                        r.get(2, Integer.class), instant(r.get(3, OffsetDateTime.class)),
                        instant(r.get(4, OffsetDateTime.class)), r.get(5, String.class)))
                .orElse(new RecomputeProgress(projectId, "none", 0, 0, null, null, null));
    }

    static Instant instant(OffsetDateTime at) {
        return at == null ? null : at.toInstant();
    }
}
