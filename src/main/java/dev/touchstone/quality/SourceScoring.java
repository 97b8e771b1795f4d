package dev.touchstone.quality;

import dev.touchstone.labeling.Label;
import dev.touchstone.labeling.LabelSchema;
import dev.touchstone.labeling.LabelSchema.Definition;
import dev.touchstone.labeling.LabelType;
import dev.touchstone.quality.QualityDirectory.ReferenceTask;
import dev.touchstone.quality.engine.CategoryScale;
import dev.touchstone.quality.engine.CoincidenceAccumulator;
import dev.touchstone.quality.engine.EventAgreement;
import dev.touchstone.quality.engine.Level;
import dev.touchstone.quality.engine.PhaseAgreement;
import dev.touchstone.quality.engine.UnitizingAgreement;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;

/**
 * Scores proposal sources like annotators (docs/quality/agreement.md, "Proposal sources"): each source at each
 * version, per definition of the schema, against the gold answers and, apart, against the accepted labels of the
 * tasks on the episodes it proposed for. Every number is pooled over those episodes with the agreement engine; a
 * number is "not scored" (never 1) when there is no reference or the source proposed nothing to compare.
 */
public final class SourceScoring {

    private static final String SOURCE = "source";
    private static final String REFERENCE = "reference";

    private SourceScoring() {
    }

    /** One reference task against what the source proposed for its episode (both clipped to the task's window). */
    private record Unit(LocalDate day, long frameNanos, int frames, List<Label> reference, List<Label> proposed) {
    }

    /**
     * @param proposals  every source's proposals on the project's episodes
     * @param references the reference tasks on those episodes
     * @return one row per source@version and definition the source proposed at least once, by source, version and
     *         schema order
     */
    public static List<SourceScore> score(LabelSchema schema, List<SourceLabels> proposals,
                                          List<ReferenceTask> references) {
        Objects.requireNonNull(schema, "schema");
        Map<UUID, List<ReferenceTask>> byEpisode = new HashMap<>();
        references.forEach(r -> byEpisode.computeIfAbsent(r.episodeId(), k -> new ArrayList<>()).add(r));
        Map<List<String>, List<SourceLabels>> bySource = new TreeMap<>(
                Comparator.<List<String>, String>comparing(k -> k.get(0)).thenComparing(k -> k.get(1)));
        proposals.forEach(p -> bySource.computeIfAbsent(List.of(p.source(), p.version()), k -> new ArrayList<>())
                .add(p));
        List<SourceScore> out = new ArrayList<>();
        bySource.forEach((key, group) -> {
            for (Definition d : schema.definitions()) {
                if (group.stream().noneMatch(p -> LabelComparison.hasLabels(d, p.labels()))) {
                    continue;
                }
                SourceMeasures gold = measures(d, units(d, group, byEpisode, ReferenceTask::gold));
                SourceMeasures consensus = measures(d, units(d, group, byEpisode, ReferenceTask::accepted));
                out.add(new SourceScore(key.get(0), key.get(1), d.key(), d.name(), d.type(), measure(d), gold,
                        consensus));
            }
        });
        return out;
    }

    /** What the numbers of a definition are, in words. */
    static String measure(Definition d) {
        return switch (d.type()) {
            case PHASE -> "uα; segment F1@10/25/50 (IoU); median boundary error";
            case EVENT -> "event F1 within ±" + LabelComparison.toleranceMs(d) + " ms, per class";
            default -> scoredValues(d) ? "Krippendorff's alpha (" + QualityService.level(d).jsonName()
                    + "); accuracy (" + (d.type() == LabelType.NUMBER ? "within 5 %" : "exact match") + ")"
                    : SourceMeasures.NOT_SCORED_TYPE;
        };
    }

    /** Values scored: episode values coded the way the dashboard codes them (single categories, verdicts, ...). */
    private static boolean scoredValues(Definition d) {
        return QualityRecorder.coded(d);
    }

    private static List<Unit> units(Definition d, List<SourceLabels> group, Map<UUID, List<ReferenceTask>> byEpisode,
                                    Function<ReferenceTask, List<Label>> reference) {
        List<Unit> units = new ArrayList<>();
        for (SourceLabels p : group) {
            for (ReferenceTask t : byEpisode.getOrDefault(p.episodeId(), List.of())) {
                List<Label> labels = reference.apply(t);
                if (labels == null) {
                    continue;
                }
                long start = t.windowStartNanos() == null ? 0 : t.windowStartNanos();
                long end = t.windowEndNanos() == null ? t.durationNanos() : t.windowEndNanos();
                units.add(new Unit(p.proposedAt().atZone(ZoneOffset.UTC).toLocalDate(), t.frameNanos(),
                        LabelComparison.frameCount(Math.max(1, end - start), t.frameNanos()),
                        window(d, labels, start, end), window(d, p.labels(), start, end)));
            }
        }
        return units;
    }

    /**
     * The definition's labels within [start, end) in window time: phases clipped, events inside it; episode values
     * as they are. A whole-episode task's window is the episode.
     */
    static List<Label> window(Definition d, List<Label> labels, long start, long end) {
        List<Label> out = new ArrayList<>();
        for (Label l : labels) {
            if (!l.definition().equals(d.key())) {
                continue;
            }
            switch (l) {
                case Label.Phase p -> {
                    long s = Math.max(start, p.start());
                    long e = Math.min(end, p.end());
                    if (s < e) {
                        out.add(new Label.Phase(p.id(), p.definition(), p.track(), p.classKey(), s - start,
                                e - start));
                    }
                }
                case Label.Event e -> {
                    if (e.time() >= start && e.time() < end) {
                        out.add(new Label.Event(e.id(), e.definition(), e.classKey(), e.time() - start));
                    }
                }
                default -> out.add(l);
            }
        }
        return out;
    }

    private static SourceMeasures measures(Definition d, List<Unit> units) {
        SourceMeasures all = measuresOf(d, units);
        if (!all.scored()) {
            return all;
        }
        List<DayPoint> trend = new ArrayList<>();
        TreeMap<LocalDate, List<Unit>> byDay = new TreeMap<>();
        units.forEach(u -> byDay.computeIfAbsent(u.day(), k -> new ArrayList<>()).add(u));
        byDay.forEach((day, dayUnits) -> {
            Double headline = measuresOf(d, dayUnits).headline();
            if (headline != null) {
                trend.add(new DayPoint(day, headline, null, dayUnits.size()));
            }
        });
        return new SourceMeasures(all.episodes(), all.referenceLabels(), all.proposedLabels(), null, all.phase(),
                all.events(), all.values(), trend);
    }

    private static SourceMeasures measuresOf(Definition d, List<Unit> units) {
        int reference = units.stream().mapToInt(u -> u.reference().size()).sum();
        int proposed = units.stream().mapToInt(u -> u.proposed().size()).sum();
        if (units.isEmpty() || reference == 0) {
            return SourceMeasures.notScored(units.size(), reference, proposed, SourceMeasures.NO_REFERENCE);
        }
        if (proposed == 0) {
            return SourceMeasures.notScored(units.size(), reference, proposed, SourceMeasures.PROPOSED_NONE);
        }
        return switch (d.type()) {
            case PHASE -> phases(d, units, reference, proposed);
            case EVENT -> events(d, units, reference, proposed);
            default -> scoredValues(d) ? values(d, units, reference, proposed)
                    : SourceMeasures.notScored(units.size(), reference, proposed, SourceMeasures.NOT_SCORED_TYPE);
        };
    }

    // ---- phases ----

    /**
     * Every (task, track) is laid end to end on one continuum of frames, the track in the segment label, so a
     * segment can only meet a segment of its own task, track and class; F1 and α_U are then pooled over all of them,
     * and the boundary errors of every (task, track) go into one median.
     */
    private static SourceMeasures phases(Definition d, List<Unit> units, int reference, int proposed) {
        List<PhaseAgreement.Segment> ref = new ArrayList<>();
        List<PhaseAgreement.Segment> src = new ArrayList<>();
        List<UnitizingAgreement.Unit> alphaUnits = new ArrayList<>();
        List<Double> errorsMs = new ArrayList<>();
        int offset = 0;
        for (Unit u : units) {
            List<Label.Phase> a = LabelComparison.phases(u.reference(), d.key());
            List<Label.Phase> b = LabelComparison.phases(u.proposed(), d.key());
            TreeSet<String> tracks = new TreeSet<>();
            a.forEach(p -> tracks.add(p.track()));
            b.forEach(p -> tracks.add(p.track()));
            for (String track : tracks) {
                String[] fa = LabelComparison.trackFrames(a, track, u.frames(), u.frameNanos());
                String[] fb = LabelComparison.trackFrames(b, track, u.frames(), u.frameNanos());
                for (PhaseAgreement.Segment s : PhaseAgreement.segments(fa)) {
                    ref.add(shifted(s, track, offset));
                    alphaUnits.add(new UnitizingAgreement.Unit(s.start() + offset, s.end() - s.start(), REFERENCE,
                            track + "\u0000" + s.label()));
                }
                for (PhaseAgreement.Segment s : PhaseAgreement.segments(fb)) {
                    src.add(shifted(s, track, offset));
                    alphaUnits.add(new UnitizingAgreement.Unit(s.start() + offset, s.end() - s.start(), SOURCE,
                            track + "\u0000" + s.label()));
                }
                int[] ba = PhaseAgreement.boundaries(fa);
                int[] bb = PhaseAgreement.boundaries(fb);
                if (ba.length > 0 && bb.length > 0) {
                    // a tolerance of the whole window admits every pair: min(n, m) pairs of least total |Δt|
                    EventAgreement.match(java.util.Arrays.stream(ba).asDoubleStream().toArray(),
                                    java.util.Arrays.stream(bb).asDoubleStream().toArray(), u.frames())
                            .matches().forEach(m -> errorsMs.add(Math.abs(m.offsetS()) * u.frameNanos() / 1e6));
                }
                offset += u.frames();
            }
        }
        if (ref.isEmpty() || src.isEmpty()) {
            // every segment shorter than a frame: nothing on the frames to compare
            return SourceMeasures.notScored(units.size(), reference, proposed,
                    ref.isEmpty() ? SourceMeasures.NO_REFERENCE : SourceMeasures.PROPOSED_NONE);
        }
        double[] f1 = new double[PhaseAgreement.THRESHOLDS.length];
        for (int k = 0; k < f1.length; k++) {
            f1[k] = PhaseAgreement.f1(ref, src, PhaseAgreement.THRESHOLDS[k]);
        }
        double alpha = UnitizingAgreement.compute(0, offset, List.of(REFERENCE, SOURCE), alphaUnits).alpha();
        return new SourceMeasures(units.size(), reference, proposed, null,
                new SourceMeasures.Phase(Double.isNaN(alpha) ? null : alpha, f1[0], f1[1], f1[2], median(errorsMs),
                        errorsMs.size()), null, null, List.of());
    }

    private static PhaseAgreement.Segment shifted(PhaseAgreement.Segment s, String track, int offset) {
        return new PhaseAgreement.Segment(track + "\u0000" + s.label(), s.start() + offset, s.end() + offset);
    }

    // ---- events ----

    private static SourceMeasures events(Definition d, List<Unit> units, int reference, int proposed) {
        double tolerance = LabelComparison.toleranceMs(d) / 1000.0;
        int matched = 0;
        List<Double> offsetsMs = new ArrayList<>();
        for (Unit u : units) {
            List<Label.Event> a = LabelComparison.events(u.reference(), d.key());
            List<Label.Event> b = LabelComparison.events(u.proposed(), d.key());
            Set<String> classes = new TreeSet<>();
            a.forEach(e -> classes.add(e.classKey()));
            b.forEach(e -> classes.add(e.classKey()));
            for (String c : classes) {
                double[] ta = a.stream().filter(e -> e.classKey().equals(c)).mapToDouble(e -> e.time() / 1e9)
                        .toArray();
                double[] tb = b.stream().filter(e -> e.classKey().equals(c)).mapToDouble(e -> e.time() / 1e9)
                        .toArray();
                EventAgreement.Result r = EventAgreement.match(ta, tb, tolerance);
                matched += r.matched();
                r.matches().forEach(m -> offsetsMs.add(Math.abs(m.offsetS()) * 1000));
            }
        }
        return new SourceMeasures(units.size(), reference, proposed, null, null,
                new SourceMeasures.Events(2.0 * matched / (reference + proposed), (double) matched / proposed,
                        (double) matched / reference, matched, median(offsetsMs), LabelComparison.toleranceMs(d)),
                null, List.of());
    }

    // ---- values ----

    private static SourceMeasures values(Definition d, List<Unit> units, int reference, int proposed) {
        List<String[]> pairs = new ArrayList<>();
        int agree = 0;
        for (Unit u : units) {
            String a = QualityRecorder.codedValue(d, u.reference());
            String b = QualityRecorder.codedValue(d, u.proposed());
            if (a == null || b == null) {
                continue;
            }
            boolean same = d.type() == LabelType.NUMBER
                    ? LabelComparison.numbersAgree(Double.parseDouble(a), Double.parseDouble(b)) : a.equals(b);
            if (same) {
                agree++;
            }
            pairs.add(new String[]{a, b});
        }
        if (pairs.isEmpty()) {
            return SourceMeasures.notScored(units.size(), reference, proposed, "no episode with both values");
        }
        return new SourceMeasures(units.size(), reference, proposed, null, null, null,
                new SourceMeasures.Values(alpha(d, pairs), (double) agree / pairs.size(), pairs.size()), List.of());
    }

    /** Alpha of the pairs as two coders, with the dashboard's order and scale of the definition's values. */
    private static Double alpha(Definition d, List<String[]> pairs) {
        Level level = QualityService.level(d);
        Set<String> seen = new LinkedHashSet<>();
        pairs.forEach(p -> seen.addAll(List.of(p)));
        List<String> order = QualityService.order(d, seen);
        Map<String, Integer> codes = new HashMap<>();
        for (int i = 0; i < order.size(); i++) {
            codes.put(order.get(i), i);
        }
        CoincidenceAccumulator accumulator = new CoincidenceAccumulator(2, Math.max(1, order.size()));
        pairs.forEach(p -> accumulator.addUnit(new int[]{codes.get(p[0]), codes.get(p[1])}));
        CategoryScale scale = level == Level.INTERVAL
                ? new CategoryScale(order, java.util.stream.IntStream.range(0, order.size()).toArray(),
                order.stream().mapToDouble(Double::parseDouble).toArray())
                : QualityService.scale(d, order);
        double alpha = accumulator.alpha(level, scale);
        return Double.isNaN(alpha) ? null : alpha;
    }

    /** The median (mean of the middle two of an even count); null when empty. */
    static Double median(List<Double> values) {
        if (values.isEmpty()) {
            return null;
        }
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
