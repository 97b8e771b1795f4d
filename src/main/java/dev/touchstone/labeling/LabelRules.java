package dev.touchstone.labeling;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Checks labels against the schema version they are made under and the episode they are on. Every problem names
 * the label and says what is wrong in words an annotator understands; {@link #missingRequired} is the extra check
 * before a submission.
 */
public final class LabelRules {

    public static final int MAX_LABELS = 100_000;
    public static final int MAX_KEYFRAMES = 100_000;
    static final int MAX_TRACK_NAME = 64;
    /** A gap's note: a sentence or a short paragraph on what departs, not a report. */
    public static final int MAX_GAP_NOTE = 2_000;
    /** Longer than any stream name an import makes; a longer one cannot name a stream of the episode. */
    public static final int MAX_STREAM_NAME = 256;
    /** How much of a client's text a problem quotes back: enough to recognise it, never a whole oversized value. */
    private static final int QUOTED = 80;

    private LabelRules() {
    }

    /** Problems of a whole draft (empty when all labels are valid), without checking stream names. */
    public static List<String> problems(LabelSchema schema, long durationNanos, List<Label> labels) {
        return problems(schema, durationNanos, labels, null);
    }

    /**
     * Problems of a whole draft (empty when all labels are valid). With {@code streams} (the names of the episode's
     * streams), a box or cuboid track must be drawn on one of them; {@code null} skips that check (labels checked
     * before against their episode, or a caller that has no episode at hand).
     */
    public static List<String> problems(LabelSchema schema, long durationNanos, List<Label> labels,
                                        Set<String> streams) {
        List<String> problems = new ArrayList<>();
        if (labels.size() > MAX_LABELS) {
            problems.add("A draft holds at most " + MAX_LABELS + " labels");
            return problems;
        }
        Set<UUID> ids = new HashSet<>();
        Map<UUID, Label.Phase> segments = new HashMap<>();
        for (Label label : labels) {
            if (label instanceof Label.Phase phase) {
                segments.put(phase.id(), phase);
            }
        }
        for (Label label : labels) {
            if (label == null || label.id() == null) {
                problems.add("A label without an id");
                continue;
            }
            if (!ids.add(label.id())) {
                problems.add(name(label) + ": the id is used twice");
            }
            problems.addAll(problems(schema, durationNanos, label, segments));
            problems.addAll(streamProblems(label, streams));
        }
        problems.addAll(overlaps(labels));
        problems.addAll(duplicateValues(labels));
        return problems;
    }

    /** Problems of one label on its own (no overlap checks). */
    static List<String> problems(LabelSchema schema, long durationNanos, Label label, Map<UUID, Label.Phase> segments) {
        List<String> problems = new ArrayList<>();
        String at = name(label);
        Optional<LabelSchema.Definition> found = label.definition() == null ? Optional.empty()
                : schema.definition(label.definition());
        if (found.isEmpty()) {
            problems.add(at + ": '" + quoted(label.definition()) + "' is not a definition of the schema '" + schema.name() + "'");
            return problems;
        }
        LabelSchema.Definition d = found.get();
        LabelType expected = switch (label) {
            case Label.Phase ignored -> LabelType.PHASE;
            case Label.Gap ignored -> LabelType.GAP;
            case Label.Event ignored -> LabelType.EVENT;
            case Label.BoxTrack ignored -> LabelType.BOX2D;
            case Label.CuboidTrack ignored -> LabelType.CUBOID3D;
            case Label.Value ignored -> d.type().place() == LabelType.Place.EPISODE_OR_SEGMENT ? d.type() : null;
        };
        if (expected != d.type()) {
            problems.add(at + ": '" + d.key() + "' is a " + d.type().jsonName() + ", not this kind of label");
            return problems;
        }
        switch (label) {
            case Label.Phase p -> {
                requireClass(problems, at, d, p.classKey());
                if (p.track().length() > MAX_TRACK_NAME) {
                    problems.add(at + ": a track name has at most " + MAX_TRACK_NAME + " characters");
                }
                if (p.start() < 0 || p.end() > durationNanos) {
                    problems.add(at + ": the segment " + seconds(p.start()) + "–" + seconds(p.end())
                            + " lies outside the episode (0–" + seconds(durationNanos) + ")");
                }
                if (p.end() <= p.start()) {
                    problems.add(at + ": a segment must end after it starts (" + seconds(p.start()) + "–"
                            + seconds(p.end()) + ")");
                }
            }
            case Label.Gap g -> {
                if (g.mode() == null || d.labelClass(g.mode()).isEmpty()) {
                    problems.add(at + ": '" + quoted(g.mode()) + "' is not a failure mode of '" + d.name() + "' ("
                            + String.join(", ", d.classes().stream().map(LabelSchema.LabelClass::key).toList()) + ")");
                }
                if (g.start() < 0 || g.end() > durationNanos) {
                    problems.add(at + ": the gap " + seconds(g.start()) + "–" + seconds(g.end())
                            + " lies outside the episode (0–" + seconds(durationNanos) + ")");
                }
                if (g.end() <= g.start()) {
                    problems.add(at + ": a gap must end after it starts (" + seconds(g.start()) + "–"
                            + seconds(g.end()) + ")");
                }
                if (g.note() != null && g.note().codePointCount(0, g.note().length()) > MAX_GAP_NOTE) {
                    problems.add(at + ": a gap's note has at most " + MAX_GAP_NOTE + " characters");
                }
            }
            case Label.Event e -> {
                requireClass(problems, at, d, e.classKey());
                if (e.time() < 0 || e.time() > durationNanos) {
                    problems.add(at + ": the event at " + seconds(e.time()) + " lies outside the episode (0–"
                            + seconds(durationNanos) + ")");
                }
            }
            case Label.Value v -> valueProblems(problems, at, d, v, segments);
            case Label.BoxTrack b -> {
                requireClass(problems, at, d, b.classKey());
                requireTrack(problems, at, b.trackId(), b.stream());
                keyTimes(problems, at, b.keyframes().stream().map(Label.BoxKey::time).toList(), durationNanos);
                for (Label.BoxKey k : b.keyframes()) {
                    if (!(Double.isFinite(k.x()) && Double.isFinite(k.y()) && k.width() > 0 && k.height() > 0
                            && Double.isFinite(k.width()) && Double.isFinite(k.height()))) {
                        problems.add(at + ": the box at " + seconds(k.time()) + " needs a positive width and height"
                                + " (" + k.width() + " × " + k.height() + ")");
                    }
                }
            }
            case Label.CuboidTrack c -> {
                requireClass(problems, at, d, c.classKey());
                requireTrack(problems, at, c.trackId(), c.stream());
                keyTimes(problems, at, c.keyframes().stream().map(Label.CuboidKey::time).toList(), durationNanos);
                for (Label.CuboidKey k : c.keyframes()) {
                    boolean finite = Double.isFinite(k.cx()) && Double.isFinite(k.cy()) && Double.isFinite(k.cz())
                            && Double.isFinite(k.yaw());
                    boolean sized = k.length() > 0 && k.width() > 0 && k.height() > 0 && Double.isFinite(k.length())
                            && Double.isFinite(k.width()) && Double.isFinite(k.height());
                    if (!finite || !sized) {
                        problems.add(at + ": the cuboid at " + seconds(k.time()) + " needs a finite position and yaw"
                                + " and a positive size");
                    }
                }
            }
        }
        return problems;
    }

    private static List<String> streamProblems(Label label, Set<String> streams) {
        String stream = switch (label) {
            case Label.BoxTrack b -> b.stream();
            case Label.CuboidTrack c -> c.stream();
            default -> null;
        };
        if (stream == null || stream.isBlank()) {
            return List.of();
        }
        if (stream.length() > MAX_STREAM_NAME) {
            return List.of(name(label) + ": a stream name has at most " + MAX_STREAM_NAME + " characters, not "
                    + stream.length());
        }
        if (streams != null && !streams.contains(stream)) {
            return List.of(name(label) + ": '" + quoted(stream) + "' is not a stream of this episode"
                    + (streams.isEmpty() ? "" : " (" + String.join(", ", streams.stream().sorted().toList()) + ")"));
        }
        return List.of();
    }

    /** A client's text in a problem, cut short so that an oversized value is not sent back whole. */
    static String quoted(String text) {
        return text == null || text.length() <= QUOTED ? text : text.substring(0, QUOTED) + "…";
    }

    private static void valueProblems(List<String> problems, String at, LabelSchema.Definition d, Label.Value v,
                                      Map<UUID, Label.Phase> segments) {
        if ("segment".equals(d.scope())) {
            Label.Phase segment = v.segment() == null ? null : segments.get(v.segment());
            if (segment == null || !segment.definition().equals(d.segmentOf())) {
                problems.add(at + ": '" + d.key() + "' describes a segment of '" + d.segmentOf()
                        + "'; this value is not attached to one");
            }
        } else if (v.segment() != null) {
            problems.add(at + ": '" + d.key() + "' is for the whole episode, not for a segment");
        }
        boolean hasNumber = v.number() != null;
        boolean hasText = v.text() != null;
        boolean hasAccept = v.accept() != null;
        boolean hasClasses = !v.classes().isEmpty();
        switch (d.type()) {
            case CATEGORY -> {
                if (!hasClasses) {
                    problems.add(at + ": choose a class of '" + d.name() + "'");
                }
                if (v.classes().size() > 1 && !d.multiple()) {
                    problems.add(at + ": '" + d.name() + "' takes one class, not " + v.classes().size());
                }
                if (new HashSet<>(v.classes()).size() != v.classes().size()) {
                    problems.add(at + ": a class is chosen twice");
                }
                v.classes().forEach(c -> requireClass(problems, at, d, c));
                unexpected(problems, at, d, hasNumber || hasText || hasAccept);
            }
            case RATING -> {
                if (!hasNumber || v.number() % 1 != 0 || v.number() < d.min() || v.number() > d.max()) {
                    problems.add(at + ": '" + d.name() + "' is a whole number from " + d.min().intValue() + " to "
                            + d.max().intValue() + (hasNumber ? ", not " + v.number() : ""));
                }
                unexpected(problems, at, d, hasClasses || hasText || hasAccept);
            }
            case NUMBER -> {
                if (!hasNumber || !Double.isFinite(v.number())) {
                    problems.add(at + ": '" + d.name() + "' needs a number");
                } else if ((d.min() != null && v.number() < d.min()) || (d.max() != null && v.number() > d.max())) {
                    problems.add(at + ": " + v.number() + " is outside " + (d.min() == null ? "" : d.min()) + "–"
                            + (d.max() == null ? "" : d.max()) + (d.unit() == null ? "" : " " + d.unit()));
                }
                unexpected(problems, at, d, hasClasses || hasText || hasAccept);
            }
            case VERDICT -> {
                if (!hasAccept) {
                    problems.add(at + ": '" + d.name() + "' is accept or reject");
                } else if (v.accept() && hasClasses) {
                    problems.add(at + ": an accepted '" + d.name() + "' has no reject reasons");
                }
                v.classes().forEach(c -> requireClass(problems, at, d, c));
                unexpected(problems, at, d, hasNumber || hasText);
            }
            case TEXT -> {
                if (!hasText || v.text().isBlank()) {
                    problems.add(at + ": '" + d.name() + "' is empty");
                } else if (v.text().codePointCount(0, v.text().length()) > d.maxLength()) {
                    problems.add(at + ": '" + d.name() + "' has at most " + d.maxLength() + " characters");
                }
                unexpected(problems, at, d, hasClasses || hasNumber || hasAccept);
            }
            default -> throw new IllegalStateException("not a value type: " + d.type());
        }
    }

    private static void unexpected(List<String> problems, String at, LabelSchema.Definition d, boolean present) {
        if (present) {
            problems.add(at + ": a " + d.type().jsonName() + " value has only the fields of its type");
        }
    }

    private static void requireClass(List<String> problems, String at, LabelSchema.Definition d, String classKey) {
        if (classKey == null || d.labelClass(classKey).isEmpty()) {
            problems.add(at + ": '" + quoted(classKey) + "' is not a class of '" + d.name() + "' ("
                    + String.join(", ", d.classes().stream().map(LabelSchema.LabelClass::key).toList()) + ")");
        }
    }

    private static void requireTrack(List<String> problems, String at, String trackId, String stream) {
        if (trackId == null || trackId.isBlank() || trackId.length() > MAX_TRACK_NAME) {
            problems.add(at + ": a track id of 1-" + MAX_TRACK_NAME + " characters is required");
        }
        if (stream == null || stream.isBlank()) {
            problems.add(at + ": name the stream (camera or point cloud) the track is drawn on");
        }
    }

    private static void keyTimes(List<String> problems, String at, List<Long> times, long durationNanos) {
        if (times.isEmpty()) {
            problems.add(at + ": a track needs at least one keyframe");
        }
        if (times.size() > MAX_KEYFRAMES) {
            problems.add(at + ": at most " + MAX_KEYFRAMES + " keyframes");
        }
        for (int i = 0; i < times.size(); i++) {
            long t = times.get(i);
            if (t < 0 || t > durationNanos) {
                problems.add(at + ": a keyframe at " + seconds(t) + " lies outside the episode");
            }
            if (i > 0 && t <= times.get(i - 1)) {
                problems.add(at + ": keyframes must be in time order without repeats (" + seconds(times.get(i - 1))
                        + ", then " + seconds(t) + ")");
            }
        }
    }

    /** Segments of one phase definition may not overlap within a track. */
    private static List<String> overlaps(List<Label> labels) {
        List<String> problems = new ArrayList<>();
        Map<String, List<Label.Phase>> tracks = new HashMap<>();
        for (Label label : labels) {
            if (label instanceof Label.Phase p && p.end() > p.start()) {
                tracks.computeIfAbsent(p.definition() + "\u0000" + p.track(), k -> new ArrayList<>()).add(p);
            }
        }
        for (List<Label.Phase> track : tracks.values()) {
            track.sort(Comparator.comparingLong(Label.Phase::start).thenComparingLong(Label.Phase::end));
            for (int i = 1; i < track.size(); i++) {
                Label.Phase before = track.get(i - 1);
                Label.Phase after = track.get(i);
                if (after.start() < before.end()) {
                    problems.add(name(after) + " (" + seconds(after.start()) + "–" + seconds(after.end())
                            + ") overlaps " + name(before) + " (" + seconds(before.start()) + "–"
                            + seconds(before.end()) + ") in track '" + after.track() + "' of '" + after.definition()
                            + "'");
                }
            }
        }
        return problems;
    }

    /** An episode-level value exists once per definition; a segment-level one once per segment. */
    private static List<String> duplicateValues(List<Label> labels) {
        List<String> problems = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Label label : labels) {
            if (label instanceof Label.Value v && !seen.add(v.definition() + "\u0000" + v.segment())) {
                problems.add(name(v) + ": '" + v.definition() + "' already has a value "
                        + (v.segment() == null ? "for the episode" : "for this segment"));
            }
        }
        return problems;
    }

    /**
     * Required definitions without a label, in the schema's order: a submission is refused until this is empty.
     * Timeline and spatial definitions need at least one label; episode values one value; segment values one per
     * segment of their phase definition.
     */
    public static List<String> missingRequired(LabelSchema schema, List<Label> labels) {
        List<String> missing = new ArrayList<>();
        for (LabelSchema.Definition d : schema.definitions()) {
            if (!d.required()) {
                continue;
            }
            if ("segment".equals(d.scope())) {
                Set<UUID> described = new HashSet<>();
                labels.stream().filter(l -> l instanceof Label.Value v && v.definition().equals(d.key()))
                        .forEach(l -> described.add(((Label.Value) l).segment()));
                long undescribed = labels.stream().filter(l -> l instanceof Label.Phase p
                        && p.definition().equals(d.segmentOf()) && !described.contains(p.id())).count();
                if (undescribed > 0) {
                    missing.add("'" + d.name() + "' is missing for " + undescribed + " segment"
                            + (undescribed == 1 ? "" : "s"));
                }
            } else if (labels.stream().noneMatch(l -> d.key().equals(l.definition()))) {
                missing.add("'" + d.name() + "' is required");
            }
        }
        return missing;
    }

    static String name(Label label) {
        String kind = switch (label) {
            case Label.Phase p -> "Phase " + quoted(p.classKey());
            case Label.Gap g -> "Gap " + quoted(g.mode());
            case Label.Event e -> "Event " + quoted(e.classKey());
            case Label.Value v -> "Value of " + quoted(v.definition());
            case Label.BoxTrack b -> "Box track " + quoted(b.trackId());
            case Label.CuboidTrack c -> "Cuboid track " + quoted(c.trackId());
        };
        return kind + " [" + shortId(label.id()) + "]";
    }

    private static String shortId(UUID id) {
        return id == null ? "?" : id.toString().substring(0, 8);
    }

    static String seconds(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.3f s", nanos / 1e9);
    }
}
