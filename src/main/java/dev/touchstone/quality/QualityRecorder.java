package dev.touchstone.quality;

import dev.touchstone.labeling.Label;
import dev.touchstone.labeling.LabelSchema;
import dev.touchstone.labeling.LabelType;
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
 * Keeps the quality aggregates of docs/quality/dashboards.md up to date: workflow hands it every merged task and gold
 * score through {@link QualityFeed}, inside its own transaction; quality's {@link QualityRecomputeJob} drives it to
 * rebuild a project. Package-private: the rest of the application reaches it only through that narrow interface.
 * <p>
 * A task merged again (returned work resubmitted, or a recompute) replaces its rows: the old per-task rows are read
 * back, their contributions to the additive summaries subtracted and the new ones added, in one pass of upserts
 * sorted by key (so two merges in one project never lock summary rows in opposite orders).
 */
@Component
class QualityRecorder implements QualityFeed {

    /** The annotator gave no value (confusion rows and coded values). */
    static final String NONE = "∅";
    static final char UNIT_SEPARATOR = '\u001f';

    private final QualityRepository repository;
    private final JsonMapper json;

    QualityRecorder(QualityRepository repository, JsonMapper json) {
        this.repository = repository;
        this.json = json;
    }

    // ---- merged tasks ----

    @Override
    @Transactional
    public void taskMerged(MergedTask m) {
        repository.lockTask(m.taskId());
        Delta delta = new Delta();
        for (TaskRow row : repository.taskRows(m.taskId())) {
            delta.task(row, -1);
        }
        delta.annotators(repository.annotatorRows(m.taskId()), -1);
        repository.deleteTaskRows(m.taskId());

        LocalDate day = day(m.completedAt());
        List<TaskRow> taskRows = new ArrayList<>();
        List<AnnotatorRow> annotatorRows = new ArrayList<>();
        rows(m, day, taskRows, annotatorRows);
        OffsetDateTime completed = m.completedAt().atOffset(ZoneOffset.UTC);
        repository.insertTaskRows(m, completed, taskRows);
        repository.insertAnnotatorRows(m, completed, annotatorRows);
        taskRows.forEach(t -> delta.task(t, +1));
        delta.annotators(annotatorRows, +1);
        repository.applySummaries(delta, m.organizationId(), m.projectId());
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
    }

    // ---- gold ----

    @Override
    @Transactional
    public void goldScored(GoldResult result) {
        repository.saveGoldResult(result, json.writeValueAsString(result.score().perDefinition()),
                result.scoredAt().atOffset(ZoneOffset.UTC), day(result.scoredAt()));
    }

    // ---- recompute (driven by QualityRecomputeJob) ----

    /**
     * Starts a rebuild of a project's aggregates: empties them and marks the rebuild running with {@code total}
     * tasks to go. Empty when a rebuild is already running (one that has not reported for 10 minutes is taken to
     * have died with its replica and may be replaced).
     */
    @Transactional
    Optional<RecomputeProgress> startRecompute(UUID organizationId, UUID projectId, int total) {
        if (!repository.claimRecompute(organizationId, projectId, total)) {
            return Optional.empty();
        }
        repository.clearAggregates(organizationId, projectId);
        return Optional.of(recomputeProgress(organizationId, projectId));
    }

    /** Tasks done so far in a running rebuild. */
    @Transactional
    void recomputeAdvanced(UUID projectId, int done) {
        repository.recomputeAdvanced(projectId, done);
    }

    /** The rebuild ended: {@code error} null when it succeeded. */
    @Transactional
    void recomputeFinished(UUID projectId, String error) {
        repository.recomputeFinished(projectId, error);
    }

    /** Where the project's rebuild stands. */
    @Transactional(readOnly = true)
    RecomputeProgress recomputeProgress(UUID organizationId, UUID projectId) {
        return repository.recomputeProgress(organizationId, projectId)
                .orElse(new RecomputeProgress(projectId, "none", 0, 0, null, null, null));
    }

    static Instant instant(OffsetDateTime at) {
        return at == null ? null : at.toInstant();
    }
}
