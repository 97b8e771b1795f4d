package dev.touchstone.release;

import dev.touchstone.labeling.LabelSchema;
import dev.touchstone.labeling.LabelType;
import dev.touchstone.quality.DefinitionAgreement;
import dev.touchstone.quality.Intervals;
import dev.touchstone.quality.engine.AlphaBootstrap;
import dev.touchstone.quality.engine.CodedAgreement;
import dev.touchstone.quality.engine.CodedAgreementResult;
import dev.touchstone.quality.engine.Level;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.IntStream;

/**
 * The quality report, built from a release's items one at a time. Per definition it keeps sums for the mean task
 * agreement; for coded definitions a {@link CodedAgreement} that retains the distinct units with their counts (few for
 * classes, about one per task for numbers) for the alpha bootstrap; per annotator a task count. Nothing else of an
 * item is kept.
 */
final class ReportAccumulator {

    static final int BOOTSTRAP_SAMPLES = 1000;
    private static final String OLD_NOT_LABELLED = "nobody labelled it: all agree on nothing";

    private final Map<String, Definition> definitions = new LinkedHashMap<>();
    private final Map<UUID, String> annotatorNames = new LinkedHashMap<>();
    private final Map<UUID, Integer> annotatorTasks = new LinkedHashMap<>();
    private final Map<Integer, Integer> annotatorsPerTask = new TreeMap<>();
    private int tasks;
    private int goldTasks;

    private static final class Definition {
        final LabelSchema.Definition schema;
        final CodedAgreement coded;
        final Level level;
        String measure;
        int n;
        double sum;
        double sumSquares;

        Definition(LabelSchema.Definition schema, CodedAgreement coded, Level level) {
            this.schema = schema;
            this.coded = coded;
            this.level = level;
        }
    }

    /** @param coders the most annotators' versions any task of the release has */
    ReportAccumulator(List<LabelSchema.Definition> included, int coders) {
        for (LabelSchema.Definition d : included) {
            Level level = level(d);
            // A category whose schema declares agreement distances (classes in schema order) is scored with them.
            java.util.Optional<double[][]> distances = d.type() == LabelType.CATEGORY && level == Level.NOMINAL
                    ? d.agreementDistanceMatrix() : java.util.Optional.empty();
            CodedAgreement coded = level == null || coders < 2 ? null
                    : (distances.isPresent() ? CodedAgreement.of(level, coders, categories(d), distances.get())
                    : CodedAgreement.of(level, coders, categories(d))).retainingDistinctUnits();
            definitions.put(d.key(), new Definition(d, coded, level));
        }
    }

    /** Coded definitions (one value per annotator and episode) and their level of measurement; null otherwise. */
    private static Level level(LabelSchema.Definition d) {
        return switch (d.type()) {
            case CATEGORY -> d.multiple() ? null : Level.NOMINAL;
            case VERDICT -> Level.NOMINAL;
            case RATING -> Level.ORDINAL;
            case NUMBER -> Level.INTERVAL;
            default -> null;
        };
    }

    private static List<?> categories(LabelSchema.Definition d) {
        return switch (d.type()) {
            case CATEGORY -> d.classes().stream().map(LabelSchema.LabelClass::key).toList();
            case VERDICT -> List.of("accept", "reject");
            case RATING -> d.min() != null && d.max() != null && d.max() - d.min() <= 100
                    ? IntStream.rangeClosed((int) Math.ceil(d.min()), (int) Math.floor(d.max())).boxed().toList()
                    : null;
            default -> null;
        };
    }

    void add(boolean gold, JsonNode agreement, JsonNode annotators) {
        tasks++;
        if (gold) {
            goldTasks++;
        }
        annotatorsPerTask.merge(annotators.size(), 1, Integer::sum);
        for (JsonNode version : annotators) {
            UUID id = UUID.fromString(version.path("annotatorId").asString());
            annotatorNames.putIfAbsent(id, version.path("annotatorName").asString());
            annotatorTasks.merge(id, 1, Integer::sum);
        }
        for (Definition d : definitions.values()) {
            JsonNode a = agreement.path(d.schema.key());
            // null agreement: nobody labelled the definition on this task; rows stored before that existed say so
            // in their measure, with agreement 1
            boolean labelled = a.path("agreement").isNumber()
                    && !OLD_NOT_LABELLED.equals(a.path("measure").asString(""));
            if (a.isObject() && labelled) {
                double value = a.path("agreement").asDouble();
                d.n++;
                d.sum += value;
                d.sumSquares += value * value;
                if (d.measure == null && a.path("measure").isString()) {
                    d.measure = a.path("measure").asString();
                }
            }
            if (d.coded != null) {
                Object[] unit = new Object[d.coded.accumulator().coders()];
                int i = 0;
                for (JsonNode version : annotators) {
                    unit[i++] = value(d.schema, version.path("labels"));
                }
                try {
                    d.coded.addUnit(Arrays.asList(unit));
                } catch (IllegalArgumentException e) {
                    // A value the schema does not declare (cannot happen for checked labels): leave the task out.
                }
            }
        }
    }

    /** The annotator's episode-level value of a coded definition, or null. */
    /**
     * The annotators' versions as {@link #add} reads them: id, name, and each label's scalar fields and classes.
     * Read with the streaming parser, skipping keyframes and other nested structures, because building the whole tree
     * of every version (box tracks are most of its bytes) was the slowest step of writing a release.
     */
    static JsonNode versions(JsonMapper json, String text) {
        ArrayNode out = json.createArrayNode();
        try (JsonParser p = json.createParser(text)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                return out;
            }
            while (p.nextToken() == JsonToken.START_OBJECT) {
                ObjectNode version = out.addObject();
                while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                    String name = p.currentName();
                    JsonToken token = p.nextToken();
                    if (name.equals("labels") && token == JsonToken.START_ARRAY) {
                        ArrayNode labels = version.putArray("labels");
                        while (p.nextToken() == JsonToken.START_OBJECT) {
                            ObjectNode label = labels.addObject();
                            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                                String field = p.currentName();
                                JsonToken value = p.nextToken();
                                if (value.isScalarValue()) {
                                    label.set(field, scalar(json, p, value));
                                } else if (field.equals("classes") && value == JsonToken.START_ARRAY) {
                                    ArrayNode classes = label.putArray(field);
                                    while (p.nextToken() != JsonToken.END_ARRAY) {
                                        classes.add(scalar(json, p, p.currentToken()));
                                    }
                                } else {
                                    p.skipChildren();
                                }
                            }
                        }
                    } else if (token.isScalarValue()) {
                        version.set(name, scalar(json, p, token));
                    } else {
                        p.skipChildren();
                    }
                }
            }
        }
        return out;
    }

    private static JsonNode scalar(JsonMapper json, JsonParser p, JsonToken token) {
        return switch (token) {
            case VALUE_STRING -> json.getNodeFactory().stringNode(p.getValueAsString());
            case VALUE_NUMBER_INT -> json.getNodeFactory().numberNode(p.getLongValue());
            case VALUE_NUMBER_FLOAT -> json.getNodeFactory().numberNode(p.getDoubleValue());
            case VALUE_TRUE -> json.getNodeFactory().booleanNode(true);
            case VALUE_FALSE -> json.getNodeFactory().booleanNode(false);
            default -> json.getNodeFactory().nullNode();
        };
    }

    private static Object value(LabelSchema.Definition d, JsonNode labels) {
        for (JsonNode label : labels) {
            if (!d.key().equals(label.path("definition").asString()) || !label.path("segment").isNull()
                    && !label.path("segment").isMissingNode()) {
                continue;
            }
            return switch (d.type()) {
                case CATEGORY -> label.path("classes").size() == 1 ? label.path("classes").get(0).asString() : null;
                case VERDICT -> label.path("accept").isBoolean()
                        ? (label.path("accept").asBoolean() ? "accept" : "reject") : null;
                case RATING, NUMBER -> label.path("number").isNumber() ? label.path("number").asDouble() : null;
                default -> null;
            };
        }
        return null;
    }

    int tasks() {
        return tasks;
    }

    ReleaseReport report(ReleaseRepository.BuildRow release, String schemaName, int filteredOut,
                         Map<UUID, ReleaseRepository.Gold> gold, long seed) {
        List<ReleaseReport.DefinitionQuality> qualities = new ArrayList<>();
        for (Definition d : definitions.values()) {
            Double mean = d.n == 0 ? null : d.sum / d.n;
            Intervals.Interval meanInterval = mean == null ? null : Intervals.meanAgreement(mean, d.n);
            Double alpha = null;
            Double lower = null;
            Double upper = null;
            Long units = null;
            if (d.coded != null) {
                CodedAgreementResult result = d.coded.result();
                units = result.pairableUnits();
                if (result.pairableUnits() >= 1 && !Double.isNaN(result.krippendorffAlpha())) {
                    alpha = result.krippendorffAlpha();
                    if (result.pairableUnits() >= Intervals.MIN_TASKS) {
                        AlphaBootstrap.Interval ci = d.coded.bootstrapAlpha(BOOTSTRAP_SAMPLES, 0.95, seed, alpha);
                        Intervals.Interval shown = Intervals.alpha(alpha, result.pairableUnits(), ci.lower(),
                                ci.upper());
                        lower = shown == null ? null : shown.lower();
                        upper = shown == null ? null : shown.upper();
                    }
                }
            }
            qualities.add(new ReleaseReport.DefinitionQuality(d.schema.key(), d.schema.name(), d.schema.type().jsonName(),
                    d.n == 0 ? DefinitionAgreement.NOT_LABELLED : d.measure, d.n, mean,
                    meanInterval == null ? null : meanInterval.lower(),
                    meanInterval == null ? null : meanInterval.upper(),
                    alpha, d.level == null ? null : d.level.jsonName(), lower, upper, units));
        }
        List<ReleaseReport.AnnotatorQuality> annotators = new ArrayList<>();
        annotatorTasks.forEach((id, count) -> {
            ReleaseRepository.Gold g = gold.get(id);
            annotators.add(new ReleaseReport.AnnotatorQuality(id, annotatorNames.get(id), count,
                    g == null ? 0 : g.scored(), g == null ? null : g.accuracy()));
        });
        annotators.sort(java.util.Comparator.comparing(ReleaseReport.AnnotatorQuality::tasks).reversed()
                .thenComparing(ReleaseReport.AnnotatorQuality::name));
        return new ReleaseReport(release.id(), release.version(), release.projectId(), release.projectName(),
                new ReleaseReport.Schema(release.schemaVersionId(), schemaName, release.schemaVersion()), tasks,
                filteredOut, goldTasks, qualities, annotatorsPerTask, annotators, java.time.Instant.now());
    }
}
