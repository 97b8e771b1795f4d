package dev.touchstone.quality;

import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.Query;
import org.jooq.Records;
import org.springframework.stereotype.Repository;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static dev.touchstone.db.Tables.AGREEMENT_DAY;
import static dev.touchstone.db.Tables.ANNOTATOR_AGREEMENT;
import static dev.touchstone.db.Tables.ANNOTATOR_DAY;
import static dev.touchstone.db.Tables.COINCIDENCE_COUNT;
import static dev.touchstone.db.Tables.COINCIDENCE_MOMENT;
import static dev.touchstone.db.Tables.CONFUSION_COUNT;
import static dev.touchstone.db.Tables.GOLD_RESULT;
import static dev.touchstone.db.Tables.QUALITY_RECOMPUTE;
import static dev.touchstone.db.Tables.TASK_AGREEMENT;
import static dev.touchstone.db.Tables.UNIT_COUNT;
import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.excluded;
import static org.jooq.impl.DSL.function;
import static org.jooq.impl.DSL.sum;
import static org.jooq.impl.DSL.val;

/**
 * Quality's own tables (V9): the per-task rows, the additive summaries, gold results and the rebuild's progress.
 * Callers pass the organization id; every read filters by it. Reads nothing another module owns.
 */
@Repository
class QualityRepository {

    record AgreementDayRow(String definition, LocalDate day, long tasks, double agreementSum) {
    }

    record CoincidenceRow(String definition, LocalDate day, int unitSize, String valueA, String valueB, long pairs) {
    }

    record MomentRow(String definition, LocalDate day, long units, long n, double sum, double sum2,
                     double disagreement) {
    }

    record AnnotatorTotal(UUID annotatorId, String definition, long tasks, double scoreSum) {
    }

    record GoldDay(UUID annotatorId, LocalDate day, int results, double scoreSum) {
    }

    record ConfusionRow(String definition, UUID annotatorId, String annotatorClass, String consensusClass, long n) {
    }

    record LowTaskRow(UUID taskId, String definition, double agreement, OffsetDateTime completedAt) {
    }

    private final DSLContext dsl;

    QualityRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    // ---- the dashboard ----

    List<AgreementDayRow> agreementDays(UUID organizationId, UUID projectId) {
        return dsl.select(AGREEMENT_DAY.DEFINITION, AGREEMENT_DAY.DAY, AGREEMENT_DAY.TASKS, AGREEMENT_DAY.AGREEMENT_SUM)
                .from(AGREEMENT_DAY)
                .where(AGREEMENT_DAY.PROJECT_ID.eq(projectId), AGREEMENT_DAY.ORGANIZATION_ID.eq(organizationId),
                        AGREEMENT_DAY.TASKS.gt(0L))
                .fetch(Records.mapping(AgreementDayRow::new));
    }

    List<CoincidenceRow> coincidences(UUID organizationId, UUID projectId) {
        return dsl.select(COINCIDENCE_COUNT.DEFINITION, COINCIDENCE_COUNT.DAY, COINCIDENCE_COUNT.UNIT_SIZE,
                        COINCIDENCE_COUNT.VALUE_A, COINCIDENCE_COUNT.VALUE_B, COINCIDENCE_COUNT.PAIRS)
                .from(COINCIDENCE_COUNT)
                .where(COINCIDENCE_COUNT.PROJECT_ID.eq(projectId),
                        COINCIDENCE_COUNT.ORGANIZATION_ID.eq(organizationId), COINCIDENCE_COUNT.PAIRS.ne(0L))
                .fetch(Records.mapping(CoincidenceRow::new));
    }

    List<MomentRow> moments(UUID organizationId, UUID projectId) {
        return dsl.select(COINCIDENCE_MOMENT.DEFINITION, COINCIDENCE_MOMENT.DAY, COINCIDENCE_MOMENT.UNITS,
                        COINCIDENCE_MOMENT.N, COINCIDENCE_MOMENT.SUM_V, COINCIDENCE_MOMENT.SUM_V2,
                        COINCIDENCE_MOMENT.D_O)
                .from(COINCIDENCE_MOMENT)
                .where(COINCIDENCE_MOMENT.PROJECT_ID.eq(projectId),
                        COINCIDENCE_MOMENT.ORGANIZATION_ID.eq(organizationId), COINCIDENCE_MOMENT.UNITS.gt(0L))
                .fetch(Records.mapping(MomentRow::new));
    }

    /** The distinct units of a definition and how many tasks had each, by unit (at most {@code limit}). */
    List<UnitCount> units(UUID organizationId, UUID projectId, String definition, int limit) {
        return dsl.select(UNIT_COUNT.UNIT_VALUES, UNIT_COUNT.N)
                .from(UNIT_COUNT)
                .where(UNIT_COUNT.PROJECT_ID.eq(projectId), UNIT_COUNT.ORGANIZATION_ID.eq(organizationId),
                        UNIT_COUNT.DEFINITION.eq(definition), UNIT_COUNT.N.gt(0L))
                .orderBy(UNIT_COUNT.UNIT_VALUES)
                .limit(limit)
                .fetch(Records.mapping(UnitCount::new));
    }

    record UnitCount(String unitValues, long n) {
    }

    /** Per annotator and definition over all days: tasks and the sum of their agreement with the consensus. */
    List<AnnotatorTotal> annotatorTotals(UUID organizationId, UUID projectId) {
        var tasks = sum(ANNOTATOR_DAY.TASKS);
        return dsl.select(ANNOTATOR_DAY.ANNOTATOR_ID, ANNOTATOR_DAY.DEFINITION, tasks.cast(Long.class),
                        sum(ANNOTATOR_DAY.SCORE_SUM).cast(Double.class))
                .from(ANNOTATOR_DAY)
                .where(ANNOTATOR_DAY.PROJECT_ID.eq(projectId), ANNOTATOR_DAY.ORGANIZATION_ID.eq(organizationId))
                .groupBy(ANNOTATOR_DAY.ANNOTATOR_ID, ANNOTATOR_DAY.DEFINITION)
                .having(tasks.gt(java.math.BigDecimal.ZERO))
                .fetch(Records.mapping(AnnotatorTotal::new));
    }

    /** Gold results per annotator and day, by annotator and day. */
    List<GoldDay> goldDays(UUID organizationId, UUID projectId) {
        return dsl.select(GOLD_RESULT.ANNOTATOR_ID, GOLD_RESULT.DAY, count(), sum(GOLD_RESULT.SCORE).cast(Double.class))
                .from(GOLD_RESULT)
                .where(GOLD_RESULT.PROJECT_ID.eq(projectId), GOLD_RESULT.ORGANIZATION_ID.eq(organizationId))
                .groupBy(GOLD_RESULT.ANNOTATOR_ID, GOLD_RESULT.DAY)
                .orderBy(GOLD_RESULT.ANNOTATOR_ID, GOLD_RESULT.DAY)
                .fetch(Records.mapping(GoldDay::new));
    }

    List<ConfusionRow> confusion(UUID organizationId, UUID projectId) {
        return dsl.select(CONFUSION_COUNT.DEFINITION, CONFUSION_COUNT.ANNOTATOR_ID, CONFUSION_COUNT.ANNOTATOR_CLASS,
                        CONFUSION_COUNT.CONSENSUS_CLASS, CONFUSION_COUNT.N)
                .from(CONFUSION_COUNT)
                .where(CONFUSION_COUNT.PROJECT_ID.eq(projectId), CONFUSION_COUNT.ORGANIZATION_ID.eq(organizationId),
                        CONFUSION_COUNT.N.gt(0L))
                .fetch(Records.mapping(ConfusionRow::new));
    }

    /** The merged tasks with the lowest agreement on a definition first (ties by task id). */
    List<LowTaskRow> lowestTasks(UUID organizationId, UUID projectId, String definition, int limit) {
        return dsl.select(TASK_AGREEMENT.TASK_ID, TASK_AGREEMENT.DEFINITION, TASK_AGREEMENT.AGREEMENT,
                        TASK_AGREEMENT.COMPLETED_AT)
                .from(TASK_AGREEMENT)
                .where(TASK_AGREEMENT.PROJECT_ID.eq(projectId), TASK_AGREEMENT.ORGANIZATION_ID.eq(organizationId),
                        TASK_AGREEMENT.DEFINITION.eq(definition))
                .orderBy(TASK_AGREEMENT.AGREEMENT, TASK_AGREEMENT.TASK_ID)
                .limit(limit)
                .fetch(Records.mapping(LowTaskRow::new));
    }

    /** The merged tasks where an annotator agreed least with the consensus on a definition first (ties by id). */
    List<LowTaskRow> lowestTasksOf(UUID organizationId, UUID projectId, String definition, UUID annotatorId,
                                   int limit) {
        return dsl.select(ANNOTATOR_AGREEMENT.TASK_ID, ANNOTATOR_AGREEMENT.DEFINITION, ANNOTATOR_AGREEMENT.SCORE,
                        ANNOTATOR_AGREEMENT.COMPLETED_AT)
                .from(ANNOTATOR_AGREEMENT)
                .where(ANNOTATOR_AGREEMENT.PROJECT_ID.eq(projectId),
                        ANNOTATOR_AGREEMENT.ORGANIZATION_ID.eq(organizationId),
                        ANNOTATOR_AGREEMENT.DEFINITION.eq(definition),
                        ANNOTATOR_AGREEMENT.ANNOTATOR_ID.eq(annotatorId))
                .orderBy(ANNOTATOR_AGREEMENT.SCORE, ANNOTATOR_AGREEMENT.TASK_ID)
                .limit(limit)
                .fetch(Records.mapping(LowTaskRow::new));
    }

    // ---- merged tasks ----

    /** One merge of a task at a time until the transaction ends (a recompute may meet a resubmission of it). */
    void lockTask(UUID taskId) {
        long key = taskId.getMostSignificantBits() ^ taskId.getLeastSignificantBits() ^ 0x7175616c69747931L;
        dsl.select(function("pg_advisory_xact_lock", Object.class, val(key))).fetch();
    }

    List<QualityRecorder.TaskRow> taskRows(UUID taskId) {
        return dsl.select(TASK_AGREEMENT.DEFINITION, TASK_AGREEMENT.TYPE, TASK_AGREEMENT.AGREEMENT,
                        TASK_AGREEMENT.DAY, TASK_AGREEMENT.UNIT_VALUES)
                .from(TASK_AGREEMENT)
                .where(TASK_AGREEMENT.TASK_ID.eq(taskId))
                .fetch(Records.mapping((definition, type, agreement, day, unitValues) -> new QualityRecorder.TaskRow(
                        definition, QualityRecorder.type(type), agreement, day, unitValues)));
    }

    List<QualityRecorder.AnnotatorRow> annotatorRows(UUID taskId) {
        return dsl.select(ANNOTATOR_AGREEMENT.DEFINITION, ANNOTATOR_AGREEMENT.ANNOTATOR_ID, ANNOTATOR_AGREEMENT.TYPE,
                        ANNOTATOR_AGREEMENT.SCORE, ANNOTATOR_AGREEMENT.ANNOTATOR_CLASS,
                        ANNOTATOR_AGREEMENT.CONSENSUS_CLASS, ANNOTATOR_AGREEMENT.DAY)
                .from(ANNOTATOR_AGREEMENT)
                .where(ANNOTATOR_AGREEMENT.TASK_ID.eq(taskId))
                .fetch(Records.mapping((definition, annotator, type, score, annotatorClass, consensusClass, day) ->
                        new QualityRecorder.AnnotatorRow(definition, annotator, QualityRecorder.type(type), score,
                                annotatorClass, consensusClass, day)));
    }

    void deleteTaskRows(UUID taskId) {
        dsl.deleteFrom(TASK_AGREEMENT).where(TASK_AGREEMENT.TASK_ID.eq(taskId)).execute();
        dsl.deleteFrom(ANNOTATOR_AGREEMENT).where(ANNOTATOR_AGREEMENT.TASK_ID.eq(taskId)).execute();
    }

    void insertTaskRows(MergedTask m, OffsetDateTime completed, List<QualityRecorder.TaskRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        var insert = dsl.insertInto(TASK_AGREEMENT, TASK_AGREEMENT.TASK_ID, TASK_AGREEMENT.DEFINITION,
                TASK_AGREEMENT.ORGANIZATION_ID, TASK_AGREEMENT.PROJECT_ID, TASK_AGREEMENT.TYPE,
                TASK_AGREEMENT.AGREEMENT, TASK_AGREEMENT.COMPLETED_AT, TASK_AGREEMENT.DAY, TASK_AGREEMENT.UNIT_VALUES);
        for (QualityRecorder.TaskRow t : rows) {
            insert = insert.values(m.taskId(), t.definition(), m.organizationId(), m.projectId(), t.type().jsonName(),
                    t.agreement(), completed, t.day(), t.unitValues());
        }
        insert.execute();
    }

    void insertAnnotatorRows(MergedTask m, OffsetDateTime completed, List<QualityRecorder.AnnotatorRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        var insert = dsl.insertInto(ANNOTATOR_AGREEMENT, ANNOTATOR_AGREEMENT.TASK_ID, ANNOTATOR_AGREEMENT.DEFINITION,
                ANNOTATOR_AGREEMENT.ANNOTATOR_ID, ANNOTATOR_AGREEMENT.ORGANIZATION_ID, ANNOTATOR_AGREEMENT.PROJECT_ID,
                ANNOTATOR_AGREEMENT.TYPE, ANNOTATOR_AGREEMENT.SCORE, ANNOTATOR_AGREEMENT.ANNOTATOR_CLASS,
                ANNOTATOR_AGREEMENT.CONSENSUS_CLASS, ANNOTATOR_AGREEMENT.COMPLETED_AT, ANNOTATOR_AGREEMENT.DAY);
        for (QualityRecorder.AnnotatorRow a : rows) {
            insert = insert.values(m.taskId(), a.definition(), a.annotatorId(), m.organizationId(), m.projectId(),
                    a.type().jsonName(), a.score(), a.annotatorClass(), a.consensusClass(), completed, a.day());
        }
        insert.execute();
    }

    /**
     * Adds a merge's net changes to the additive summaries: one batch of upserts per table, rows in the delta's key
     * order (so two merges in one project never lock summary rows in opposite orders); rows that cancel out are
     * skipped.
     */
    void applySummaries(QualityRecorder.Delta delta, UUID organizationId, UUID projectId) {
        upsert(dsl.insertInto(AGREEMENT_DAY, AGREEMENT_DAY.PROJECT_ID, AGREEMENT_DAY.ORGANIZATION_ID,
                                AGREEMENT_DAY.DEFINITION, AGREEMENT_DAY.DAY, AGREEMENT_DAY.TASKS,
                                AGREEMENT_DAY.AGREEMENT_SUM)
                        .values((UUID) null, null, null, null, null, null)
                        .onConflict(AGREEMENT_DAY.PROJECT_ID, AGREEMENT_DAY.DEFINITION, AGREEMENT_DAY.DAY)
                        .doUpdate()
                        .set(AGREEMENT_DAY.TASKS, AGREEMENT_DAY.TASKS.plus(excluded(AGREEMENT_DAY.TASKS)))
                        .set(AGREEMENT_DAY.AGREEMENT_SUM,
                                AGREEMENT_DAY.AGREEMENT_SUM.plus(excluded(AGREEMENT_DAY.AGREEMENT_SUM))),
                delta.agreementDay.values(), organizationId, projectId, 2);
        upsert(dsl.insertInto(ANNOTATOR_DAY, ANNOTATOR_DAY.PROJECT_ID, ANNOTATOR_DAY.ORGANIZATION_ID,
                                ANNOTATOR_DAY.ANNOTATOR_ID, ANNOTATOR_DAY.DEFINITION, ANNOTATOR_DAY.DAY,
                                ANNOTATOR_DAY.TASKS, ANNOTATOR_DAY.SCORE_SUM)
                        .values((UUID) null, null, null, null, null, null, null)
                        .onConflict(ANNOTATOR_DAY.PROJECT_ID, ANNOTATOR_DAY.ANNOTATOR_ID, ANNOTATOR_DAY.DEFINITION,
                                ANNOTATOR_DAY.DAY)
                        .doUpdate()
                        .set(ANNOTATOR_DAY.TASKS, ANNOTATOR_DAY.TASKS.plus(excluded(ANNOTATOR_DAY.TASKS)))
                        .set(ANNOTATOR_DAY.SCORE_SUM, ANNOTATOR_DAY.SCORE_SUM.plus(excluded(ANNOTATOR_DAY.SCORE_SUM))),
                delta.annotatorDay.values(), organizationId, projectId, 3);
        upsert(dsl.insertInto(CONFUSION_COUNT, CONFUSION_COUNT.PROJECT_ID, CONFUSION_COUNT.ORGANIZATION_ID,
                                CONFUSION_COUNT.DEFINITION, CONFUSION_COUNT.ANNOTATOR_ID,
                                CONFUSION_COUNT.ANNOTATOR_CLASS, CONFUSION_COUNT.CONSENSUS_CLASS, CONFUSION_COUNT.N)
                        .values((UUID) null, null, null, null, null, null, null)
                        .onConflict(CONFUSION_COUNT.PROJECT_ID, CONFUSION_COUNT.DEFINITION,
                                CONFUSION_COUNT.ANNOTATOR_ID, CONFUSION_COUNT.ANNOTATOR_CLASS,
                                CONFUSION_COUNT.CONSENSUS_CLASS)
                        .doUpdate()
                        .set(CONFUSION_COUNT.N, CONFUSION_COUNT.N.plus(excluded(CONFUSION_COUNT.N))),
                delta.confusion.values(), organizationId, projectId, 4);
        upsert(dsl.insertInto(COINCIDENCE_COUNT, COINCIDENCE_COUNT.PROJECT_ID, COINCIDENCE_COUNT.ORGANIZATION_ID,
                                COINCIDENCE_COUNT.DEFINITION, COINCIDENCE_COUNT.DAY, COINCIDENCE_COUNT.UNIT_SIZE,
                                COINCIDENCE_COUNT.VALUE_A, COINCIDENCE_COUNT.VALUE_B, COINCIDENCE_COUNT.PAIRS)
                        .values((UUID) null, null, null, null, null, null, null, null)
                        .onConflict(COINCIDENCE_COUNT.PROJECT_ID, COINCIDENCE_COUNT.DEFINITION, COINCIDENCE_COUNT.DAY,
                                COINCIDENCE_COUNT.UNIT_SIZE, COINCIDENCE_COUNT.VALUE_A, COINCIDENCE_COUNT.VALUE_B)
                        .doUpdate()
                        .set(COINCIDENCE_COUNT.PAIRS, COINCIDENCE_COUNT.PAIRS.plus(excluded(COINCIDENCE_COUNT.PAIRS))),
                delta.coincidence.values(), organizationId, projectId, 5);
        upsert(dsl.insertInto(COINCIDENCE_MOMENT, COINCIDENCE_MOMENT.PROJECT_ID, COINCIDENCE_MOMENT.ORGANIZATION_ID,
                                COINCIDENCE_MOMENT.DEFINITION, COINCIDENCE_MOMENT.DAY, COINCIDENCE_MOMENT.UNITS,
                                COINCIDENCE_MOMENT.N, COINCIDENCE_MOMENT.SUM_V, COINCIDENCE_MOMENT.SUM_V2,
                                COINCIDENCE_MOMENT.D_O)
                        .values((UUID) null, null, null, null, null, null, null, null, null)
                        .onConflict(COINCIDENCE_MOMENT.PROJECT_ID, COINCIDENCE_MOMENT.DEFINITION,
                                COINCIDENCE_MOMENT.DAY)
                        .doUpdate()
                        .set(COINCIDENCE_MOMENT.UNITS, COINCIDENCE_MOMENT.UNITS.plus(excluded(COINCIDENCE_MOMENT.UNITS)))
                        .set(COINCIDENCE_MOMENT.N, COINCIDENCE_MOMENT.N.plus(excluded(COINCIDENCE_MOMENT.N)))
                        .set(COINCIDENCE_MOMENT.SUM_V, COINCIDENCE_MOMENT.SUM_V.plus(excluded(COINCIDENCE_MOMENT.SUM_V)))
                        .set(COINCIDENCE_MOMENT.SUM_V2,
                                COINCIDENCE_MOMENT.SUM_V2.plus(excluded(COINCIDENCE_MOMENT.SUM_V2)))
                        .set(COINCIDENCE_MOMENT.D_O, COINCIDENCE_MOMENT.D_O.plus(excluded(COINCIDENCE_MOMENT.D_O))),
                delta.moment.values(), organizationId, projectId, 2);
        upsert(dsl.insertInto(UNIT_COUNT, UNIT_COUNT.PROJECT_ID, UNIT_COUNT.ORGANIZATION_ID, UNIT_COUNT.DEFINITION,
                                UNIT_COUNT.UNIT_VALUES, UNIT_COUNT.N)
                        .values((UUID) null, null, null, null, null)
                        .onConflict(UNIT_COUNT.PROJECT_ID, UNIT_COUNT.DEFINITION, UNIT_COUNT.UNIT_VALUES)
                        .doUpdate()
                        .set(UNIT_COUNT.N, UNIT_COUNT.N.plus(excluded(UNIT_COUNT.N))),
                delta.units.values(), organizationId, projectId, 2);
    }

    /**
     * Runs the upsert once per changed row: the binds are the project, the organization and the row (the
     * statement's columns in that order); a row whose count (at {@code countIndex}) and sums are all zero is skipped.
     */
    private void upsert(Query upsert, Collection<Object[]> rows, UUID organizationId, UUID projectId,
                        int countIndex) {
        List<Object[]> binds = new ArrayList<>();
        for (Object[] row : rows) {
            boolean unchanged = (long) row[countIndex] == 0
                    && Arrays.stream(row, countIndex + 1, row.length)
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
            dsl.batch(upsert, binds.toArray(Object[][]::new)).execute();
        }
    }

    // ---- gold ----

    void saveGoldResult(GoldResult g, String perDefinitionJson, OffsetDateTime scoredAt, LocalDate day) {
        dsl.insertInto(GOLD_RESULT, GOLD_RESULT.ASSIGNMENT_ID, GOLD_RESULT.ORGANIZATION_ID, GOLD_RESULT.PROJECT_ID,
                        GOLD_RESULT.ANNOTATOR_ID, GOLD_RESULT.TASK_ID, GOLD_RESULT.SCORE, GOLD_RESULT.PER_DEFINITION,
                        GOLD_RESULT.SCORED_AT, GOLD_RESULT.DAY)
                .values(g.assignmentId(), g.organizationId(), g.projectId(), g.annotatorId(), g.taskId(),
                        g.score().overall(), JSONB.valueOf(perDefinitionJson), scoredAt, day)
                .onConflict(GOLD_RESULT.ASSIGNMENT_ID)
                .doUpdate()
                .set(GOLD_RESULT.SCORE, excluded(GOLD_RESULT.SCORE))
                .set(GOLD_RESULT.PER_DEFINITION, excluded(GOLD_RESULT.PER_DEFINITION))
                .set(GOLD_RESULT.SCORED_AT, excluded(GOLD_RESULT.SCORED_AT))
                .set(GOLD_RESULT.DAY, excluded(GOLD_RESULT.DAY))
                .execute();
    }

    // ---- the rebuild ----

    /**
     * Marks the project's rebuild running with {@code total} tasks to go, unless one is running: false then. SQL
     * text on purpose: it is the rule of docs/quality/dashboards.md ("Recompute") as written there, one rebuild per
     * project, and one that has not reported for 10 minutes (on the database's clock, which every replica shares)
     * is taken to have died with its replica.
     */
    boolean claimRecompute(UUID organizationId, UUID projectId, int total) {
        return dsl.execute("""
                insert into quality_recompute (project_id, organization_id, state, total, done, started_at, updated_at)
                values (?, ?, 'running', ?, 0, now(), now())
                on conflict (project_id) do update
                   set state = 'running', total = excluded.total, done = 0, error = null, started_at = now(),
                       updated_at = now(), finished_at = null
                 where quality_recompute.state <> 'running'
                    or quality_recompute.updated_at < now() - interval '10 minutes'""",
                projectId, organizationId, total) > 0;
    }

    /** Empties the project's aggregates and gold results (a rebuild starts from nothing). */
    void clearAggregates(UUID organizationId, UUID projectId) {
        dsl.deleteFrom(TASK_AGREEMENT).where(TASK_AGREEMENT.PROJECT_ID.eq(projectId),
                TASK_AGREEMENT.ORGANIZATION_ID.eq(organizationId)).execute();
        dsl.deleteFrom(ANNOTATOR_AGREEMENT).where(ANNOTATOR_AGREEMENT.PROJECT_ID.eq(projectId),
                ANNOTATOR_AGREEMENT.ORGANIZATION_ID.eq(organizationId)).execute();
        dsl.deleteFrom(AGREEMENT_DAY).where(AGREEMENT_DAY.PROJECT_ID.eq(projectId),
                AGREEMENT_DAY.ORGANIZATION_ID.eq(organizationId)).execute();
        dsl.deleteFrom(ANNOTATOR_DAY).where(ANNOTATOR_DAY.PROJECT_ID.eq(projectId),
                ANNOTATOR_DAY.ORGANIZATION_ID.eq(organizationId)).execute();
        dsl.deleteFrom(CONFUSION_COUNT).where(CONFUSION_COUNT.PROJECT_ID.eq(projectId),
                CONFUSION_COUNT.ORGANIZATION_ID.eq(organizationId)).execute();
        dsl.deleteFrom(COINCIDENCE_COUNT).where(COINCIDENCE_COUNT.PROJECT_ID.eq(projectId),
                COINCIDENCE_COUNT.ORGANIZATION_ID.eq(organizationId)).execute();
        dsl.deleteFrom(COINCIDENCE_MOMENT).where(COINCIDENCE_MOMENT.PROJECT_ID.eq(projectId),
                COINCIDENCE_MOMENT.ORGANIZATION_ID.eq(organizationId)).execute();
        dsl.deleteFrom(UNIT_COUNT).where(UNIT_COUNT.PROJECT_ID.eq(projectId),
                UNIT_COUNT.ORGANIZATION_ID.eq(organizationId)).execute();
        dsl.deleteFrom(GOLD_RESULT).where(GOLD_RESULT.PROJECT_ID.eq(projectId),
                GOLD_RESULT.ORGANIZATION_ID.eq(organizationId)).execute();
    }

    void recomputeAdvanced(UUID projectId, int done) {
        dsl.update(QUALITY_RECOMPUTE)
                .set(QUALITY_RECOMPUTE.DONE, done)
                .set(QUALITY_RECOMPUTE.UPDATED_AT, org.jooq.impl.DSL.currentOffsetDateTime())
                .where(QUALITY_RECOMPUTE.PROJECT_ID.eq(projectId))
                .execute();
    }

    void recomputeFinished(UUID projectId, String error) {
        dsl.update(QUALITY_RECOMPUTE)
                .set(QUALITY_RECOMPUTE.STATE, error == null ? "done" : "failed")
                .set(QUALITY_RECOMPUTE.ERROR, error)
                .set(QUALITY_RECOMPUTE.UPDATED_AT, org.jooq.impl.DSL.currentOffsetDateTime())
                .set(QUALITY_RECOMPUTE.FINISHED_AT, org.jooq.impl.DSL.currentOffsetDateTime())
                .where(QUALITY_RECOMPUTE.PROJECT_ID.eq(projectId))
                .execute();
    }

    Optional<RecomputeProgress> recomputeProgress(UUID organizationId, UUID projectId) {
        return dsl.select(QUALITY_RECOMPUTE.PROJECT_ID, QUALITY_RECOMPUTE.STATE, QUALITY_RECOMPUTE.TOTAL,
                        QUALITY_RECOMPUTE.DONE, QUALITY_RECOMPUTE.STARTED_AT, QUALITY_RECOMPUTE.FINISHED_AT,
                        QUALITY_RECOMPUTE.ERROR)
                .from(QUALITY_RECOMPUTE)
                .where(QUALITY_RECOMPUTE.PROJECT_ID.eq(projectId), QUALITY_RECOMPUTE.ORGANIZATION_ID.eq(organizationId))
                .fetchOptional(Records.mapping((project, state, total, done, started, finished, error) ->
                        new RecomputeProgress(project, state, total, done, QualityRecorder.instant(started),
                                QualityRecorder.instant(finished), error)));
    }
}
