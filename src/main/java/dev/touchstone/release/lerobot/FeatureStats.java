package dev.touchstone.release.lerobot;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** meta/stats.json: per-feature, per-dimension running sums, so the stats need one pass and no stored rows. */
final class FeatureStats {

    private final Map<String, Stats> stats = new LinkedHashMap<>();

    /** The running sums of a feature with {@code width} values per frame, looked up once per row, not per value. */
    Stats of(String feature, int width) {
        return stats.computeIfAbsent(feature, x -> new Stats(width));
    }

    void add(String feature, double value) {
        of(feature, 1).add(0, value);
    }

    ObjectNode toJson(JsonMapper json) {
        ObjectNode out = json.createObjectNode();
        for (Map.Entry<String, Stats> entry : stats.entrySet()) {
            Stats s = entry.getValue();
            ObjectNode feature = out.putObject(entry.getKey());
            ArrayNode min = feature.putArray("min");
            ArrayNode max = feature.putArray("max");
            ArrayNode mean = feature.putArray("mean");
            ArrayNode std = feature.putArray("std");
            ArrayNode count = feature.putArray("count");
            for (int c = 0; c < s.count.length; c++) {
                long n = s.count[c];
                double m = n == 0 ? Double.NaN : s.sum[c] / n;
                min.add(n == 0 ? null : s.min[c]);
                max.add(n == 0 ? null : s.max[c]);
                mean.add(n == 0 ? null : m);
                std.add(n == 0 ? null : Math.sqrt(Math.max(0, s.sumSquares[c] / n - m * m)));
                count.add(n);
            }
        }
        return out;
    }

    static final class Stats {
        final double[] min;
        final double[] max;
        final double[] sum;
        final double[] sumSquares;
        final long[] count;

        private Stats(int width) {
            min = new double[width];
            max = new double[width];
            sum = new double[width];
            sumSquares = new double[width];
            count = new long[width];
            Arrays.fill(min, Double.POSITIVE_INFINITY);
            Arrays.fill(max, Double.NEGATIVE_INFINITY);
        }

        void add(int c, double v) {
            if (Double.isNaN(v) || c >= count.length) {
                return;
            }
            min[c] = Math.min(min[c], v);
            max[c] = Math.max(max[c], v);
            sum[c] += v;
            sumSquares[c] += v * v;
            count[c]++;
        }
    }
}
