package dev.touchstone.quality;

import dev.touchstone.labeling.LabelSchema;
import dev.touchstone.labeling.LabelType;
import dev.touchstone.organization.CurrentOrganization;
import dev.touchstone.organization.NotFoundInOrganizationException;
import dev.touchstone.quality.engine.AlphaBootstrap;
import dev.touchstone.quality.engine.CategoryScale;
import dev.touchstone.quality.engine.CoincidenceAccumulator;
import dev.touchstone.quality.engine.Level;
import org.jooq.DSLContext;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Project quality for managers and QA leads (docs/quality/dashboards.md), read from the aggregates that
 * {@link QualityRecorder} keeps: a few rows per definition and day, so the dashboard of a project with 100,000
 * tasks reads no labels and no per-task rows (except the bootstrap of small projects). Every query is limited to
 * the signed-in member's organization; another organization's project is "not found".
 */
@Service
@PreAuthorize("hasAnyRole('ADMIN', 'PROJECT_MANAGER', 'QA_LEAD')")
public class QualityService {

    /**
     * Above this many distinct units (sets of values one task received) in a definition the bootstrap interval is
     * left out: a replicate costs one pass over the distinct units. Categories, verdicts and ratings stay far below
     * it at any number of tasks; numbers reach it when many tasks have different values.
     */
    public static final int BOOTSTRAP_MAX_UNITS = 2_000;
    static final int BOOTSTRAP_SAMPLES = 1000;
    static final double CONFIDENCE = 0.95;
    static final long SEED = 1;

    private final DSLContext dsl;
    private final CurrentOrganization current;
    private final QualityRecorder recorder;
    private final ObjectProvider<QualityRecomputeJobs> jobs;

    QualityService(DSLContext dsl, CurrentOrganization current, QualityRecorder recorder,
                   ObjectProvider<QualityRecomputeJobs> jobs) {
        this.dsl = dsl;
        this.current = current;
        this.recorder = recorder;
        this.jobs = jobs;
    }

    private record Pair(int unitSize, String a, String b, long pairs) {
    }

    private record Moment(long units, long n, double sum, double sum2, double disagreement) {
        Moment plus(Moment o) {
            return new Moment(units + o.units, n + o.n, sum + o.sum, sum2 + o.sum2, disagreement + o.disagreement);
        }
    }

    /**
     * The project's quality.
     *
     * @param schema the project's schema (for names, class order and which definitions are coded)
     * @throws NotFoundInOrganizationException when the project is not one of the organization's
     */
    @Transactional(readOnly = true)
    public QualityDashboard dashboard(UUID projectId, LabelSchema schema) {
        UUID org = current.id();
        requireProject(org, projectId);

        // definition -> day -> [tasks, sum]
        Map<String, TreeMap<LocalDate, double[]>> days = new HashMap<>();
        dsl.resultQuery("""
                        select definition, day, tasks, agreement_sum from agreement_day
                         where project_id = ? and organization_id = ? and tasks > 0""", projectId, org)
                .forEach(r -> days.computeIfAbsent(r.get(0, String.class), k -> new TreeMap<>())
                        .put(r.get(1, LocalDate.class), new double[]{r.get(2, Long.class), r.get(3, Double.class)}));
        Map<String, TreeMap<LocalDate, List<Pair>>> pairs = new HashMap<>();
        dsl.resultQuery("""
                        select definition, day, unit_size, value_a, value_b, pairs from coincidence_count
                         where project_id = ? and organization_id = ? and pairs <> 0""", projectId, org)
                .forEach(r -> pairs.computeIfAbsent(r.get(0, String.class), k -> new TreeMap<>())
                        .computeIfAbsent(r.get(1, LocalDate.class), k -> new ArrayList<>())
                        .add(new Pair(r.get(2, Integer.class), r.get(3, String.class), r.get(4, String.class),
                                r.get(5, Long.class))));
        Map<String, TreeMap<LocalDate, Moment>> moments = new HashMap<>();
        dsl.resultQuery("""
                        select definition, day, units, n, sum_v, sum_v2, d_o from coincidence_moment
                         where project_id = ? and organization_id = ? and units > 0""", projectId, org)
                .forEach(r -> moments.computeIfAbsent(r.get(0, String.class), k -> new TreeMap<>())
                        .put(r.get(1, LocalDate.class), new Moment(r.get(2, Long.class), r.get(3, Long.class),
                                r.get(4, Double.class), r.get(5, Double.class), r.get(6, Double.class))));

        int mergedTasks = 0;
        List<TypeAgreement> definitions = new ArrayList<>();
        List<DaySeries> overTime = new ArrayList<>();
        for (LabelSchema.Definition d : schema.definitions()) {
            TreeMap<LocalDate, double[]> byDay = days.get(d.key());
            if (byDay == null) {
                // no merged task labelled it: "not labelled", in no mean and with no series
                definitions.add(new TypeAgreement(d.key(), d.name(), d.type(), measure(d), null, null, null, null,
                        null, null, 0));
                continue;
            }
            long tasks = 0;
            double sum = 0;
            List<DayPoint> points = new ArrayList<>();
            for (Map.Entry<LocalDate, double[]> e : byDay.entrySet()) {
                tasks += (long) e.getValue()[0];
                sum += e.getValue()[1];
                Double dayAlpha = alpha(d, dayPairs(pairs, d, e.getKey()), dayMoment(moments, d, e.getKey()));
                points.add(new DayPoint(e.getKey(), e.getValue()[1] / e.getValue()[0], dayAlpha,
                        (int) e.getValue()[0]));
            }
            mergedTasks = (int) Math.max(mergedTasks, tasks);
            List<Pair> allPairs = new ArrayList<>();
            pairs.getOrDefault(d.key(), new TreeMap<>()).values().forEach(allPairs::addAll);
            Moment allMoment = moments.getOrDefault(d.key(), new TreeMap<>()).values().stream()
                    .reduce(Moment::plus).orElse(null);
            Double alpha = alpha(d, allPairs, allMoment);
            Double low = null;
            Double high = null;
            long units = pairableUnits(allPairs, allMoment);
            if (alpha != null && units >= Intervals.MIN_TASKS) {
                AlphaBootstrap.Interval interval = interval(org, projectId, d, units, alpha);
                Intervals.Interval shown = interval == null ? null
                        : Intervals.alpha(alpha, units, interval.lower(), interval.upper());
                if (shown != null) {
                    low = shown.lower();
                    high = shown.upper();
                }
            }
            double mean = sum / tasks;
            Intervals.Interval meanInterval = Intervals.meanAgreement(mean, tasks);
            definitions.add(new TypeAgreement(d.key(), d.name(), d.type(), measure(d), mean,
                    meanInterval == null ? null : meanInterval.lower(),
                    meanInterval == null ? null : meanInterval.upper(), alpha, low, high, (int) tasks));
            overTime.add(new DaySeries(d.key(), d.name(), points));
        }
        return new QualityDashboard(projectId, mergedTasks, definitions, overTime,
                annotators(org, projectId), confusion(org, projectId, schema), Instant.now());
    }

    private static List<Pair> dayPairs(Map<String, TreeMap<LocalDate, List<Pair>>> pairs, LabelSchema.Definition d,
                                       LocalDate day) {
        TreeMap<LocalDate, List<Pair>> byDay = pairs.get(d.key());
        return byDay == null ? List.of() : byDay.getOrDefault(day, List.of());
    }

    private static Moment dayMoment(Map<String, TreeMap<LocalDate, Moment>> moments, LabelSchema.Definition d,
                                    LocalDate day) {
        TreeMap<LocalDate, Moment> byDay = moments.get(d.key());
        return byDay == null ? null : byDay.get(day);
    }

    /** The level of Krippendorff's alpha of a coded definition (docs/quality/dashboards.md), null otherwise. */
    static Level level(LabelSchema.Definition d) {
        if (!QualityRecorder.coded(d)) {
            return null;
        }
        return switch (d.type()) {
            case CATEGORY, VERDICT -> Level.NOMINAL;
            case RATING -> Level.ORDINAL;
            case NUMBER -> Level.INTERVAL;
            default -> null;
        };
    }

    static String measure(LabelSchema.Definition d) {
        if (d.type() == LabelType.PHASE) {
            return "mean over tasks of the task's lowest per-class uα (Krippendorff's alpha for unitizing; below 0"
                    + " counts 0)";
        }
        String pair = switch (d.type()) {
            case PHASE -> "lowest per-class uα"; // returned above with its own wording
            case EVENT -> "event F1 within the tolerance";
            case BOX2D, CUBOID3D -> "F1 at IoU 0.5";
            case CATEGORY -> d.multiple() ? "Jaccard similarity of the classes" : "exact match";
            case RATING -> "exact match";
            case VERDICT -> "accept/reject match";
            case NUMBER -> "within 5 %";
            case TEXT -> "normalised edit similarity";
        };
        Level level = level(d);
        return "mean pair agreement (" + pair + ")"
                + (level == null ? "" : "; Krippendorff's alpha (" + level.jsonName() + ")");
    }

    /** Alpha from summed counts (nominal, ordinal) or moments (interval); null when undefined or not coded. */
    static Double alpha(LabelSchema.Definition d, List<Pair> pairs, Moment moment) {
        Level level = level(d);
        if (level == null) {
            return null;
        }
        double alpha;
        if (level == Level.INTERVAL) {
            if (moment == null || moment.n() < 2) {
                return null;
            }
            // sum_c sum_k n_c n_k (c - k)^2 = 2 n S2 - 2 S1^2; both sums run over ordered pairs
            double expected = 2 * moment.n() * moment.sum2() - 2 * moment.sum() * moment.sum();
            if (!(expected > 1e-12 * Math.max(1, 2 * moment.n() * moment.sum2()))) {
                return null;
            }
            alpha = 1 - (moment.n() - 1) * moment.disagreement() / expected;
        } else {
            Set<String> values = new LinkedHashSet<>();
            for (Pair p : pairs) {
                values.add(p.a());
                values.add(p.b());
            }
            List<String> order = order(d, values);
            if (order.isEmpty()) {
                return null;
            }
            Map<String, Integer> codes = codes(order);
            double[][] o = new double[order.size()][order.size()];
            for (Pair p : pairs) {
                o[codes.get(p.a())][codes.get(p.b())] += (double) p.pairs() / (p.unitSize() - 1);
            }
            alpha = CoincidenceAccumulator.alphaOfCoincidences(o, level, scale(d, order));
        }
        return Double.isNaN(alpha) ? null : alpha;
    }

    /** Pairable units (tasks with at least two values): m(m-1) ordered pairs per unit of m values. */
    private static long pairableUnits(List<Pair> pairs, Moment moment) {
        if (moment != null) {
            return moment.units();
        }
        long units = 0;
        for (Pair p : pairs) {
            units += p.pairs();
        }
        // every unit of size m contributes m(m-1) ordered pairs; sum per size
        Map<Integer, Long> bySize = new HashMap<>();
        for (Pair p : pairs) {
            bySize.merge(p.unitSize(), p.pairs(), Long::sum);
        }
        units = 0;
        for (Map.Entry<Integer, Long> e : bySize.entrySet()) {
            units += e.getValue() / ((long) e.getKey() * (e.getKey() - 1));
        }
        return units;
    }

    /** The coded values in scale order: schema class order, accept before reject, numbers ascending. */
    /**
     * The scale of the codes 0..k-1 of {@code order}; for a category that declares agreement distances in the schema
     * (e.g. slip half-way between success and fail), with those distances as alpha's δ² (1 for a value the schema
     * no longer lists).
     */
    static CategoryScale scale(LabelSchema.Definition d, List<String> order) {
        CategoryScale codes = CategoryScale.ofCodes(order.size());
        Optional<double[][]> declared = d.type() == LabelType.CATEGORY ? d.agreementDistanceMatrix() : Optional.empty();
        if (declared.isEmpty()) {
            return codes;
        }
        Map<String, Integer> position = new HashMap<>();
        for (int i = 0; i < d.classes().size(); i++) {
            position.put(d.classes().get(i).key(), i);
        }
        double[][] distances = new double[order.size()][order.size()];
        for (int i = 0; i < order.size(); i++) {
            for (int j = 0; j < order.size(); j++) {
                Integer a = position.get(order.get(i));
                Integer b = position.get(order.get(j));
                distances[i][j] = i == j ? 0 : a == null || b == null ? 1 : declared.get()[a][b];
            }
        }
        return codes.withDistances(distances);
    }

    static List<String> order(LabelSchema.Definition d, Set<String> values) {
        List<String> order = new ArrayList<>();
        switch (d.type()) {
            case CATEGORY -> {
                for (LabelSchema.LabelClass c : d.classes()) {
                    if (values.contains(c.key())) {
                        order.add(c.key());
                    }
                }
                values.stream().filter(v -> !order.contains(v)).sorted().forEach(order::add);
            }
            case VERDICT -> {
                for (String v : List.of("accept", "reject")) {
                    if (values.contains(v)) {
                        order.add(v);
                    }
                }
            }
            default -> values.stream().sorted(Comparator.comparingDouble(Double::parseDouble)).forEach(order::add);
        }
        return order;
    }

    private static Map<String, Integer> codes(List<String> order) {
        Map<String, Integer> codes = new HashMap<>();
        for (int i = 0; i < order.size(); i++) {
            codes.put(order.get(i), i);
        }
        return codes;
    }

    /**
     * A bootstrap interval over tasks from the counts of distinct units (unit_count), or null
     * when the definition has too many pairable tasks for the dashboard to afford it.
     */
    private AlphaBootstrap.Interval interval(UUID org, UUID projectId, LabelSchema.Definition d, long units,
                                             double estimate) {
        if (units < 2) {
            return null;
        }
        Map<String, Integer> groups = new LinkedHashMap<>();
        dsl.resultQuery("""
                        select unit_values, n::int from unit_count
                         where project_id = ? and organization_id = ? and definition = ? and n > 0
                         order by unit_values limit ?""", projectId, org, d.key(),
                        BOOTSTRAP_MAX_UNITS + 1)
                .forEach(r -> groups.put(r.get(0, String.class), r.get(1, Integer.class)));
        if (groups.size() > BOOTSTRAP_MAX_UNITS) {
            return null;
        }
        Set<String> values = new LinkedHashSet<>();
        List<String[]> split = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();
        for (Map.Entry<String, Integer> e : groups.entrySet()) {
            String[] unit = e.getKey().split(String.valueOf(QualityRecorder.UNIT_SEPARATOR));
            if (unit.length < 2) {
                continue;
            }
            values.addAll(List.of(unit));
            split.add(unit);
            counts.add(e.getValue());
        }
        Level level = level(d);
        if (level == Level.INTERVAL) {
            double[][] numbers = split.stream()
                    .map(unit -> java.util.Arrays.stream(unit).mapToDouble(Double::parseDouble).toArray())
                    .toArray(double[][]::new);
            return AlphaBootstrap.groupedIntervalOfNumbers(numbers,
                    counts.stream().mapToLong(Integer::longValue).toArray(), BOOTSTRAP_SAMPLES, CONFIDENCE, SEED,
                    estimate);
        }
        List<String> order = order(d, values);
        if (order.size() < 2) {
            return null;
        }
        Map<String, Integer> codes = codes(order);
        int[][] distinct = new int[split.size()][];
        long[] multiplicity = new long[split.size()];
        for (int g = 0; g < split.size(); g++) {
            int[] unit = new int[split.get(g).length];
            for (int i = 0; i < unit.length; i++) {
                unit[i] = codes.get(split.get(g)[i]);
            }
            distinct[g] = unit;
            multiplicity[g] = counts.get(g);
        }
        CategoryScale scale = scale(d, order);
        return AlphaBootstrap.groupedInterval(distinct, multiplicity, order.size(), level, scale, BOOTSTRAP_SAMPLES,
                CONFIDENCE, SEED, estimate);
    }

    private List<AnnotatorQuality> annotators(UUID org, UUID projectId) {
        record Row(Map<String, Double> agreement, int[] tasks) {
        }
        Map<UUID, String> names = new HashMap<>();
        Map<UUID, Row> rows = new LinkedHashMap<>();
        dsl.resultQuery("""
                        select a.annotator_id, u.display_name, a.definition, sum(a.tasks), sum(a.score_sum)
                          from annotator_day a join app_user u on u.id = a.annotator_id
                         where a.project_id = ? and a.organization_id = ?
                         group by a.annotator_id, u.display_name, a.definition
                        having sum(a.tasks) > 0""", projectId, org)
                .forEach(r -> {
                    UUID id = r.get(0, UUID.class);
                    names.put(id, r.get(1, String.class));
                    long tasks = r.get(3, Long.class);
                    Row row = rows.computeIfAbsent(id, k -> new Row(new TreeMap<>(), new int[1]));
                    row.agreement().put(r.get(2, String.class), r.get(4, Double.class) / tasks);
                    row.tasks()[0] = (int) Math.max(row.tasks()[0], tasks);
                });
        Map<UUID, List<DayPoint>> gold = new HashMap<>();
        Map<UUID, double[]> goldTotals = new HashMap<>();
        dsl.resultQuery("""
                        select g.annotator_id, u.display_name, g.day, count(*)::int, sum(g.score)
                          from gold_result g join app_user u on u.id = g.annotator_id
                         where g.project_id = ? and g.organization_id = ?
                         group by g.annotator_id, u.display_name, g.day
                         order by g.annotator_id, g.day""", projectId, org)
                .forEach(r -> {
                    UUID id = r.get(0, UUID.class);
                    names.put(id, r.get(1, String.class));
                    int n = r.get(3, Integer.class);
                    double sum = r.get(4, Double.class);
                    gold.computeIfAbsent(id, k -> new ArrayList<>())
                            .add(new DayPoint(r.get(2, LocalDate.class), sum / n, null, n));
                    double[] totals = goldTotals.computeIfAbsent(id, k -> new double[2]);
                    totals[0] += n;
                    totals[1] += sum;
                });
        List<AnnotatorQuality> out = new ArrayList<>();
        for (Map.Entry<UUID, String> e : names.entrySet()) {
            UUID id = e.getKey();
            Row row = rows.get(id);
            double[] totals = goldTotals.get(id);
            out.add(new AnnotatorQuality(id, e.getValue(), row == null ? Map.of() : row.agreement(),
                    totals == null ? null : totals[1] / totals[0], totals == null ? 0 : (int) totals[0],
                    row == null ? 0 : row.tasks()[0], gold.getOrDefault(id, List.of())));
        }
        out.sort(Comparator.comparing(AnnotatorQuality::name, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(AnnotatorQuality::annotatorId));
        return out;
    }

    private List<ConfusionMatrix> confusion(UUID org, UUID projectId, LabelSchema schema) {
        record Cell(UUID annotator, String a, String c, long n) {
        }
        Map<String, List<Cell>> byDefinition = new HashMap<>();
        dsl.resultQuery("""
                        select definition, annotator_id, annotator_class, consensus_class, n from confusion_count
                         where project_id = ? and organization_id = ? and n > 0""", projectId, org)
                .forEach(r -> byDefinition.computeIfAbsent(r.get(0, String.class), k -> new ArrayList<>())
                        .add(new Cell(r.get(1, UUID.class), r.get(2, String.class), r.get(3, String.class),
                                r.get(4, Long.class))));
        List<ConfusionMatrix> out = new ArrayList<>();
        for (LabelSchema.Definition d : schema.definitions()) {
            List<Cell> cells = byDefinition.get(d.key());
            if (cells == null || !QualityRecorder.coded(d) || !QualityRecorder.confused(d.type())) {
                continue;
            }
            List<String> classes = new ArrayList<>(d.type() == LabelType.VERDICT ? List.of("accept", "reject")
                    : d.classes().stream().map(LabelSchema.LabelClass::key).toList());
            boolean none = false;
            Set<String> extra = new java.util.TreeSet<>();
            for (Cell cell : cells) {
                for (String v : List.of(cell.a(), cell.c())) {
                    if (QualityRecorder.NONE.equals(v)) {
                        none = true;
                    } else if (!classes.contains(v)) {
                        extra.add(v);
                    }
                }
            }
            classes.addAll(extra);
            if (none) {
                classes.add(QualityRecorder.NONE);
            }
            Map<String, Integer> index = codes(classes);
            int k = classes.size();
            long[][] all = new long[k][k];
            Map<UUID, long[][]> perAnnotator = new TreeMap<>();
            for (Cell cell : cells) {
                int row = index.get(cell.a());
                int col = index.get(cell.c());
                all[row][col] += cell.n();
                perAnnotator.computeIfAbsent(cell.annotator(), a -> new long[k][k])[row][col] += cell.n();
            }
            out.add(new ConfusionMatrix(d.key(), d.name(), null, List.copyOf(classes), all));
            perAnnotator.forEach((annotator, counts) ->
                    out.add(new ConfusionMatrix(d.key(), d.name(), annotator, List.copyOf(classes), counts)));
        }
        return out;
    }

    /**
     * Merged tasks with the lowest agreement on a definition first (ties by task id).
     *
     * @param annotatorId null: the task agreement; else that annotator's agreement with the consensus
     * @param limit       1..1000
     */
    @Transactional(readOnly = true)
    public List<LowTask> lowTasks(UUID projectId, String definition, UUID annotatorId, int limit) {
        UUID org = current.id();
        requireProject(org, projectId);
        int n = Math.clamp(limit, 1, 1000);
        String sql = annotatorId == null
                ? """
                select q.task_id, t.episode_id, e.name, q.definition, q.agreement, q.completed_at
                  from task_agreement q join task t on t.id = q.task_id join episode e on e.id = t.episode_id
                 where q.project_id = ? and q.organization_id = ? and q.definition = ?
                 order by q.agreement, q.task_id limit ?"""
                : """
                select q.task_id, t.episode_id, e.name, q.definition, q.score, q.completed_at
                  from annotator_agreement q join task t on t.id = q.task_id join episode e on e.id = t.episode_id
                 where q.project_id = ? and q.organization_id = ? and q.definition = ? and q.annotator_id = ?
                 order by q.score, q.task_id limit ?""";
        Object[] binds = annotatorId == null ? new Object[]{projectId, org, definition, n}
                : new Object[]{projectId, org, definition, annotatorId, n};
        return dsl.resultQuery(sql, binds)
                .fetch(r -> new LowTask(r.get(0, UUID.class), r.get(1, UUID.class), r.get(2, String.class),
                        r.get(3, String.class), r.get(4, Double.class),
                        QualityRecorder.instant(r.get(5, OffsetDateTime.class))));
    }

    /**
     * Rebuilds the project's aggregates from its merged tasks in the background (workflow re-runs the consensus
     * from the stored submissions); a second call while it runs answers the running rebuild.
     */
    public QualityRecorder.RecomputeProgress recompute(UUID projectId) {
        UUID org = current.id();
        requireProject(org, projectId);
        QualityRecomputeJobs driver = jobs.getIfAvailable();
        if (driver == null) {
            throw new IllegalStateException("No module can rebuild quality aggregates in this application");
        }
        return driver.start(org, projectId);
    }

    /** Where the project's rebuild stands ("none" when none ever ran). */
    @Transactional(readOnly = true)
    public QualityRecorder.RecomputeProgress recomputeProgress(UUID projectId) {
        UUID org = current.id();
        requireProject(org, projectId);
        return recorder.recomputeProgress(org, projectId);
    }

    private void requireProject(UUID org, UUID projectId) {
        if (projectId == null || !dsl.fetchExists(dsl.selectOne().from("project")
                .where("id = ? and organization_id = ?", projectId, org))) {
            throw new NotFoundInOrganizationException("Project");
        }
    }
}
