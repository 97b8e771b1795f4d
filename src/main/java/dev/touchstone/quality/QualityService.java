package dev.touchstone.quality;

import dev.touchstone.labeling.LabelSchema;
import dev.touchstone.labeling.LabelType;
import dev.touchstone.organization.CurrentOrganization;
import dev.touchstone.organization.NotFoundInOrganizationException;
import dev.touchstone.quality.engine.AlphaBootstrap;
import dev.touchstone.quality.engine.CategoryScale;
import dev.touchstone.quality.engine.CoincidenceAccumulator;
import dev.touchstone.quality.engine.Level;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Instant;
import java.time.LocalDate;
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

    private final QualityRepository repository;
    private final CurrentOrganization current;
    private final QualityRecorder recorder;
    private final QualityRecomputeJob recomputeJob;
    private final ObjectProvider<QualityDirectory> directory;
    private final ObjectProvider<ProposalSources> proposalSources;

    QualityService(QualityRepository repository, CurrentOrganization current, QualityRecorder recorder,
                   QualityRecomputeJob recomputeJob, ObjectProvider<QualityDirectory> directory,
                   ObjectProvider<ProposalSources> proposalSources) {
        this.repository = repository;
        this.current = current;
        this.recorder = recorder;
        this.recomputeJob = recomputeJob;
        this.directory = directory;
        this.proposalSources = proposalSources;
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
        repository.agreementDays(org, projectId).forEach(r -> days.computeIfAbsent(r.definition(),
                k -> new TreeMap<>()).put(r.day(), new double[]{r.tasks(), r.agreementSum()}));
        Map<String, TreeMap<LocalDate, List<Pair>>> pairs = new HashMap<>();
        repository.coincidences(org, projectId).forEach(r -> pairs.computeIfAbsent(r.definition(),
                        k -> new TreeMap<>()).computeIfAbsent(r.day(), k -> new ArrayList<>())
                .add(new Pair(r.unitSize(), r.valueA(), r.valueB(), r.pairs())));
        Map<String, TreeMap<LocalDate, Moment>> moments = new HashMap<>();
        repository.moments(org, projectId).forEach(r -> moments.computeIfAbsent(r.definition(),
                k -> new TreeMap<>()).put(r.day(), new Moment(r.units(), r.n(), r.sum(), r.sum2(), r.disagreement())));

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

    /**
     * The project's proposal sources scored like annotators, against its gold answers and its accepted labels
     * ({@link SourceScoring}); empty when no module stores proposals or none were made. Computed on each call from
     * the proposals and the reference labels of the episodes that have both.
     *
     * @param schema the project's schema
     * @throws NotFoundInOrganizationException when the project is not one of the organization's
     */
    @Transactional(readOnly = true)
    public List<SourceScore> proposalSources(UUID projectId, LabelSchema schema) {
        UUID org = current.id();
        requireProject(org, projectId);
        List<SourceLabels> proposals = proposalSources.orderedStream()
                .flatMap(s -> s.proposalLabels(org, projectId).stream()).toList();
        if (proposals.isEmpty()) {
            return List.of();
        }
        Set<UUID> episodes = new LinkedHashSet<>();
        proposals.forEach(p -> episodes.add(p.episodeId()));
        return SourceScoring.score(schema, proposals, directory().referenceLabels(org, projectId, episodes));
    }

    /**
     * Each proposal source at each version per definition against the project's gold answers only, the numbers of
     * {@link #proposalSources}'s gold column (the accepted labels are not compared). For a gate on what annotators
     * are shown (workflow's proposal gate), so annotators may ask too: the answer holds scores of sources, no
     * labels and no person. Computed on each call; a caller that needs it for many proposals asks once.
     *
     * @param schema the project's schema
     * @throws NotFoundInOrganizationException when the project is not one of the organization's
     */
    @Transactional(readOnly = true)
    @PreAuthorize("hasAnyRole('ADMIN', 'PROJECT_MANAGER', 'QA_LEAD', 'ANNOTATOR')")
    public List<SourceGold> proposalSourcesAgainstGold(UUID projectId, LabelSchema schema) {
        UUID org = current.id();
        requireProject(org, projectId);
        List<SourceLabels> proposals = proposalSources.orderedStream()
                .flatMap(s -> s.proposalLabels(org, projectId).stream()).toList();
        if (proposals.isEmpty()) {
            return List.of();
        }
        Set<UUID> episodes = new LinkedHashSet<>();
        proposals.forEach(p -> episodes.add(p.episodeId()));
        List<QualityDirectory.ReferenceTask> gold = directory().referenceLabels(org, projectId, episodes).stream()
                .filter(t -> t.gold() != null)
                .map(t -> new QualityDirectory.ReferenceTask(t.taskId(), t.episodeId(), t.windowStartNanos(),
                        t.windowEndNanos(), t.durationNanos(), t.frameNanos(), t.gold(), null))
                .toList();
        return SourceScoring.score(schema, proposals, gold).stream()
                .map(s -> new SourceGold(s.source(), s.version(), s.definition(), s.type(), s.gold()))
                .toList();
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
        if (d.type() == LabelType.GAP) {
            return "mean over tasks of the task's uα over all failure modes (Krippendorff's alpha for unitizing, "
                    + "each mode a category; below 0 counts 0)";
        }
        String pair = switch (d.type()) {
            case PHASE -> "lowest per-class uα"; // returned above with its own wording
            case GAP -> "uα over all failure modes"; // likewise
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
        repository.units(org, projectId, d.key(), BOOTSTRAP_MAX_UNITS + 1)
                .forEach(r -> groups.put(r.unitValues(), (int) r.n()));
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
        Map<UUID, Row> rows = new LinkedHashMap<>();
        Set<UUID> annotators = new LinkedHashSet<>();
        repository.annotatorTotals(org, projectId).forEach(r -> {
            annotators.add(r.annotatorId());
            Row row = rows.computeIfAbsent(r.annotatorId(), k -> new Row(new TreeMap<>(), new int[1]));
            row.agreement().put(r.definition(), r.scoreSum() / r.tasks());
            row.tasks()[0] = (int) Math.max(row.tasks()[0], r.tasks());
        });
        Map<UUID, List<DayPoint>> gold = new HashMap<>();
        Map<UUID, double[]> goldTotals = new HashMap<>();
        repository.goldDays(org, projectId).forEach(r -> {
            annotators.add(r.annotatorId());
            gold.computeIfAbsent(r.annotatorId(), k -> new ArrayList<>())
                    .add(new DayPoint(r.day(), r.scoreSum() / r.results(), null, r.results()));
            double[] totals = goldTotals.computeIfAbsent(r.annotatorId(), k -> new double[2]);
            totals[0] += r.results();
            totals[1] += r.scoreSum();
        });
        // names through QualityDirectory: quality reads no app_user row itself
        Map<UUID, String> names = annotators.isEmpty() ? Map.of() : directory().names(annotators);
        List<AnnotatorQuality> out = new ArrayList<>();
        for (UUID id : annotators) {
            Row row = rows.get(id);
            double[] totals = goldTotals.get(id);
            out.add(new AnnotatorQuality(id, names.get(id), row == null ? Map.of() : row.agreement(),
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
        repository.confusion(org, projectId).forEach(r -> byDefinition.computeIfAbsent(r.definition(),
                k -> new ArrayList<>()).add(new Cell(r.annotatorId(), r.annotatorClass(), r.consensusClass(), r.n())));
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
        List<QualityRepository.LowTaskRow> rows = annotatorId == null
                ? repository.lowestTasks(org, projectId, definition, n)
                : repository.lowestTasksOf(org, projectId, definition, annotatorId, n);
        Map<UUID, QualityDirectory.TaskEpisode> episodes = rows.isEmpty() ? Map.of()
                : directory().taskEpisodes(org, rows.stream().map(QualityRepository.LowTaskRow::taskId).toList());
        return rows.stream().map(r -> {
            QualityDirectory.TaskEpisode episode = episodes.get(r.taskId());
            return new LowTask(r.taskId(), episode == null ? null : episode.episodeId(),
                    episode == null ? null : episode.episodeName(), r.definition(), r.agreement(),
                    QualityRecorder.instant(r.completedAt()));
        }).toList();
    }

    /**
     * Rebuilds the project's aggregates from its merged tasks in the background (workflow re-runs the consensus
     * from the stored submissions); a second call while it runs answers the running rebuild.
     */
    public RecomputeProgress recompute(UUID projectId) {
        UUID org = current.id();
        requireProject(org, projectId);
        return recomputeJob.start(org, projectId);
    }

    /** Where the project's rebuild stands ("none" when none ever ran). */
    @Transactional(readOnly = true)
    public RecomputeProgress recomputeProgress(UUID projectId) {
        UUID org = current.id();
        requireProject(org, projectId);
        return recorder.recomputeProgress(org, projectId);
    }

    private void requireProject(UUID org, UUID projectId) {
        if (projectId == null || !directory().projectExists(org, projectId)) {
            throw new NotFoundInOrganizationException("Project");
        }
    }

    private QualityDirectory directory() {
        QualityDirectory found = directory.getIfAvailable();
        if (found == null) {
            throw new IllegalStateException("No module tells quality about projects in this application");
        }
        return found;
    }
}
