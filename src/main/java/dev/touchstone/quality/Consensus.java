package dev.touchstone.quality;

import dev.touchstone.labeling.Label;
import dev.touchstone.labeling.LabelRules;
import dev.touchstone.labeling.LabelSchema;
import dev.touchstone.labeling.LabelSchema.Definition;
import dev.touchstone.labeling.LabelType;
import dev.touchstone.quality.engine.Hungarian;
import dev.touchstone.quality.engine.TextSimilarity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Merges the N submissions of one task (one episode) into consensus labels, and measures per definition how far the
 * annotators agree. Plain Java, deterministic: the same submissions, in any order, give the same labels with the
 * same ids. The rules, tie rules and measures are in docs/workflow/consensus.md; in short:
 * <ul>
 *   <li>category, verdict, rating: majority vote of the annotators who gave a value (no value is an abstention);
 *       ties: category → the earliest class in the schema's order, verdict → reject, rating → the lower median
 *       of all votes; a multi-class category keeps each class at least half the voters chose;</li>
 *   <li>number: the median (even count: mean of the two middle values);</li>
 *   <li>text: kept only when all N wrote the same normalised text, else left to a reviewer;</li>
 *   <li>phases: a vote per frame and track (no segment is a vote for "none"; ties: a class beats none, then the
 *       earliest class in schema order), then contiguous runs become segments;</li>
 *   <li>gaps: the phase vote with one track per failure mode (gaps may overlap), each run a gap whose note
 *       gathers the annotators' notes on it;</li>
 *   <li>events: per class, clusters of at most one event per annotator spanning at most the tolerance; a cluster
 *       with a strict majority of N survives, at the median time;</li>
 *   <li>boxes and cuboids: per stream and class, tracks clustered across annotators by mean IoU ≥ 0.5; a cluster
 *       with a strict majority of N survives, as the average of its tracks (cuboid yaw on the circle).</li>
 * </ul>
 * Segment-scoped values are merged per consensus segment from the annotators' segments that overlap it with
 * IoU &gt; 0.5; values whose segment maps to no consensus segment are left out, with a note.
 */
public final class Consensus {

    private Consensus() {
    }

    /**
     * @param schema        the schema version the submissions were made under
     * @param durationNanos the episode's (or time window's) duration
     * @param frameNanos    frame length for the phase vote (&gt; 0), e.g. the main camera's frame interval
     * @param submissions   one per annotator (distinct annotator ids), each valid under {@link LabelRules}
     * @throws IllegalArgumentException on bad arguments or an invalid submission
     */
    public static ConsensusResult merge(LabelSchema schema, long durationNanos, long frameNanos,
                                        List<AnnotatorLabels> submissions) {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(submissions, "submissions");
        if (durationNanos < 0) {
            throw new IllegalArgumentException("durationNanos must be ≥ 0, got " + durationNanos);
        }
        if (frameNanos <= 0) {
            throw new IllegalArgumentException("frameNanos must be > 0, got " + frameNanos);
        }
        List<AnnotatorLabels> sorted = new ArrayList<>(submissions);
        sorted.sort(Comparator.comparing(AnnotatorLabels::annotatorId));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).annotatorId().equals(sorted.get(i - 1).annotatorId())) {
                throw new IllegalArgumentException("annotator " + sorted.get(i).annotatorId() + " submitted twice");
            }
        }
        List<List<Label>> labels = new ArrayList<>();
        for (AnnotatorLabels s : sorted) {
            List<String> problems = LabelRules.problems(schema, durationNanos, s.labels());
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException("the submission of annotator " + s.annotatorId()
                        + " is not valid: " + String.join("; ", problems.subList(0, Math.min(5, problems.size()))));
            }
            List<Label> own = new ArrayList<>(s.labels());
            own.sort(Comparator.comparing(Label::id));
            labels.add(own);
        }
        Merger merger = new Merger(schema, durationNanos, frameNanos, labels, seed(labels));
        ConsensusResult result = merger.run();
        List<String> problems = LabelRules.problems(schema, durationNanos, result.labels());
        if (!problems.isEmpty()) {
            throw new IllegalStateException("consensus produced invalid labels: " + problems);
        }
        return result;
    }

    private static String seconds(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.3f s", nanos / 1e9);
    }

    private static Double finite(double x) {
        return Double.isFinite(x) ? x : null;
    }

    private static String plain(double x) {
        return x == Math.rint(x) ? Long.toString((long) x) : Double.toString(x);
    }

    /** A digest of all input label ids (order-free), so that consensus ids differ between tasks. */
    private static String seed(List<List<Label>> labels) {
        TreeSet<UUID> ids = new TreeSet<>();
        labels.forEach(list -> list.forEach(l -> ids.add(l.id())));
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (UUID id : ids) {
                sha.update(id.toString().getBytes(StandardCharsets.US_ASCII));
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class Merger {
        private final LabelSchema schema;
        private final long duration;
        private final long frame;
        private final List<List<Label>> labels;
        private final int n;
        private final String seed;
        private final List<String> notes = new ArrayList<>();
        private final Map<String, List<Label>> merged = new HashMap<>();
        /** Per definition: outcomes a tie rule decided or no strict majority backed (readable). */
        private final Map<String, List<String>> ties = new HashMap<>();
        /** Per definition: ids of merged labels a tie rule decided. */
        private final Map<String, List<UUID>> byTieRule = new HashMap<>();
        /** Set by {@link #vote}: whether a tie rule decided the value it returned. */
        private boolean tieRuleUsed;

        Merger(LabelSchema schema, long duration, long frame, List<List<Label>> labels, String seed) {
            this.schema = schema;
            this.duration = duration;
            this.frame = frame;
            this.labels = labels;
            this.n = labels.size();
            this.seed = seed;
        }

        ConsensusResult run() {
            // Phases first: segment-scoped values attach to the consensus segments.
            for (Definition d : schema.definitions()) {
                if (d.type() == LabelType.PHASE) {
                    merged.put(d.key(), phases(d));
                }
            }
            for (Definition d : schema.definitions()) {
                merged.put(d.key(), switch (d.type()) {
                    case PHASE -> merged.get(d.key());
                    case GAP -> gaps(d);
                    case EVENT -> events(d);
                    case BOX2D, CUBOID3D -> tracks(d);
                    case CATEGORY, RATING, VERDICT, TEXT, NUMBER -> values(d);
                });
            }
            List<Label> out = new ArrayList<>();
            Map<String, DefinitionAgreement> agreement = new LinkedHashMap<>();
            for (Definition d : schema.definitions()) {
                out.addAll(merged.get(d.key()));
                agreement.put(d.key(), agreement(d));
            }
            return new ConsensusResult(out, agreement, notes);
        }

        private UUID id(Definition d, int index) {
            return UUID.nameUUIDFromBytes(("touchstone-consensus\u0000" + seed + "\u0000" + d.key() + "\u0000" + index)
                    .getBytes(StandardCharsets.UTF_8));
        }

        // ---- agreement ----

        private DefinitionAgreement agreement(Definition d) {
            List<String> tied = ties.getOrDefault(d.key(), List.of());
            List<UUID> tieLabels = byTieRule.getOrDefault(d.key(), List.of());
            boolean anyone = labels.stream().anyMatch(l -> LabelComparison.hasLabels(d, l));
            if (!anyone) {
                // Nothing to agree on: "not labelled", not 1.0, so that it enters no mean and no threshold.
                return new DefinitionAgreement(d.key(), d.type(), null, DefinitionAgreement.NOT_LABELLED, tied,
                        tieLabels, null);
            }
            if (n < 2) {
                return new DefinitionAgreement(d.key(), d.type(), 1.0, "one submission: no pair to compare", tied,
                        tieLabels, null);
            }
            if (d.type() == LabelType.PHASE) {
                LabelComparison.PhaseTask p = LabelComparison.phaseTask(d, duration, frame, labels);
                if (!Double.isNaN(p.weakestAlpha())) {
                    DefinitionAgreement.Phase phase = new DefinitionAgreement.Phase(finite(p.uAlpha()), p.weakest(),
                            p.weakestAlpha(), finite(p.boundaryErrorMs()), finite(p.f1()[0]), finite(p.f1()[1]),
                            finite(p.f1()[2]));
                    // below chance counts 0, so that task means stay in [0, 1]; the raw value is in phase
                    return new DefinitionAgreement(d.key(), d.type(), Math.max(0, p.weakestAlpha()),
                            LabelComparison.phaseMeasure(frame), tied, tieLabels, phase);
                }
                // α_U undefined (nothing varies): fall back on the pairwise F1 below, which says so in its measure
            }
            if (d.type() == LabelType.GAP) {
                LabelComparison.PhaseTask p = LabelComparison.phaseTask(d, duration, frame, labels);
                if (!Double.isNaN(p.uAlpha())) {
                    DefinitionAgreement.Phase gap = new DefinitionAgreement.Phase(p.uAlpha(), p.weakest(),
                            finite(p.weakestAlpha()), finite(p.boundaryErrorMs()), finite(p.f1()[0]),
                            finite(p.f1()[1]), finite(p.f1()[2]));
                    // the overall α_U, not the weakest mode's: a mode one annotator used once is no class of the
                    // schema everyone had to mark, and its own α_U says more about its rarity than about agreement
                    return new DefinitionAgreement(d.key(), d.type(), Math.max(0, p.uAlpha()),
                            LabelComparison.gapMeasure(frame), tied, tieLabels, gap);
                }
            }
            double sum = 0;
            int pairs = 0;
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    sum += LabelComparison.similarity(d, duration, frame, labels.get(i), labels.get(j), true);
                    pairs++;
                }
            }
            return new DefinitionAgreement(d.key(), d.type(), sum / pairs,
                    "mean pairwise " + LabelComparison.measure(d, frame), tied, tieLabels, null);
        }

        // ---- phases ----

        /**
         * Gaps: the phase vote on the tracks {@link LabelComparison#intervals} makes, one per failure mode (a frame
         * is in a gap of a mode when more annotators marked it than did not; a tie keeps it and goes to review), then
         * each run becomes a gap whose note gathers the distinct notes of the annotators' gaps of its mode that
         * overlap it.
         */
        private List<Label> gaps(Definition d) {
            List<Label> out = new ArrayList<>();
            for (Label l : phases(d)) {
                Label.Phase run = (Label.Phase) l;
                Set<String> notes = new java.util.LinkedHashSet<>();
                for (List<Label> own : labels) {
                    LabelComparison.gaps(own, d.key()).stream()
                            .filter(g -> g.mode().equals(run.classKey()) && g.note() != null
                                    && g.start() < run.end() && run.start() < g.end())
                            .sorted(Comparator.comparingLong(Label.Gap::start))
                            .forEach(g -> notes.add(g.note()));
                }
                String note = notes.isEmpty() ? null : String.join(" | ", notes);
                if (note != null && note.codePointCount(0, note.length()) > LabelRules.MAX_GAP_NOTE) {
                    note = note.substring(0, note.offsetByCodePoints(0, LabelRules.MAX_GAP_NOTE - 1)) + "…";
                }
                out.add(new Label.Gap(run.id(), d.key(), run.classKey(), run.start(), run.end(), note));
            }
            return out;
        }

        private List<Label> phases(Definition d) {
            List<List<Label.Phase>> own = labels.stream().map(l -> LabelComparison.intervals(l, d)).toList();
            TreeSet<String> tracks = new TreeSet<>();
            own.forEach(list -> list.forEach(p -> tracks.add(p.track())));
            int frames = LabelComparison.frameCount(duration, frame);
            Map<String, Integer> order = classOrder(d);
            List<Label> out = new ArrayList<>();
            List<Boolean> runTies = new ArrayList<>();
            for (String track : tracks) {
                List<String[]> votes = own.stream()
                        .map(list -> LabelComparison.trackFrames(list, track, frames, frame)).toList();
                String[] winner = new String[frames];
                boolean[] tiedFrame = new boolean[frames];
                int tied = 0;
                for (int t = 0; t < frames; t++) {
                    Map<String, Integer> count = new HashMap<>();
                    int none = 0;
                    for (String[] v : votes) {
                        if (v[t] == null) {
                            none++;
                        } else {
                            count.merge(v[t], 1, Integer::sum);
                        }
                    }
                    int best = none;
                    for (int c : count.values()) {
                        best = Math.max(best, c);
                    }
                    int finalBest = best;
                    List<String> top = count.entrySet().stream().filter(e -> e.getValue() == finalBest)
                            .map(Map.Entry::getKey).sorted(Comparator.comparing(order::get)).toList();
                    if (top.size() + (none == best ? 1 : 0) > 1) {
                        tied++;
                        tiedFrame[t] = true;
                    }
                    winner[t] = top.isEmpty() ? null : top.getFirst();
                }
                if (tied > 0 && d.type() == LabelType.GAP) {
                    notes.add("'" + d.key() + "' mode '" + track + "': " + tied + " frame" + (tied == 1 ? "" : "s")
                            + " tied (as many annotators marked the gap as did not); the gap was kept");
                } else if (tied > 0) {
                    notes.add("'" + d.key() + "' track '" + track + "': " + tied + " frame" + (tied == 1 ? "" : "s")
                            + " tied; a class beat none and the earliest class in the schema won");
                }
                int t = 0;
                while (t < frames) {
                    int start = t;
                    boolean runTied = false;
                    while (t < frames && Objects.equals(winner[t], winner[start])) {
                        runTied |= tiedFrame[t];
                        t++;
                    }
                    if (winner[start] == null) {
                        continue;
                    }
                    long from = start * frame;
                    long to = Math.min((long) t * frame, duration);
                    if (to - from < frame) {
                        notes.add("'" + d.key() + "' track '" + track + "': a run of '" + winner[start]
                                + "' shorter than one frame at the end of the episode was dropped");
                        continue;
                    }
                    out.add(new Label.Phase(null, d.key(), track, winner[start], from, to));
                    runTies.add(runTied);
                }
            }
            List<Label> withIds = new ArrayList<>();
            for (int i = 0; i < out.size(); i++) {
                Label.Phase p = (Label.Phase) out.get(i);
                withIds.add(new Label.Phase(id(d, i), p.definition(), p.track(), p.classKey(), p.start(), p.end()));
                if (runTies.get(i)) {
                    // a tie rule placed (part of) this segment; its boundaries are judged by the phase agreement
                    byTieRule.computeIfAbsent(d.key(), k -> new ArrayList<>()).add(withIds.getLast().id());
                }
            }
            return withIds;
        }

        // ---- events ----

        private record Vote(long time, int annotator, UUID id) {
        }

        private List<Label> events(Definition d) {
            long tolerance = LabelComparison.toleranceMs(d) * 1_000_000L;
            List<Label.Event> out = new ArrayList<>();
            int dropped = 0;
            for (LabelSchema.LabelClass c : d.classes()) {
                List<Vote> votes = new ArrayList<>();
                for (int a = 0; a < n; a++) {
                    for (Label.Event e : LabelComparison.events(labels.get(a), d.key())) {
                        if (e.classKey().equals(c.key())) {
                            votes.add(new Vote(e.time(), a, e.id()));
                        }
                    }
                }
                votes.sort(Comparator.comparingLong(Vote::time).thenComparingInt(Vote::annotator)
                        .thenComparing(Vote::id));
                boolean[] taken = new boolean[votes.size()];
                for (int i = 0; i < votes.size(); i++) {
                    if (taken[i]) {
                        continue;
                    }
                    // A cluster: the earliest free event and, in time order, the free events of other annotators
                    // within the tolerance of it (so every two events of a cluster are within the tolerance).
                    List<Long> times = new ArrayList<>();
                    Set<Integer> annotators = new HashSet<>();
                    for (int j = i; j < votes.size() && votes.get(j).time() - votes.get(i).time() <= tolerance; j++) {
                        if (!taken[j] && annotators.add(votes.get(j).annotator())) {
                            taken[j] = true;
                            times.add(votes.get(j).time());
                        }
                    }
                    if (2 * times.size() > n) {
                        out.add(new Label.Event(null, d.key(), c.key(), median(times)));
                    } else {
                        dropped++;
                    }
                }
            }
            if (dropped > 0) {
                notes.add("'" + d.key() + "': " + dropped + " event cluster" + (dropped == 1 ? "" : "s")
                        + " without a majority of the " + n + " annotators dropped");
            }
            out.sort(Comparator.comparingLong(Label.Event::time).thenComparing(Label.Event::classKey));
            List<Label> withIds = new ArrayList<>();
            for (int i = 0; i < out.size(); i++) {
                Label.Event e = out.get(i);
                withIds.add(new Label.Event(id(d, i), d.key(), e.classKey(), e.time()));
            }
            return withIds;
        }

        /** Median of sorted times; with an even count the mean of the two middle ones, rounded down. */
        private static long median(List<Long> sortedTimes) {
            int k = sortedTimes.size();
            long lo = sortedTimes.get((k - 1) / 2);
            long hi = sortedTimes.get(k / 2);
            return lo + (hi - lo) / 2;
        }

        // ---- boxes and cuboids ----

        private record Member(int annotator, Label track) {
        }

        private List<Label> tracks(Definition d) {
            Map<String, Integer> order = classOrder(d);
            // per stream, then per class in schema order
            TreeMap<String, TreeMap<Integer, List<Member>>> groups = new TreeMap<>();
            for (int a = 0; a < n; a++) {
                for (Label t : LabelComparison.tracks(labels.get(a), d)) {
                    groups.computeIfAbsent(LabelComparison.stream(t), k -> new TreeMap<>())
                            .computeIfAbsent(order.get(LabelComparison.classKey(t)), k -> new ArrayList<>())
                            .add(new Member(a, t));
                }
            }
            List<Label> out = new ArrayList<>();
            int dropped = 0;
            int index = 0;
            for (Map.Entry<String, TreeMap<Integer, List<Member>>> stream : groups.entrySet()) {
                Set<String> usedTrackIds = new HashSet<>();
                for (List<Member> members : stream.getValue().values()) {
                    for (List<Member> cluster : cluster(members)) {
                        if (2 * cluster.size() <= n) {
                            dropped++;
                            continue;
                        }
                        String trackId = uniqueTrackId(cluster, usedTrackIds);
                        out.add(d.type() == LabelType.BOX2D ? averageBoxes(id(d, index++), d, trackId, cluster)
                                : averageCuboids(id(d, index++), d, trackId, cluster));
                    }
                }
            }
            if (dropped > 0) {
                notes.add("'" + d.key() + "': " + dropped + " track cluster" + (dropped == 1 ? "" : "s")
                        + " without a majority of the " + n + " annotators dropped");
            }
            return out;
        }

        /**
         * Annotator by annotator (in id order), each track joins the cluster it matches best, by a Hungarian
         * assignment of the annotator's tracks to the clusters on the mean track similarity to the cluster's members
         * (a match needs ≥ 0.5); unmatched tracks start clusters. A cluster holds at most one track per annotator.
         */
        private List<List<Member>> cluster(List<Member> members) {
            List<List<Member>> clusters = new ArrayList<>();
            for (int a = 0; a < n; a++) {
                int annotator = a;
                List<Member> own = members.stream().filter(m -> m.annotator() == annotator).toList();
                if (own.isEmpty()) {
                    continue;
                }
                int existing = clusters.size();
                int[] assigned = new int[own.size()];
                java.util.Arrays.fill(assigned, -1);
                if (existing > 0) {
                    double[][] sim = new double[own.size()][existing];
                    for (int i = 0; i < own.size(); i++) {
                        for (int c = 0; c < existing; c++) {
                            double sum = 0;
                            for (Member m : clusters.get(c)) {
                                sum += LabelComparison.trackSimilarity(own.get(i).track(), m.track());
                            }
                            sim[i][c] = sum / clusters.get(c).size();
                        }
                    }
                    int[] best = Hungarian.maximise(sim);
                    for (int i = 0; i < own.size(); i++) {
                        if (best[i] >= 0 && sim[i][best[i]] >= LabelComparison.SPATIAL_IOU) {
                            assigned[i] = best[i];
                        }
                    }
                }
                for (int i = 0; i < own.size(); i++) {
                    if (assigned[i] >= 0) {
                        clusters.get(assigned[i]).add(own.get(i));
                    } else {
                        clusters.add(new ArrayList<>(List.of(own.get(i))));
                    }
                }
            }
            return clusters;
        }

        /** The members' most common track id (ties: the smallest), with a suffix if another merged track has it. */
        private static String uniqueTrackId(List<Member> cluster, Set<String> used) {
            Map<String, Integer> count = new TreeMap<>();
            cluster.forEach(m -> count.merge(LabelComparison.trackId(m.track()), 1, Integer::sum));
            String base = count.entrySet().stream().max(Comparator.comparingInt(Map.Entry<String, Integer>::getValue)
                    .thenComparing(Map.Entry::getKey, Comparator.reverseOrder())).orElseThrow().getKey();
            String id = base;
            for (int k = 2; !used.add(id); k++) {
                String suffix = "-" + k;
                id = base.substring(0, Math.min(base.length(), 64 - suffix.length())) + suffix;
            }
            return id;
        }

        private static TreeSet<Long> keyTimes(List<Member> cluster) {
            TreeSet<Long> times = new TreeSet<>();
            cluster.forEach(m -> times.addAll(LabelComparison.keyTimes(m.track())));
            return times;
        }

        private static Label averageBoxes(UUID id, Definition d, String trackId, List<Member> cluster) {
            List<Label.BoxKey> keys = new ArrayList<>();
            for (long t : keyTimes(cluster)) {
                double x = 0, y = 0, w = 0, h = 0;
                for (Member m : cluster) {
                    Label.BoxKey k = Label.boxAt(((Label.BoxTrack) m.track()).keyframes(), t);
                    x += k.x();
                    y += k.y();
                    w += k.width();
                    h += k.height();
                }
                int size = cluster.size();
                keys.add(new Label.BoxKey(t, x / size, y / size, w / size, h / size));
            }
            Label.BoxTrack first = (Label.BoxTrack) cluster.getFirst().track();
            return new Label.BoxTrack(id, d.key(), first.classKey(), trackId, first.stream(), keys);
        }

        private static Label averageCuboids(UUID id, Definition d, String trackId, List<Member> cluster) {
            List<Label.CuboidKey> keys = new ArrayList<>();
            for (long t : keyTimes(cluster)) {
                double cx = 0, cy = 0, cz = 0, l = 0, w = 0, h = 0, sin = 0, cos = 0;
                for (Member m : cluster) {
                    Label.CuboidKey k = Label.cuboidAt(((Label.CuboidTrack) m.track()).keyframes(), t);
                    cx += k.cx();
                    cy += k.cy();
                    cz += k.cz();
                    l += k.length();
                    w += k.width();
                    h += k.height();
                    sin += Math.sin(k.yaw());
                    cos += Math.cos(k.yaw());
                }
                int size = cluster.size();
                keys.add(new Label.CuboidKey(t, cx / size, cy / size, cz / size, l / size, w / size, h / size,
                        Math.atan2(sin, cos)));
            }
            Label.CuboidTrack first = (Label.CuboidTrack) cluster.getFirst().track();
            return new Label.CuboidTrack(id, d.key(), first.classKey(), trackId, first.stream(), keys);
        }

        // ---- values ----

        private List<Label> values(Definition d) {
            List<Label> out = new ArrayList<>();
            if (!"segment".equals(d.scope())) {
                List<Label.Value> votes = new ArrayList<>();
                labels.forEach(l -> LabelComparison.values(l, d.key()).stream()
                        .filter(v -> v.segment() == null).forEach(votes::add));
                if (!votes.isEmpty()) {
                    Label.Value v = vote(d, votes, "the episode");
                    if (v != null) {
                        out.add(new Label.Value(id(d, 0), d.key(), null, v.classes(), v.number(), v.accept(),
                                v.text()));
                        if (tieRuleUsed) {
                            byTieRule.computeIfAbsent(d.key(), k -> new ArrayList<>()).add(id(d, 0));
                        }
                    }
                }
                return out;
            }
            int total = 0;
            Set<UUID> used = new HashSet<>();
            List<Map<UUID, Label.Phase>> segments = new ArrayList<>();
            for (List<Label> l : labels) {
                Map<UUID, Label.Phase> own = new HashMap<>();
                LabelComparison.phases(l, d.segmentOf()).forEach(p -> own.put(p.id(), p));
                segments.add(own);
                total += LabelComparison.values(l, d.key()).size();
            }
            int index = 0;
            for (Label consensusSegment : merged.getOrDefault(d.segmentOf(), List.of())) {
                Label.Phase p = (Label.Phase) consensusSegment;
                List<Label.Value> votes = new ArrayList<>();
                for (int a = 0; a < n; a++) {
                    for (Label.Value v : LabelComparison.values(labels.get(a), d.key())) {
                        Label.Phase own = v.segment() == null ? null : segments.get(a).get(v.segment());
                        if (own != null && own.track().equals(p.track())
                                && LabelComparison.iou(own, p) > LabelComparison.SEGMENT_MATCH_IOU) {
                            votes.add(v);
                            used.add(v.id());
                        }
                    }
                }
                if (votes.isEmpty()) {
                    continue;
                }
                String where = "the segment '" + p.classKey() + "' " + seconds(p.start()) + "–" + seconds(p.end());
                Label.Value v = vote(d, votes, where);
                if (v != null) {
                    UUID id = id(d, index++);
                    out.add(new Label.Value(id, d.key(), p.id(), v.classes(), v.number(), v.accept(), v.text()));
                    if (tieRuleUsed) {
                        byTieRule.computeIfAbsent(d.key(), k -> new ArrayList<>()).add(id);
                    }
                }
            }
            if (used.size() < total) {
                int left = total - used.size();
                notes.add("'" + d.key() + "': " + left + " segment value" + (left == 1 ? "" : "s")
                        + " left out: the segment matches no consensus segment of '" + d.segmentOf()
                        + "' (IoU > 0.5, same track)");
            }
            return out;
        }

        /** The merged value of the votes (fields only; id and segment are set by the caller), or null. */
        private Label.Value vote(Definition d, List<Label.Value> votes, String where) {
            String at = "'" + d.key() + "' on " + where + ": ";
            tieRuleUsed = false;
            tieWhere = "the episode".equals(where) ? "" : "on " + where + ": ";
            if (votes.size() < n && d.type() != LabelType.TEXT) {
                notes.add(at + (n - votes.size()) + " of " + n + " annotators gave no value (abstained)");
            }
            return switch (d.type()) {
                case CATEGORY -> d.multiple() ? multiCategory(d, votes, at) : category(d, votes, at);
                case VERDICT -> verdict(d, votes, at);
                case RATING -> rating(d, votes, at);
                case NUMBER -> {
                    List<Double> xs = votes.stream().map(Label.Value::number).sorted().toList();
                    int k = xs.size();
                    double median = (xs.get((k - 1) / 2) + xs.get(k / 2)) / 2;
                    yield value(List.of(), median, null, null);
                }
                case TEXT -> {
                    Set<String> texts = new HashSet<>();
                    votes.forEach(v -> texts.add(TextSimilarity.normalise(v.text(), false)));
                    if (votes.size() == n && texts.size() == 1) {
                        yield value(List.of(), null, null, texts.iterator().next());
                    }
                    notes.add(at + "text is chosen by a reviewer (" + texts.size() + " different texts from "
                            + votes.size() + " of " + n + " annotators)");
                    yield null;
                }
                default -> throw new IllegalStateException("not a value type: " + d.type());
            };
        }

        private static Label.Value value(List<String> classes, Double number, Boolean accept, String text) {
            return new Label.Value(null, null, null, classes, number, accept, text);
        }

        private Label.Value category(Definition d, List<Label.Value> votes, String at) {
            Map<String, Integer> count = new HashMap<>();
            votes.forEach(v -> count.merge(v.classes().getFirst(), 1, Integer::sum));
            List<String> top = earliestOfMost(d, count);
            if (top.size() > 1) {
                notes.add(at + "tie between " + String.join(", ", top) + "; the earliest in the schema, '"
                        + top.getFirst() + "', won");
                tie(d, "tie between " + names(d, top) + " (" + votes(count.get(top.getFirst())) + " each); "
                        + className(d, top.getFirst()) + " chosen by the tie rule");
            } else {
                quorum(d, className(d, top.getFirst()), count.get(top.getFirst()));
            }
            return value(List.of(top.getFirst()), null, null, null);
        }

        /** Classes with the highest count, in the schema's class order. */
        private static List<String> earliestOfMost(Definition d, Map<String, Integer> count) {
            int best = count.values().stream().mapToInt(Integer::intValue).max().orElse(0);
            Map<String, Integer> order = classOrder(d);
            return count.entrySet().stream().filter(e -> e.getValue() == best).map(Map.Entry::getKey)
                    .sorted(Comparator.comparing(order::get)).toList();
        }

        private Label.Value multiCategory(Definition d, List<Label.Value> votes, String at) {
            Map<String, Integer> count = new HashMap<>();
            votes.forEach(v -> v.classes().forEach(c -> count.merge(c, 1, Integer::sum)));
            List<String> chosen = new ArrayList<>();
            for (LabelSchema.LabelClass c : d.classes()) {
                int k = count.getOrDefault(c.key(), 0);
                if (2 * k >= votes.size() && k > 0) {
                    chosen.add(c.key());
                    if (2 * k == votes.size()) {
                        notes.add(at + "'" + c.key() + "' was chosen by exactly half; kept");
                        tie(d, "tie on " + c.name() + " (" + votes(k) + " for, " + votes(votes.size() - k)
                                + " against); kept by the tie rule");
                    } else {
                        quorum(d, c.name(), k);
                    }
                }
            }
            if (chosen.isEmpty()) {
                String first = earliestOfMost(d, count).getFirst();
                notes.add(at + "no class was chosen by half of the annotators; the most chosen (earliest in the "
                        + "schema on a tie), '" + first + "', was kept");
                tie(d, "no class was chosen by half of the annotators; " + className(d, first)
                        + " kept by the tie rule");
                chosen.add(first);
            }
            return value(chosen, null, null, null);
        }

        private Label.Value verdict(Definition d, List<Label.Value> votes, String at) {
            List<Label.Value> rejects = votes.stream().filter(v -> !v.accept()).toList();
            int accepts = votes.size() - rejects.size();
            if (accepts > rejects.size()) {
                quorum(d, "accept", accepts);
                return value(List.of(), null, true, null);
            }
            if (accepts == rejects.size()) {
                notes.add(at + "accept and reject tied " + accepts + "–" + accepts + "; reject wins");
                tie(d, "tie between accept and reject (" + votes(accepts) + " each); reject chosen by the tie rule");
            } else {
                quorum(d, "reject", rejects.size());
            }
            Map<String, Integer> count = new HashMap<>();
            rejects.forEach(v -> v.classes().forEach(c -> count.merge(c, 1, Integer::sum)));
            List<String> reasons = new ArrayList<>();
            for (LabelSchema.LabelClass c : d.classes()) {
                if (2 * count.getOrDefault(c.key(), 0) >= rejects.size() && count.containsKey(c.key())) {
                    reasons.add(c.key());
                }
            }
            return value(reasons, null, false, null);
        }

        private Label.Value rating(Definition d, List<Label.Value> votes, String at) {
            Map<Double, Integer> count = new TreeMap<>();
            votes.forEach(v -> count.merge(v.number(), 1, Integer::sum));
            int best = count.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
            List<Double> modes = count.entrySet().stream().filter(e -> e.getValue() == best).map(Map.Entry::getKey)
                    .toList();
            if (modes.size() == 1) {
                quorum(d, plain(modes.getFirst()), best);
                return value(List.of(), modes.getFirst(), null, null);
            }
            List<Double> all = votes.stream().map(Label.Value::number).sorted().toList();
            double lowerMedian = all.get((all.size() - 1) / 2);
            notes.add(at + "ratings tied between " + modes.stream().map(Consensus::plain).toList()
                    + "; the lower median of all votes, " + plain(lowerMedian) + ", won");
            tie(d, "tie between " + and(modes.stream().map(Consensus::plain).toList()) + " (" + votes(best)
                    + " each); " + plain(lowerMedian) + " chosen by the tie rule");
            return value(List.of(), lowerMedian, null, null);
        }

        /** Where the value being voted sits, for tie texts ("" for the episode). */
        private String tieWhere = "";

        /** The value being voted was decided by a tie rule: say so, and mark its label. */
        private void tie(Definition d, String what) {
            tieRuleUsed = true;
            ties.computeIfAbsent(d.key(), k -> new ArrayList<>()).add(tieWhere + what);
        }

        /** A winner with no strict majority of all N (abstentions count against it) goes to review too. */
        private void quorum(Definition d, String winner, int count) {
            if (2 * count <= n) {
                ties.computeIfAbsent(d.key(), k -> new ArrayList<>()).add(tieWhere + "no majority: " + winner
                        + " has " + count + " of " + n + " votes");
            }
        }

        private static String votes(int k) {
            return k + (k == 1 ? " vote" : " votes");
        }

        private static String className(Definition d, String key) {
            return d.classes().stream().filter(c -> c.key().equals(key)).findFirst()
                    .map(LabelSchema.LabelClass::name).orElse(key);
        }

        private static String names(Definition d, List<String> keys) {
            return and(keys.stream().map(k -> className(d, k)).toList());
        }

        /** "a", "a and b", "a, b and c". */
        private static String and(List<String> items) {
            if (items.size() <= 1) {
                return String.join("", items);
            }
            return String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.getLast();
        }

        private static Map<String, Integer> classOrder(Definition d) {
            Map<String, Integer> order = new HashMap<>();
            for (int i = 0; i < d.classes().size(); i++) {
                order.put(d.classes().get(i).key(), i);
            }
            return order;
        }
    }
}
