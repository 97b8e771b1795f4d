package dev.touchstone.ingest.bundle;

import dev.touchstone.dataset.TactileLayout;
import dev.touchstone.dataset.signal.SignalChannel;
import dev.touchstone.ingest.ImportFormatException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The {@code manifest.json} of a bundle (docs/formats/bundle.md): episode facts and one entry per stream that names
 * its files. Parsing checks the manifest on its own (types, required fields, file names that stay inside the
 * bundle); whether the files agree with it is the importer's business.
 */
public record BundleManifest(String name, String robot, String task, String operator, Instant recordedAt,
                             List<Stream> streams, String groundTruth, Map<String, String> metadata) {

    public static final String FILE = "manifest.json";
    public static final String FORMAT = "touchstone-bundle";
    public static final int VERSION = 1;
    /** A manifest is metadata; anything larger is not one. */
    private static final long MAX_MANIFEST_BYTES = 4L << 20;

    static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    public enum Kind {
        VIDEO, DEPTH, POINTCLOUD, SIGNAL, TACTILE;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One stream.
     *
     * @param data       video: the MP4 file; depth, signal, tactile: the .npy file; pointcloud: the folder of
     *                   {@code 000000.pcd, 000001.pcd, ...}
     * @param timestamps the int64 .npy of per-sample episode times in nanoseconds
     * @param channels   signal and tactile only
     * @param pads       tactile only
     * @param depth      depth only
     */
    public record Stream(String name, Kind kind, String data, String timestamps, List<SignalChannel> channels,
                         List<TactileLayout.Pad> pads, Depth depth) {
        public Stream {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(data, "data");
            Objects.requireNonNull(timestamps, "timestamps");
            channels = channels == null ? List.of() : List.copyOf(channels);
            pads = pads == null ? List.of() : List.copyOf(pads);
        }
    }

    public record Depth(int width, int height, double metersPerUnit, double fx, double fy, double cx, double cy) {
    }

    /** Keys of {@code episode.metadata}, and characters of each key and value (the dataset's limits). */
    public static final int MAX_METADATA_KEYS = 200;
    public static final int MAX_METADATA_TEXT = 2_000;

    /**
     * @param metadata the episode's further facts ({@code episode.metadata}: strings only), stored as the episode's
     *                 metadata; may be empty
     */
    public BundleManifest {
        streams = List.copyOf(streams);
        metadata = metadata == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(metadata));
    }

    /** Without metadata. */
    public BundleManifest(String name, String robot, String task, String operator, Instant recordedAt,
                          List<Stream> streams, String groundTruth) {
        this(name, robot, task, operator, recordedAt, streams, groundTruth, Map.of());
    }

    /** Reads and checks {@code manifest.json} of the bundle folder. */
    public static BundleManifest read(Path bundle, String displayPath) throws IOException {
        Path file = bundle.resolve(FILE);
        String where = displayPath + "/" + FILE;
        JsonNode root;
        try {
            if (Files.size(file) > MAX_MANIFEST_BYTES) {
                throw new ImportFormatException(where, "larger than " + MAX_MANIFEST_BYTES + " bytes");
            }
            try (InputStream in = Files.newInputStream(file)) {
                root = JSON.readTree(in);
            }
        } catch (NoSuchFileException e) {
            throw new ImportFormatException(where, "file is missing; a bundle folder needs a manifest.json");
        } catch (JacksonException e) {
            throw new ImportFormatException(where, "not valid JSON: " + e.getOriginalMessage());
        }
        return new Parser(where).manifest(root);
    }

    /** Whether the file's {@code format} says touchstone-bundle; false for anything unreadable. */
    static boolean looksLikeBundle(Path bundle) {
        Path file = bundle.resolve(FILE);
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > MAX_MANIFEST_BYTES) {
                return false;
            }
            try (InputStream in = Files.newInputStream(file)) {
                JsonNode format = JSON.readTree(in).get("format");
                return format != null && format.isString() && FORMAT.equals(format.stringValue());
            }
        } catch (IOException | JacksonException e) {
            return false;
        }
    }

    /** Writes the manifest into the bundle folder; key order is fixed so that equal bundles are equal bytes. */
    public void write(Path bundle) throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        Map<String, Object> episode = new LinkedHashMap<>();
        episode.put("name", name);
        episode.put("robot", robot);
        episode.put("task", task);
        episode.put("operator", operator);
        episode.put("recordedAt", recordedAt == null ? null : recordedAt.toString());
        if (!metadata.isEmpty()) {
            episode.put("metadata", metadata);
        }
        root.put("episode", episode);
        List<Object> list = new ArrayList<>();
        for (Stream s : streams) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", s.name());
            m.put("kind", s.kind().id());
            m.put("data", s.data());
            m.put("timestamps", s.timestamps());
            if (!s.channels().isEmpty()) {
                m.put("channels", s.channels().stream()
                        .map(c -> Map.of("name", c.name(), "unit", c.unit())).toList());
            }
            if (!s.pads().isEmpty()) {
                List<Object> pads = new ArrayList<>();
                for (TactileLayout.Pad p : s.pads()) {
                    Map<String, Object> pad = new LinkedHashMap<>();
                    pad.put("name", p.name());
                    pad.put("rows", p.rows());
                    pad.put("columns", p.columns());
                    pads.add(pad);
                }
                m.put("pads", pads);
            }
            if (s.depth() != null) {
                Depth d = s.depth();
                Map<String, Object> depth = new LinkedHashMap<>();
                depth.put("width", d.width());
                depth.put("height", d.height());
                depth.put("metersPerUnit", d.metersPerUnit());
                depth.put("fx", d.fx());
                depth.put("fy", d.fy());
                depth.put("cx", d.cx());
                depth.put("cy", d.cy());
                m.put("depth", depth);
            }
            list.add(m);
        }
        root.put("streams", list);
        if (groundTruth != null) {
            root.put("groundTruth", groundTruth);
        }
        Files.writeString(bundle.resolve(FILE), JSON.writeValueAsString(root) + "\n");
    }

    private record Parser(String where) {

        BundleManifest manifest(JsonNode root) throws ImportFormatException {
            if (root == null || !root.isObject()) {
                throw fail("the manifest must be a JSON object");
            }
            String format = text(root, "format", true);
            if (!FORMAT.equals(format)) {
                throw fail("format is '" + format + "', expected '" + FORMAT + "'");
            }
            JsonNode version = root.get("version");
            if (version == null || !version.isIntegralNumber()) {
                throw fail("'version' must be an integer");
            }
            if (version.longValue() != VERSION) {
                throw fail("bundle version " + version.longValue() + " is not supported (this Touchstone reads "
                        + "version " + VERSION + ")");
            }
            JsonNode episode = root.get("episode");
            if (episode == null || !episode.isObject()) {
                throw fail("'episode' must be an object with name, robot, task, operator and recordedAt");
            }
            String name = text(episode, "name", true);
            Instant recordedAt = null;
            String at = text(episode, "recordedAt", false);
            if (at != null) {
                try {
                    recordedAt = Instant.parse(at);
                } catch (DateTimeParseException e) {
                    throw fail("episode.recordedAt '" + at + "' is not an ISO-8601 instant such as "
                            + "2026-01-31T12:00:00Z");
                }
            }
            JsonNode streamsNode = root.get("streams");
            if (streamsNode == null || !streamsNode.isArray() || streamsNode.isEmpty()) {
                throw fail("'streams' must be a non-empty array");
            }
            List<Stream> streams = new ArrayList<>();
            Set<String> names = new HashSet<>();
            for (int i = 0; i < streamsNode.size(); i++) {
                Stream stream = stream(streamsNode.get(i), i);
                if (!names.add(stream.name())) {
                    throw fail("stream name '" + stream.name() + "' is used twice");
                }
                streams.add(stream);
            }
            String groundTruth = root.has("groundTruth") ? relativePath(text(root, "groundTruth", true),
                    "groundTruth") : null;
            return new BundleManifest(name, text(episode, "robot", false), text(episode, "task", false),
                    text(episode, "operator", false), recordedAt, streams, groundTruth, metadata(episode));
        }

        /** {@code episode.metadata}: an optional object of strings, within the dataset's limits. */
        private Map<String, String> metadata(JsonNode episode) throws ImportFormatException {
            JsonNode node = episode.get("metadata");
            if (node == null || node.isNull()) {
                return Map.of();
            }
            if (!node.isObject()) {
                throw fail("episode.metadata must be an object of strings");
            }
            if (node.size() > MAX_METADATA_KEYS) {
                throw fail("episode.metadata has " + node.size() + " keys; at most " + MAX_METADATA_KEYS);
            }
            Map<String, String> metadata = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> entry : node.properties()) {
                String key = entry.getKey();
                if (key.isBlank() || key.length() > MAX_METADATA_TEXT) {
                    throw fail("episode.metadata: a key must be 1 to " + MAX_METADATA_TEXT + " characters");
                }
                if (!entry.getValue().isString()) {
                    throw fail("episode.metadata." + key + " must be a string");
                }
                if (entry.getValue().stringValue().length() > MAX_METADATA_TEXT) {
                    throw fail("episode.metadata." + key + ": at most " + MAX_METADATA_TEXT + " characters");
                }
                metadata.put(key, entry.getValue().stringValue());
            }
            return metadata;
        }

        private Stream stream(JsonNode node, int index) throws ImportFormatException {
            String label = "streams[" + index + "]";
            if (node == null || !node.isObject()) {
                throw fail(label + " must be an object");
            }
            String name = text(node, "name", true);
            label = "stream '" + name + "'";
            String kindText = text(node, "kind", true);
            Kind kind = null;
            for (Kind k : Kind.values()) {
                if (k.id().equals(kindText)) {
                    kind = k;
                }
            }
            if (kind == null) {
                throw fail(label + ": kind '" + kindText + "' is not one of video, depth, pointcloud, signal, "
                        + "tactile");
            }
            String data = relativePath(text(node, "data", true), label + ".data");
            String timestamps = relativePath(text(node, "timestamps", true), label + ".timestamps");
            List<SignalChannel> channels = List.of();
            List<TactileLayout.Pad> pads = List.of();
            Depth depth = null;
            if (kind == Kind.SIGNAL || kind == Kind.TACTILE) {
                channels = channels(node.get("channels"), label, kind == Kind.SIGNAL);
            }
            if (kind == Kind.TACTILE) {
                pads = pads(node.get("pads"), label);
                int taxels = pads.stream().mapToInt(TactileLayout.Pad::taxels).sum();
                if (channels.isEmpty()) {
                    channels = defaultTaxels(pads);
                } else if (channels.size() != taxels) {
                    throw fail(label + ": " + channels.size() + " channels but the pads have " + taxels + " taxels");
                }
            }
            if (kind == Kind.DEPTH) {
                JsonNode d = node.get("depth");
                if (d == null || !d.isObject()) {
                    throw fail(label + ": a depth stream needs 'depth': {width, height, metersPerUnit, fx, fy, cx, "
                            + "cy}");
                }
                depth = new Depth((int) integer(d, "width", label), (int) integer(d, "height", label),
                        number(d, "metersPerUnit", label, true), number(d, "fx", label, false),
                        number(d, "fy", label, false), number(d, "cx", label, false), number(d, "cy", label, false));
                if (depth.width() <= 0 || depth.height() <= 0 || (long) depth.width() * depth.height() > 1 << 26
                        || !(depth.metersPerUnit() > 0)) {
                    throw fail(label + ": depth size " + depth.width() + "x" + depth.height() + " or scale "
                            + depth.metersPerUnit() + " is not plausible");
                }
            }
            return new Stream(name, kind, data, timestamps, channels, pads, depth);
        }

        private List<SignalChannel> channels(JsonNode node, String label, boolean required)
                throws ImportFormatException {
            if (node == null) {
                if (required) {
                    throw fail(label + ": a signal stream needs 'channels': [{name, unit}, ...]");
                }
                return List.of();
            }
            if (!node.isArray() || node.isEmpty()) {
                throw fail(label + ": 'channels' must be a non-empty array of {name, unit}");
            }
            List<SignalChannel> channels = new ArrayList<>();
            for (int i = 0; i < node.size(); i++) {
                JsonNode c = node.get(i);
                if (c == null || !c.isObject()) {
                    throw fail(label + ": channels[" + i + "] must be an object {name, unit}");
                }
                String unit = text(c, "unit", false);
                try {
                    channels.add(new SignalChannel(text(c, "name", true), unit == null ? "" : unit));
                } catch (IllegalArgumentException e) {
                    throw fail(label + ": channels[" + i + "]: " + e.getMessage());
                }
            }
            return channels;
        }

        private List<TactileLayout.Pad> pads(JsonNode node, String label) throws ImportFormatException {
            if (node == null || !node.isArray() || node.isEmpty()) {
                throw fail(label + ": a tactile stream needs 'pads': [{name, rows, columns}, ...]");
            }
            List<TactileLayout.Pad> pads = new ArrayList<>();
            for (int i = 0; i < node.size(); i++) {
                JsonNode p = node.get(i);
                if (p == null || !p.isObject()) {
                    throw fail(label + ": pads[" + i + "] must be an object {name, rows, columns}");
                }
                long rows = integer(p, "rows", label);
                long columns = integer(p, "columns", label);
                if (rows <= 0 || columns <= 0 || rows * columns > 65_536) {
                    throw fail(label + ": pads[" + i + "] of " + rows + "x" + columns + " taxels is not plausible");
                }
                pads.add(new TactileLayout.Pad(text(p, "name", true), (int) rows, (int) columns));
            }
            return pads;
        }

        private static List<SignalChannel> defaultTaxels(List<TactileLayout.Pad> pads) {
            List<SignalChannel> taxels = new ArrayList<>();
            for (TactileLayout.Pad pad : pads) {
                for (int r = 0; r < pad.rows(); r++) {
                    for (int c = 0; c < pad.columns(); c++) {
                        taxels.add(new SignalChannel(pad.name() + "/r" + r + "c" + c, ""));
                    }
                }
            }
            return taxels;
        }

        /** Bundle files are named relative to the bundle and never leave it: a manifest cannot point elsewhere. */
        private String relativePath(String path, String field) throws ImportFormatException {
            String p = path.replace('\\', '/');
            if (p.isBlank() || p.startsWith("/") || p.contains(":") || List.of(p.split("/")).contains("..")) {
                throw fail(field + " '" + path + "' must be a relative path inside the bundle");
            }
            return p;
        }

        private String text(JsonNode node, String field, boolean required) throws ImportFormatException {
            JsonNode value = node.get(field);
            if (value == null || value.isNull()) {
                if (required) {
                    throw fail("'" + field + "' is required");
                }
                return null;
            }
            if (!value.isString()) {
                throw fail("'" + field + "' must be a string");
            }
            if (required && value.stringValue().isBlank()) {
                throw fail("'" + field + "' must not be empty");
            }
            return value.stringValue();
        }

        private long integer(JsonNode node, String field, String label) throws ImportFormatException {
            JsonNode value = node.get(field);
            if (value == null || !value.isIntegralNumber() || !value.canConvertToLong()) {
                throw fail(label + ": '" + field + "' must be an integer");
            }
            return value.longValue();
        }

        private double number(JsonNode node, String field, String label, boolean required)
                throws ImportFormatException {
            JsonNode value = node.get(field);
            if (value == null || value.isNull()) {
                if (required) {
                    throw fail(label + ": '" + field + "' is required");
                }
                return 0;
            }
            if (!value.isNumber() || !Double.isFinite(value.doubleValue())) {
                throw fail(label + ": '" + field + "' must be a finite number");
            }
            return value.doubleValue();
        }

        private ImportFormatException fail(String problem) {
            return new ImportFormatException(where, problem);
        }
    }
}
