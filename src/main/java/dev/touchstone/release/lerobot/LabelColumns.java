package dev.touchstone.release.lerobot;

import dev.touchstone.labeling.Label;
import dev.touchstone.labeling.LabelSchema;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The labels as LeRobot data (docs/release/formats.md): the first phase definition is the episode's subtasks
 * ({@code language_persistent} rows of style {@code subtask} and SARM's {@code sparse_subtask_*} episode columns), a
 * second one SARM's {@code dense_subtask_*} columns; events are {@code language_events} rows on their frame;
 * episode-level values (category, rating, verdict, text, number) are columns of the episodes table. Only phase
 * definitions beyond the second, which LeRobot has no place for, keep Touchstone's own class index column.
 */
final class LabelColumns {

    /** The style of event rows: LeRobot's registry lets a project add its own (language.py EXTENDED_STYLES). */
    static final String EVENT_STYLE = "event";

    /** The phase definition written as subtasks (sparse), the one written as dense subtasks, or null. */
    final LabelSchema.Definition sparse;
    final LabelSchema.Definition dense;
    /** Phase definitions without a LeRobot place: a class index column each. */
    final List<LabelSchema.Definition> phases = new ArrayList<>();
    final List<LabelSchema.Definition> events = new ArrayList<>();
    final List<LabelSchema.Definition> episodeValues = new ArrayList<>();
    /** Each event class's row content, unique across event definitions. */
    final Map<String, String> eventContent = new LinkedHashMap<>();

    /** A subtask: the class name, seconds from the episode's first frame, and frames [startFrame, endFrame). */
    record Segment(String name, String classKey, double start, double end, int startFrame, int endFrame) {
    }

    /** A language_events row: the event's content on its frame. */
    record EventRow(int frame, String content) {
    }

    LabelColumns(List<LabelSchema.Definition> included) {
        List<LabelSchema.Definition> allPhases = new ArrayList<>();
        for (LabelSchema.Definition d : included) {
            switch (d.type()) {
                case PHASE -> allPhases.add(d);
                case EVENT -> events.add(d);
                case CATEGORY, RATING, VERDICT, TEXT, NUMBER -> {
                    // a segment-scoped value belongs to a stretch of time, not to the episode's row
                    if (!"segment".equals(d.scope())) {
                        episodeValues.add(d);
                    }
                }
                default -> { }
            }
        }
        sparse = allPhases.isEmpty() ? null : allPhases.get(0);
        dense = allPhases.size() < 2 ? null : allPhases.get(1);
        if (allPhases.size() > 2) {
            phases.addAll(allPhases.subList(2, allPhases.size()));
        }
        Map<String, Integer> nameCount = new HashMap<>();
        events.forEach(d -> d.classes().forEach(c -> nameCount.merge(c.name(), 1, Integer::sum)));
        for (LabelSchema.Definition d : events) {
            for (LabelSchema.LabelClass c : d.classes()) {
                eventContent.put(eventKey(d, c), nameCount.get(c.name()) == 1 ? c.name() : d.name() + ": " + c.name());
            }
        }
    }

    static String eventKey(LabelSchema.Definition d, LabelSchema.LabelClass c) {
        return d.key() + "/" + c.key();
    }

    /**
     * A phase definition's main-track segments inside the frames, in time order: times in seconds from the first
     * frame (clipped to the frames' span), frames from the first at or after the start to the first at or after the
     * end (exclusive).
     */
    List<Segment> segments(LabelSchema.Definition d, List<Label> labels, long[] times, int fps, Notes notes) {
        List<Segment> segments = new ArrayList<>();
        if (d == null || times.length == 0) {
            return segments;
        }
        long first = times[0];
        long last = times[times.length - 1] + Math.round(1e9 / fps);
        List<Label.Phase> main = new ArrayList<>();
        for (Label label : labels) {
            if (label instanceof Label.Phase phase && phase.definition().equals(d.key())) {
                if (!"main".equals(phase.track())) {
                    notes.once("Phase '" + d.key() + "' has segments on track '" + phase.track() + "'; LeRobot "
                            + "columns carry the main track, the JSON Lines file every track");
                    continue;
                }
                main.add(phase);
            }
        }
        main.sort(Comparator.comparingLong(Label.Phase::start));
        for (Label.Phase phase : main) {
            long start = Math.max(first, phase.start());
            long end = Math.min(last, phase.end());
            int cls = classIndex(d, phase.classKey());
            int startFrame = lowerBound(times, start);
            if (cls < 0 || end <= start || startFrame >= times.length) {
                continue;
            }
            segments.add(new Segment(d.classes().get(cls).name(), phase.classKey(), (start - first) / 1e9,
                    (end - first) / 1e9, startFrame, lowerBound(times, end)));
        }
        return segments;
    }

    /** The language_events rows: each event on the frame nearest to its time (none if it lies off the grid). */
    List<EventRow> eventRows(List<Label> labels, long[] times, int fps) {
        List<EventRow> rows = new ArrayList<>();
        long half = Math.round(0.5e9 / fps);
        for (LabelSchema.Definition d : events) {
            for (Label label : labels) {
                if (label instanceof Label.Event event && event.definition().equals(d.key())) {
                    int cls = classIndex(d, event.classKey());
                    int k = (int) Math.floorDiv((event.time() - times[0]) * fps + 500_000_000L, 1_000_000_000L);
                    if (cls >= 0 && k >= 0 && k < times.length && Math.abs(times[k] - event.time()) <= half) {
                        rows.add(new EventRow(k, eventContent.get(eventKey(d, d.classes().get(cls)))));
                    }
                }
            }
        }
        rows.sort(Comparator.comparingInt(EventRow::frame));
        return rows;
    }

    static String phaseColumn(LabelSchema.Definition d) {
        return "label." + d.key();
    }

    static String episodeColumn(LabelSchema.Definition d) {
        return "labels/" + d.key();
    }

    /** Per phase definition, each frame's class index: the segment [start, end) containing its time, -1 if none. */
    int[][] phases(List<Label> labels, long[] times, Notes notes) {
        int[][] columns = new int[phases.size()][times.length];
        for (int p = 0; p < phases.size(); p++) {
            LabelSchema.Definition d = phases.get(p);
            Arrays.fill(columns[p], -1);
            for (Label label : labels) {
                if (label instanceof Label.Phase phase && phase.definition().equals(d.key())) {
                    if (!"main".equals(phase.track())) {
                        notes.once("Phase '" + d.key() + "' has segments on track '" + phase.track() + "'; LeRobot "
                                + "columns carry the main track, the JSON Lines file every track");
                        continue;
                    }
                    int cls = classIndex(d, phase.classKey());
                    for (int k = lowerBound(times, phase.start()); k < times.length && times[k] < phase.end(); k++) {
                        columns[p][k] = cls;
                    }
                }
            }
        }
        return columns;
    }

    private static int classIndex(LabelSchema.Definition d, String key) {
        for (int i = 0; i < d.classes().size(); i++) {
            if (d.classes().get(i).key().equals(key)) {
                return i;
            }
        }
        return -1;
    }

    /** The first frame at or after t. */
    private static int lowerBound(long[] times, long t) {
        int i = Arrays.binarySearch(times, t);
        if (i < 0) {
            return -i - 1;
        }
        while (i > 0 && times[i - 1] == t) {
            i--;
        }
        return i;
    }
}
