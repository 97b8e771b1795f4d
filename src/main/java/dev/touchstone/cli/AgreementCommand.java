package dev.touchstone.cli;

import dev.touchstone.quality.engine.AlphaBootstrap;
import dev.touchstone.quality.engine.CodedAgreement;
import dev.touchstone.quality.engine.CodedAgreementResult;
import dev.touchstone.quality.engine.Level;
import dev.touchstone.quality.engine.TwoCoderAgreement;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code agreement FILE.json}: reads exported annotations, prints one JSON object with the agreement coefficients
 * on stdout and exits 0, or prints one line starting with {@code agreement:} on stderr and exits 2. Needs no
 * database and no web server.
 * <p>
 * Input, {@code kind} "coded" (below), or "phases", "unitizing", "events", "boxes2d", "cuboids3d" and "text" (parsed by
 * {@link LabelAgreementInput}; contracts in {@code docs/quality/agreement.md}):
 * <pre>
 * {"kind": "coded", "level": "nominal|ordinal|interval|ratio", "categories": [...optional, ordered...],
 *  "distances": [[0, d01, ...], ...]   (optional, nominal with categories: δ² between categories, for alpha)
 *  "coders": ["a", "b", ...], "units": [[v_a, v_b, ...], ...],
 *  "bootstrap": {"samples": 1000, "confidence": 0.95, "seed": 1}   (optional)}
 * </pre>
 * Values are strings or numbers, {@code null} when missing. Output keys: {@code kind, level, coders, units, values,
 * pairableUnits, pairableValues, categories, krippendorffAlpha, percentAgreement}, then {@code fleissKappa} when
 * every unit has the same number of values, {@code twoCoderUnits, cohenKappa, scottsPi, weightedKappaLinear,
 * weightedKappaQuadratic} for exactly two coders, {@code krippendorffAlphaInterval} when a bootstrap was asked for,
 * and {@code notes} when a coefficient is undefined (its value is then {@code null}).
 */
public final class AgreementCommand {

    static final int OK = 0;
    static final int FAILED = 2;

    private static final String KINDS = "coded, phases, unitizing, events, boxes2d, cuboids3d or text";
    private static final Set<String> CODED_FIELDS = Set.of("kind", "level", "categories", "distances", "coders",
            "units", "bootstrap");
    private static final Set<String> BOOTSTRAP_FIELDS = Set.of("samples", "confidence", "seed");
    private static final int MAX_BOOTSTRAP_SAMPLES = 100_000;

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    private AgreementCommand() {
    }

    /** Runs the command; returns the exit code (0 or 2). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            if (args.length != 1 || args[0].isBlank()) {
                throw new InputError("usage: agreement FILE.json");
            }
            Path file = Path.of(args[0]);
            JsonNode root = read(file);
            String json = JSON.writeValueAsString(compute(root));
            out.println(json);
            out.flush();
            return OK;
        } catch (InputError e) {
            err.println("agreement: " + oneLine(e.getMessage()));
        } catch (RuntimeException e) {
            err.println("agreement: failed: " + oneLine(String.valueOf(e.getMessage())));
        }
        err.flush();
        return FAILED;
    }

    private static JsonNode read(Path file) {
        JsonNode root;
        try (InputStream in = Files.newInputStream(file)) {
            root = JSON.readTree(in);
        } catch (NoSuchFileException e) {
            throw new InputError("cannot read " + file + ": no such file");
        } catch (AccessDeniedException e) {
            throw new InputError("cannot read " + file + ": permission denied");
        } catch (IOException e) {
            throw new InputError("cannot read " + file + ": " + e.getMessage());
        } catch (JacksonException e) {
            if (e.getCause() instanceof IOException io) {
                throw new InputError("cannot read " + file + ": " + io.getMessage());
            }
            TokenStreamLocation at = e.getLocation();
            String where = at == null || at.getLineNr() < 1 ? ""
                    : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new InputError(file + " is not valid JSON" + where + ": " + e.getOriginalMessage());
        }
        if (root == null || root.isMissingNode()) {
            throw new InputError(file + " is empty; expected a JSON object");
        }
        if (!root.isObject()) {
            throw new InputError(file + " must hold a JSON object, not " + describe(root));
        }
        return root;
    }

    private static Map<String, Object> compute(JsonNode root) {
        JsonNode kindNode = root.get("kind");
        if (kindNode == null || !kindNode.isString()) {
            throw new InputError("field 'kind' is required and must be a string (" + KINDS + ")");
        }
        String kind = kindNode.stringValue();
        return switch (kind) {
            case "coded" -> coded(root);
            case "phases" -> LabelAgreementInput.phases(root);
            case "unitizing" -> LabelAgreementInput.unitizing(root);
            case "events" -> LabelAgreementInput.events(root);
            case "boxes2d" -> LabelAgreementInput.boxes2d(root);
            case "cuboids3d" -> LabelAgreementInput.cuboids3d(root);
            case "text" -> LabelAgreementInput.text(root);
            default -> throw new InputError("unknown kind '" + kind + "' (expected " + KINDS + ")");
        };
    }

    /** The fields of a coded input, checked in the order the error messages promise. */
    private record CodedInput(Level level, List<String> coders, List<Object> categories, double[][] distances,
                              JsonNode bootstrap, JsonNode units) {

        boolean wantsBootstrap() {
            return bootstrap != null;
        }
    }

    private static Map<String, Object> coded(JsonNode root) {
        CodedInput input = codedInput(root);
        CodedAgreement agreement = codedAgreement(input);
        return codedOutput(input, agreement);
    }

    private static CodedInput codedInput(JsonNode root) {
        for (String field : root.propertyNames()) {
            if (!CODED_FIELDS.contains(field)) {
                throw new InputError("unknown field '" + field + "' (coded input has kind, level, categories, "
                        + "distances, coders, units, bootstrap)");
            }
        }
        JsonNode levelNode = required(root, "level");
        if (!levelNode.isString()) {
            throw new InputError("field 'level' must be a string (nominal, ordinal, interval or ratio), not "
                    + describe(levelNode));
        }
        Level level;
        try {
            level = Level.parse(levelNode.stringValue());
        } catch (IllegalArgumentException e) {
            throw new InputError(e.getMessage());
        }
        List<String> coders = coders(required(root, "coders"));
        List<Object> categories = null;
        JsonNode categoriesNode = root.get("categories");
        if (categoriesNode != null && !categoriesNode.isNull()) {
            if (!categoriesNode.isArray()) {
                throw new InputError("field 'categories' must be an array of strings or numbers, not "
                        + describe(categoriesNode));
            }
            categories = new ArrayList<>();
            for (int i = 0; i < categoriesNode.size(); i++) {
                categories.add(value(categoriesNode.get(i), "categories[" + i + "]"));
            }
        }
        double[][] distances = null;
        JsonNode distancesNode = root.get("distances");
        if (distancesNode != null && !distancesNode.isNull()) {
            distances = matrix(distancesNode);
        }
        JsonNode bootstrap = root.get("bootstrap");
        if (bootstrap != null && !bootstrap.isNull() && !bootstrap.isObject()) {
            throw new InputError("field 'bootstrap' must be an object like {\"samples\": 1000, \"confidence\": 0.95, "
                    + "\"seed\": 1}, not " + describe(bootstrap));
        }
        JsonNode units = required(root, "units");
        if (!units.isArray()) {
            throw new InputError("field 'units' must be an array of units (arrays with one value per coder), not "
                    + describe(units));
        }
        return new CodedInput(level, coders, categories, distances,
                bootstrap != null && bootstrap.isObject() ? bootstrap : null, units);
    }

    /** The engine fed with every unit; a unit of the wrong shape is an input error naming it. */
    private static CodedAgreement codedAgreement(CodedInput input) {
        List<String> coders = input.coders();
        JsonNode units = input.units();
        try {
            CodedAgreement agreement = input.distances() == null
                    ? CodedAgreement.of(input.level(), coders.size(), input.categories())
                    : CodedAgreement.of(input.level(), coders.size(), input.categories(), input.distances());
            if (input.wantsBootstrap()) {
                agreement.retainingUnits();
            }
            List<Object> unit = new ArrayList<>(coders.size());
            for (int u = 0; u < units.size(); u++) {
                JsonNode unitNode = units.get(u);
                if (!unitNode.isArray()) {
                    throw new InputError("units[" + u + "] must be an array with one value per coder, not "
                            + describe(unitNode));
                }
                if (unitNode.size() != coders.size()) {
                    throw new InputError("units[" + u + "] has " + unitNode.size() + " values, expected one per coder ("
                            + coders.size() + ")");
                }
                unit.clear();
                for (int c = 0; c < unitNode.size(); c++) {
                    unit.add(value(unitNode.get(c), "units[" + u + "][" + c + "]"));
                }
                agreement.addUnit(unit);
            }
            return agreement;
        } catch (IllegalArgumentException e) {
            throw new InputError(e.getMessage());
        }
    }

    private static Map<String, Object> codedOutput(CodedInput input, CodedAgreement agreement) {
        CodedAgreementResult result = agreement.result();
        Map<String, Object> out = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        out.put("kind", "coded");
        out.put("level", input.level().jsonName());
        out.put("coders", result.coders());
        out.put("units", result.units());
        out.put("values", result.values());
        out.put("pairableUnits", result.pairableUnits());
        out.put("pairableValues", result.pairableValues());
        out.put("categories", result.categories().stream().map(AgreementCommand::label).toList());
        if (input.distances() != null) {
            out.put("distances", input.distances());
        }
        out.put("krippendorffAlpha", number(result.krippendorffAlpha(), "krippendorffAlpha", notes));
        out.put("percentAgreement", number(result.percentAgreement(), "percentAgreement", notes));
        result.fleissKappa().ifPresent(kappa -> out.put("fleissKappa", number(kappa, "fleissKappa", notes)));
        if (result.twoCoders().isPresent()) {
            TwoCoderAgreement two = result.twoCoders().get();
            out.put("twoCoderUnits", two.units());
            out.put("cohenKappa", number(two.cohenKappa(), "cohenKappa", notes));
            out.put("scottsPi", number(two.scottsPi(), "scottsPi", notes));
            out.put("weightedKappaLinear", number(two.weightedKappaLinear(), "weightedKappaLinear", notes));
            out.put("weightedKappaQuadratic", number(two.weightedKappaQuadratic(), "weightedKappaQuadratic", notes));
        }
        if (input.wantsBootstrap()) {
            out.put("krippendorffAlphaInterval", bootstrap(agreement, input.bootstrap()));
        }
        if (!notes.isEmpty()) {
            out.put("notes", notes);
        }
        return out;
    }

    private static Map<String, Object> bootstrap(CodedAgreement agreement, JsonNode spec) {
        for (String field : spec.propertyNames()) {
            if (!BOOTSTRAP_FIELDS.contains(field)) {
                throw new InputError("unknown field 'bootstrap." + field + "' (bootstrap has samples, confidence, "
                        + "seed)");
            }
        }
        JsonNode samplesNode = spec.get("samples");
        int samples = 1000;
        if (samplesNode != null) {
            if (!samplesNode.isIntegralNumber() || !samplesNode.canConvertToInt() || samplesNode.intValue() < 1
                    || samplesNode.intValue() > MAX_BOOTSTRAP_SAMPLES) {
                throw new InputError("bootstrap.samples must be a whole number from 1 to " + MAX_BOOTSTRAP_SAMPLES);
            }
            samples = samplesNode.intValue();
        }
        JsonNode confidenceNode = spec.get("confidence");
        double confidence = 0.95;
        if (confidenceNode != null) {
            if (!confidenceNode.isNumber() || !(confidenceNode.doubleValue() > 0 && confidenceNode.doubleValue() < 1)) {
                throw new InputError("bootstrap.confidence must be a number between 0 and 1, e.g. 0.95");
            }
            confidence = confidenceNode.doubleValue();
        }
        JsonNode seedNode = spec.get("seed");
        long seed = 1;
        if (seedNode != null) {
            if (!seedNode.isIntegralNumber() || !seedNode.canConvertToLong()) {
                throw new InputError("bootstrap.seed must be a whole number");
            }
            seed = seedNode.longValue();
        }
        AlphaBootstrap.Interval interval = agreement.bootstrapAlpha(samples, confidence, seed);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("lower", Double.isNaN(interval.lower()) ? null : interval.lower());
        out.put("upper", Double.isNaN(interval.upper()) ? null : interval.upper());
        out.put("confidence", interval.confidence());
        out.put("samples", interval.samples());
        out.put("undefinedSamples", interval.undefined());
        out.put("seed", interval.seed());
        out.put("method", "percentile bootstrap over units");
        return out;
    }

    /** The {@code distances} field: an array of rows of numbers; shape and values are checked by the engine. */
    private static double[][] matrix(JsonNode node) {
        if (!node.isArray()) {
            throw new InputError("field 'distances' must be a square matrix (an array of rows of numbers), not "
                    + describe(node));
        }
        double[][] out = new double[node.size()][];
        for (int i = 0; i < node.size(); i++) {
            JsonNode row = node.get(i);
            if (!row.isArray()) {
                throw new InputError("distances[" + i + "] must be a row (an array of numbers), not " + describe(row));
            }
            out[i] = new double[row.size()];
            for (int j = 0; j < row.size(); j++) {
                JsonNode cell = row.get(j);
                if (!cell.isNumber()) {
                    throw new InputError("distances[" + i + "][" + j + "] must be a number, not " + describe(cell));
                }
                out[i][j] = cell.decimalValue().doubleValue();
            }
        }
        return out;
    }

    private static List<String> coders(JsonNode node) {
        if (!node.isArray()) {
            throw new InputError("field 'coders' must be an array of coder names, not " + describe(node));
        }
        if (node.size() < 2) {
            throw new InputError("field 'coders' needs at least two coders, got " + node.size());
        }
        List<String> names = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode name = node.get(i);
            if (!name.isString()) {
                throw new InputError("coders[" + i + "] must be a string, not " + describe(name));
            }
            if (!seen.add(name.stringValue())) {
                throw new InputError("coders[" + i + "] repeats coder '" + name.stringValue() + "'");
            }
            names.add(name.stringValue());
        }
        return names;
    }

    static JsonNode required(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            throw new InputError("field '" + field + "' is required");
        }
        return node;
    }

    private static Object value(JsonNode node, String where) {
        if (node.isNull()) {
            return null;
        }
        if (node.isString()) {
            return node.stringValue();
        }
        if (node.isNumber()) {
            return node.decimalValue();
        }
        throw new InputError(where + " must be a string, a number or null, not " + describe(node));
    }

    private static Object number(double value, String name, List<String> notes) {
        if (Double.isNaN(value)) {
            notes.add(name + " is undefined: " + (name.equals("percentAgreement")
                    ? "no unit has two values to compare"
                    : "no unit has two values to compare, or all compared values are in one category"));
            return null;
        }
        return value;
    }

    private static Object label(Object category) {
        if (category instanceof BigDecimal number) {
            try {
                return number.longValueExact();
            } catch (ArithmeticException notWhole) {
                return number;
            }
        }
        return category;
    }

    static String describe(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT, POJO -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean (" + node.asString() + ")";
            case NULL -> "null";
            default -> "nothing";
        };
    }

    private static String oneLine(String message) {
        return message.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }

    /** A problem with the command line or the input file, reported as is. */
    static final class InputError extends RuntimeException {
        InputError(String message) {
            super(message);
        }
    }
}
