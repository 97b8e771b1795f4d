package dev.touchstone.labeling;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A label schema (ontology): everything an annotator may mark on an episode. Values are as they were written;
 * {@link #problems()} lists every rule the schema breaks, so an import or an editor can show all of them at once.
 *
 * @param name        shown to project managers and in releases
 * @param description optional, may be empty
 * @param definitions in the order the workspace shows them
 */
public record LabelSchema(String name, String description, List<Definition> definitions) {

    public static final int MAX_DEFINITIONS = 100;
    public static final int MAX_CLASSES = 200;
    public static final int MAX_NAME = 200;
    public static final int MAX_HELP = 4000;
    public static final int MAX_TEXT_LENGTH = 20_000;
    private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9_-]{0,62}");
    private static final Pattern COLOR = Pattern.compile("#[0-9a-fA-F]{6}");
    /** One printable key, optionally with Shift (a capital letter already implies it). */
    private static final Pattern SHORTCUT = Pattern.compile("(Shift\\+)?[\\p{Alnum}\\p{Punct}]");
    /**
     * Keys the player and the workspace keep for themselves (docs/player.md): a class bound to one of them could
     * never be chosen. Compared case-insensitively for letters.
     */
    static final Set<String> RESERVED_SHORTCUTS = Set.of(" ", "[", "]", "l", "+", "=", "-", "_", "?");

    /**
     * The failure-mode taxonomy a new gap definition starts with (docs/labeling/schema.md, "Gaps"): why a real
     * episode departs from its simulated twin. A schema may declare its own classes instead.
     */
    public static final List<LabelClass> DEFAULT_GAP_MODES = List.of(
            new LabelClass("friction", "Friction", "#8c564b", null),
            new LabelClass("deformation", "Deformation", "#e377c2", null),
            new LabelClass("contact_timing", "Contact timing", "#ff7f0e", null),
            new LabelClass("perception", "Perception", "#1f77b4", null),
            new LabelClass("latency", "Latency", "#9467bd", null),
            new LabelClass("calibration", "Calibration", "#2ca02c", null),
            new LabelClass("other", "Other", "#7f7f7f", null));

    /** A gap definition with the default failure-mode taxonomy, optional, without shortcuts. */
    public static Definition gapDefinition(String key, String name, String help) {
        return new Definition(key, name, LabelType.GAP, null, null, false, null, help, null, DEFAULT_GAP_MODES,
                false, null, null, null, null, null);
    }

    public LabelSchema {
        description = description == null ? "" : description;
        definitions = definitions == null ? List.of() : List.copyOf(definitions);
    }

    /**
     * One label definition.
     *
     * @param key         stable identifier, stored with every label ({@code [a-z][a-z0-9_-]*})
     * @param scope       for category, rating, verdict, text and number: {@code episode} (one value for the whole
     *                    episode) or {@code segment} (one value per segment of the phase definition {@code
     *                    segmentOf}); empty for the other types
     * @param shortcut    key that selects this definition in the workspace (optional)
     * @param help        guidance shown next to the label (optional)
     * @param helpMedia   an http(s) URL of an example image or clip (optional)
     * @param classes     phase, event, category, box2d, cuboid3d: the classes; gap: the failure modes (its taxonomy);
     *                    verdict: the reject reasons
     * @param multiple    category: several classes may be chosen
     * @param min         rating: lowest score; number: optional lower bound
     * @param max         rating: highest score; number: optional upper bound
     * @param unit        number: optional unit
     * @param maxLength   text: longest accepted text in characters
     * @param toleranceMs event: how far apart two annotators' events may be and still match (agreement), default 100
     * @param agreementDistances single-choice category: how far apart two classes are for Krippendorff's alpha, as
     *                    δ² keyed by class pairs ({@code {"success": {"fail": 1, "slip": 0.25}}}), each unordered pair
     *                    at most once; pairs not listed differ by 1, as in the nominal metric (optional)
     */
    public record Definition(String key, String name, LabelType type, String scope, String segmentOf,
                             boolean required, String shortcut, String help, String helpMedia,
                             List<LabelClass> classes, boolean multiple, Double min, Double max, String unit,
                             Integer maxLength, Integer toleranceMs,
                             Map<String, Map<String, Double>> agreementDistances) {

        public Definition {
            scope = blankToNull(scope);
            segmentOf = blankToNull(segmentOf);
            shortcut = blankToNull(shortcut);
            help = help == null ? "" : help;
            helpMedia = blankToNull(helpMedia);
            unit = blankToNull(unit);
            classes = classes == null ? List.of() : List.copyOf(classes);
            // Copies that keep the written order (for export) and tolerate nulls (problems() reports them).
            Map<String, Map<String, Double>> distances = new LinkedHashMap<>();
            if (agreementDistances != null) {
                agreementDistances.forEach((a, row) -> distances.put(a, row == null ? null
                        : Collections.unmodifiableMap(new LinkedHashMap<>(row))));
            }
            agreementDistances = Collections.unmodifiableMap(distances);
        }

        /** A definition without agreement distances (the form before they existed). */
        public Definition(String key, String name, LabelType type, String scope, String segmentOf, boolean required,
                          String shortcut, String help, String helpMedia, List<LabelClass> classes, boolean multiple,
                          Double min, Double max, String unit, Integer maxLength, Integer toleranceMs) {
            this(key, name, type, scope, segmentOf, required, shortcut, help, helpMedia, classes, multiple, min, max,
                    unit, maxLength, toleranceMs, null);
        }

        /**
         * The δ² matrix for Krippendorff's alpha in class order (pairs not listed 1, the diagonal 0), or empty when
         * the definition declares no agreement distances. Call on a schema without {@link LabelSchema#problems()}.
         */
        public Optional<double[][]> agreementDistanceMatrix() {
            if (agreementDistances.isEmpty()) {
                return Optional.empty();
            }
            int k = classes.size();
            Map<String, Integer> index = new HashMap<>();
            for (int i = 0; i < k; i++) {
                index.put(classes.get(i).key(), i);
            }
            double[][] matrix = new double[k][k];
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) {
                    matrix[i][j] = i == j ? 0 : 1;
                }
            }
            agreementDistances.forEach((a, row) -> row.forEach((b, d) -> {
                matrix[index.get(a)][index.get(b)] = d;
                matrix[index.get(b)][index.get(a)] = d;
            }));
            return Optional.of(matrix);
        }

        public Optional<LabelClass> labelClass(String classKey) {
            // a loop, not a stream: the rules look up every label's class on every autosave
            for (LabelClass c : classes) {
                if (c.key().equals(classKey)) {
                    return Optional.of(c);
                }
            }
            return Optional.empty();
        }
    }

    /** A class (or, for a verdict, a reject reason) with its colour and shortcut. */
    public record LabelClass(String key, String name, String color, String shortcut) {
        public LabelClass {
            color = blankToNull(color);
            shortcut = blankToNull(shortcut);
        }
    }

    public Optional<Definition> definition(String key) {
        for (Definition d : definitions) {
            if (d.key().equals(key)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    /** Every rule this schema breaks, each naming where (e.g. {@code definitions[2].classes[0].color}); empty when valid. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        requireName(problems, "name", name);
        if (description.length() > MAX_HELP) {
            problems.add("description: at most " + MAX_HELP + " characters");
        }
        if (definitions.isEmpty()) {
            problems.add("definitions: a schema needs at least one definition");
        }
        if (definitions.size() > MAX_DEFINITIONS) {
            problems.add("definitions: at most " + MAX_DEFINITIONS + ", not " + definitions.size());
        }
        Map<String, String> shortcuts = new HashMap<>();
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < definitions.size(); i++) {
            String at = "definitions[" + i + "]";
            Definition d = definitions.get(i);
            if (d == null) {
                problems.add(at + ": missing");
                continue;
            }
            requireKey(problems, at + ".key", d.key());
            if (d.key() != null && !keys.add(d.key())) {
                problems.add(at + ".key: '" + d.key() + "' is used by another definition");
            }
            requireName(problems, at + ".name", d.name());
            if (d.type() == null) {
                problems.add(at + ".type: required (phase, gap, event, category, rating, verdict, text, number, "
                        + "box2d or cuboid3d)");
                continue;
            }
            shortcut(problems, shortcuts, at + ".shortcut", d.shortcut());
            if (d.help().length() > MAX_HELP) {
                problems.add(at + ".help: at most " + MAX_HELP + " characters");
            }
            if (d.helpMedia() != null && !(d.helpMedia().matches("https?://\\S{1,2000}"))) {
                problems.add(at + ".helpMedia: must be an http or https URL");
            }
            typeRules(problems, shortcuts, at, d);
        }
        return problems;
    }

    private void typeRules(List<String> problems, Map<String, String> shortcuts, String at, Definition d) {
        LabelType type = d.type();
        String typeName = type.jsonName();
        if (type.place() == LabelType.Place.EPISODE_OR_SEGMENT) {
            if (!"episode".equals(d.scope()) && !"segment".equals(d.scope())) {
                problems.add(at + ".scope: a " + typeName + " applies to the 'episode' or to a 'segment'");
            } else if ("segment".equals(d.scope())) {
                boolean phase = d.segmentOf() != null && definition(d.segmentOf())
                        .filter(p -> p.type() == LabelType.PHASE).isPresent();
                if (!phase) {
                    problems.add(at + ".segmentOf: a segment-level " + typeName + " names the phase definition "
                            + "whose segments it describes");
                }
            } else if (d.segmentOf() != null) {
                problems.add(at + ".segmentOf: only for scope 'segment'");
            }
        } else if (d.scope() != null || d.segmentOf() != null) {
            problems.add(at + ".scope: a " + typeName + " has no scope (it lives on the "
                    + (type.place() == LabelType.Place.TIMELINE ? "timeline" : "camera or cloud frames") + ")");
        }
        boolean takesClasses = type.hasClasses() || type == LabelType.VERDICT;
        if (type == LabelType.GAP && d.classes().isEmpty()) {
            problems.add(at + ".classes: a gap needs its failure modes as classes (e.g. friction, deformation, "
                    + "contact_timing, perception, latency, calibration, other)");
        } else if (type.hasClasses() && d.classes().isEmpty()) {
            problems.add(at + ".classes: a " + typeName + " needs at least one class");
        }
        if (!takesClasses && !d.classes().isEmpty()) {
            problems.add(at + ".classes: a " + typeName + " has no classes");
        }
        if (d.classes().size() > MAX_CLASSES) {
            problems.add(at + ".classes: at most " + MAX_CLASSES);
        }
        Set<String> classKeys = new HashSet<>();
        for (int c = 0; c < d.classes().size(); c++) {
            String cat = at + ".classes[" + c + "]";
            LabelClass labelClass = d.classes().get(c);
            if (labelClass == null) {
                problems.add(cat + ": missing");
                continue;
            }
            requireKey(problems, cat + ".key", labelClass.key());
            if (labelClass.key() != null && !classKeys.add(labelClass.key())) {
                problems.add(cat + ".key: '" + labelClass.key() + "' appears twice in " + d.key());
            }
            requireName(problems, cat + ".name", labelClass.name());
            if (labelClass.color() != null && !COLOR.matcher(labelClass.color()).matches()) {
                problems.add(cat + ".color: '" + labelClass.color() + "' is not a colour like #1f77b4");
            }
            shortcut(problems, shortcuts, cat + ".shortcut", labelClass.shortcut());
        }
        if (d.multiple() && type != LabelType.CATEGORY) {
            problems.add(at + ".multiple: only a category can take several classes");
        }
        boolean bounded = type == LabelType.RATING || type == LabelType.NUMBER;
        if (!bounded && (d.min() != null || d.max() != null)) {
            problems.add(at + ".min/max: only for a rating or a number");
        }
        if (type == LabelType.RATING) {
            if (d.min() == null || d.max() == null || d.min() % 1 != 0 || d.max() % 1 != 0 || d.min() >= d.max()
                    || d.max() - d.min() > 100) {
                problems.add(at + ".min/max: a rating needs integer bounds min < max, at most 100 apart (e.g. 1 and 5)");
            }
        }
        if (type == LabelType.NUMBER && d.min() != null && d.max() != null && !(d.min() < d.max())) {
            problems.add(at + ".min/max: min must be below max");
        }
        if (bounded && ((d.min() != null && !Double.isFinite(d.min())) || (d.max() != null && !Double.isFinite(d.max())))) {
            problems.add(at + ".min/max: must be finite numbers");
        }
        if (d.unit() != null && (type != LabelType.NUMBER || d.unit().length() > 32)) {
            problems.add(at + ".unit: only for a number, at most 32 characters");
        }
        if (type == LabelType.TEXT) {
            if (d.maxLength() == null || d.maxLength() < 1 || d.maxLength() > MAX_TEXT_LENGTH) {
                problems.add(at + ".maxLength: a text needs a maximum length of 1-" + MAX_TEXT_LENGTH + " characters");
            }
        } else if (d.maxLength() != null) {
            problems.add(at + ".maxLength: only for a text");
        }
        if (type == LabelType.EVENT) {
            if (d.toleranceMs() != null && (d.toleranceMs() < 1 || d.toleranceMs() > 10_000)) {
                problems.add(at + ".toleranceMs: 1-10000 ms");
            }
        } else if (d.toleranceMs() != null) {
            problems.add(at + ".toleranceMs: only for an event");
        }
        agreementDistances(problems, at, d, classKeys);
    }

    private static void agreementDistances(List<String> problems, String at, Definition d, Set<String> classKeys) {
        if (d.agreementDistances().isEmpty()) {
            return;
        }
        if (d.type() != LabelType.CATEGORY || d.multiple()) {
            problems.add(at + ".agreementDistances: only for a single-choice category");
            return;
        }
        Set<String> pairs = new HashSet<>();
        d.agreementDistances().forEach((a, row) -> {
            String ra = at + ".agreementDistances." + a;
            if (!classKeys.contains(a)) {
                problems.add(ra + ": '" + a + "' is not a class of " + d.key());
            }
            if (row == null) {
                problems.add(ra + ": must map classes to distances, like {\"fail\": 1}");
                return;
            }
            row.forEach((b, distance) -> {
                String rb = ra + "." + b;
                if (!classKeys.contains(b)) {
                    problems.add(rb + ": '" + b + "' is not a class of " + d.key());
                } else if (a.equals(b)) {
                    problems.add(rb + ": a class does not differ from itself (its distance is always 0)");
                } else if (!pairs.add(a.compareTo(b) < 0 ? a + "\u0000" + b : b + "\u0000" + a)) {
                    problems.add(rb + ": the pair " + a + "/" + b + " is given twice");
                }
                if (distance == null || !Double.isFinite(distance) || distance < 0) {
                    problems.add(rb + ": must be a finite number ≥ 0 (δ², 1 = as different as nominal)");
                }
            });
        });
    }

    private static void requireKey(List<String> problems, String at, String key) {
        if (key == null || !KEY.matcher(key).matches()) {
            problems.add(at + ": '" + Objects.toString(key, "") + "' is not a key (lower-case letter, then letters, "
                    + "digits, _ or -, at most 63)");
        }
    }

    private static void requireName(List<String> problems, String at, String name) {
        if (name == null || name.isBlank() || name.length() > MAX_NAME) {
            problems.add(at + ": required, 1-" + MAX_NAME + " characters");
        }
    }

    private static void shortcut(List<String> problems, Map<String, String> taken, String at, String shortcut) {
        if (shortcut == null) {
            return;
        }
        if (!SHORTCUT.matcher(shortcut).matches()) {
            problems.add(at + ": '" + shortcut + "' is not a shortcut (one key, optionally Shift+key)");
            return;
        }
        String normalized = normalizeShortcut(shortcut);
        if (RESERVED_SHORTCUTS.contains(normalized.toLowerCase(Locale.ROOT))) {
            problems.add(at + ": '" + shortcut + "' is reserved by the player");
            return;
        }
        String previous = taken.putIfAbsent(normalized, at);
        if (previous != null) {
            problems.add(at + ": '" + shortcut + "' is already the shortcut of " + previous);
        }
    }

    /** {@code Shift+a} and {@code A} are the same keystroke. */
    static String normalizeShortcut(String shortcut) {
        if (shortcut.startsWith("Shift+")) {
            String key = shortcut.substring("Shift+".length());
            return Character.isLetter(key.charAt(0)) ? key.toUpperCase(Locale.ROOT) : shortcut;
        }
        return shortcut;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
