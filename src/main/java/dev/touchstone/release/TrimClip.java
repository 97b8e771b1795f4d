package dev.touchstone.release;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.HashSet;
import java.util.Set;

/**
 * A release item's labels clipped to its episode's accepted trim [start, end) (docs/release/formats.md, "Trim"): a
 * span (any label with {@code start} and {@code end}: phases, and interval types added later) is dropped when it lies
 * wholly outside and cut to the trim when it crosses an end; an instant ({@code time}) is kept only inside; a track's
 * keyframes outside are dropped, and the track with them when none is left; an episode-wide value stays, a value of
 * a dropped segment goes with it. Applied alike to the accepted labels, the consensus and every annotator's version,
 * so the files of a release agree. Times stay on the episode's clock. Works on the JSON, so a label kind added later
 * is clipped by its shape without a change here.
 */
final class TrimClip {

    private TrimClip() {
    }

    /** The item with its label documents clipped; the item itself when its episode has no accepted trim. */
    static ReleaseRepository.ItemRow clip(JsonMapper json, ReleaseRepository.ItemRow item) {
        if (item.trimStartNs() == null) {
            return item;
        }
        long start = item.trimStartNs();
        long end = item.trimEndNs();
        String consensus = item.consensus() == null ? null : labels(json, item.consensus(), start, end);
        ArrayNode annotators = (ArrayNode) json.readTree(item.annotators());
        for (JsonNode annotator : annotators) {
            JsonNode versions = annotator.get("labels");
            if (annotator instanceof ObjectNode object && versions != null && versions.isArray()) {
                object.set("labels", clipped(json, (ArrayNode) versions, start, end));
            }
        }
        return item.withLabels(labels(json, item.labels(), start, end), consensus, json.writeValueAsString(annotators));
    }

    static String labels(JsonMapper json, String labels, long start, long end) {
        JsonNode parsed = json.readTree(labels);
        return parsed.isArray() ? json.writeValueAsString(clipped(json, (ArrayNode) parsed, start, end)) : labels;
    }

    private static ArrayNode clipped(JsonMapper json, ArrayNode labels, long start, long end) {
        ArrayNode kept = json.createArrayNode();
        Set<String> dropped = new HashSet<>();
        for (JsonNode label : labels) {
            JsonNode clipped = label(label, start, end);
            if (clipped == null) {
                dropped.add(label.path("id").asString(""));
            } else {
                kept.add(clipped);
            }
        }
        ArrayNode out = json.createArrayNode();
        for (JsonNode label : kept) {
            JsonNode segment = label.get("segment");
            if (segment == null || segment.isNull() || !dropped.contains(segment.asString(""))) {
                out.add(label);
            }
        }
        return out;
    }

    /** The label clipped to [start, end), or null when nothing of it is inside. */
    static JsonNode label(JsonNode label, long start, long end) {
        if (!(label instanceof ObjectNode original)) {
            return label;
        }
        ObjectNode l = original.deepCopy();
        if (l.path("start").isNumber() && l.path("end").isNumber()) {
            long from = l.get("start").asLong();
            long to = l.get("end").asLong();
            if (to <= start || from >= end) {
                return null;
            }
            l.put("start", Math.max(from, start));
            l.put("end", Math.min(to, end));
            return l;
        }
        if (l.path("time").isNumber()) {
            long time = l.get("time").asLong();
            return time >= start && time < end ? l : null;
        }
        if (l.path("keyframes").isArray()) {
            ArrayNode keys = (ArrayNode) l.get("keyframes");
            ArrayNode inside = keys.arrayNode();
            for (JsonNode key : keys) {
                long time = key.path("time").asLong();
                if (time >= start && time < end) {
                    inside.add(key);
                }
            }
            if (inside.isEmpty()) {
                return null;
            }
            l.set("keyframes", inside);
            return l;
        }
        return l;
    }
}
