package dev.touchstone.release.lerobot;

import dev.touchstone.labeling.Label;
import dev.touchstone.labeling.LabelSchema;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The labels as data: a class index column per phase definition and a flag column per event class on the frame
 * grid, and episode-level values (category, rating, verdict, text, number) as columns of the episodes table.
 */
final class LabelColumns {

    final List<LabelSchema.Definition> phases = new ArrayList<>();
    final List<LabelSchema.Definition> events = new ArrayList<>();
    final List<LabelSchema.Definition> episodeValues = new ArrayList<>();

    LabelColumns(List<LabelSchema.Definition> included) {
        for (LabelSchema.Definition d : included) {
            switch (d.type()) {
                case PHASE -> phases.add(d);
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
    }

    static String phaseColumn(LabelSchema.Definition d) {
        return "label." + d.key();
    }

    static String eventColumn(LabelSchema.Definition d, LabelSchema.LabelClass c) {
        return "label." + d.key() + "." + c.key();
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

    /** Per event class, a flag on the frame nearest to each event's time (none if it lies off the grid). */
    boolean[][] events(List<Label> labels, long[] times, int fps) {
        int width = events.stream().mapToInt(d -> d.classes().size()).sum();
        boolean[][] columns = new boolean[width][times.length];
        long half = Math.round(0.5e9 / fps);
        int offset = 0;
        for (LabelSchema.Definition d : events) {
            for (Label label : labels) {
                if (label instanceof Label.Event event && event.definition().equals(d.key())) {
                    int cls = classIndex(d, event.classKey());
                    int k = (int) Math.floorDiv((event.time() - times[0]) * fps + 500_000_000L, 1_000_000_000L);
                    if (cls >= 0 && k >= 0 && k < times.length && Math.abs(times[k] - event.time()) <= half) {
                        columns[offset + cls][k] = true;
                    }
                }
            }
            offset += d.classes().size();
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
