package dev.touchstone.workflow.api;

import dev.touchstone.labeling.LabelType;
import dev.touchstone.workflow.ConsensusRule;
import dev.touchstone.workflow.Project;
import dev.touchstone.workflow.ProjectSettings;
import dev.touchstone.workflow.ProposalGate;
import dev.touchstone.workflow.ReviewPolicy;
import io.swagger.v3.oas.annotations.media.Schema;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A project's settings as the API shows and takes them: the numbers of the project settings form (overlap, gold
 * rate, lease, priority, deadline) and its quality settings ({@link ProjectSettings}), checked by the same service
 * and record as the form. A PATCH is a JSON merge patch (RFC 7396): fields left out keep their value, {@code null}
 * clears an optional one (deadline, phase boundary error limit, proposal gate; a rule or threshold of one label type
 * back to its default).
 */
final class SettingsJson {

    /** What a project made over the API without settings gets: the new project dialog's defaults. */
    static final int DEFAULT_OVERLAP = 3;
    static final double DEFAULT_GOLD_RATE = 0.1;
    static final int DEFAULT_LEASE_SECONDS = 1800;

    private static final Set<String> FIELDS = Arrays.stream(Settings.class.getRecordComponents())
            .map(java.lang.reflect.RecordComponent::getName).collect(Collectors.toUnmodifiableSet());
    private static final Set<String> MAPS = Set.of("consensusRules", "agreementThresholds");

    private SettingsJson() {
    }

    @Schema(name = "ProjectSettings", description = "A project's settings. In a PATCH every field is optional "
            + "(merge patch: left out keeps, null clears an optional value or resets one label type's rule or "
            + "threshold)")
    record Settings(
            @Schema(description = "Annotators per task (1-50); it can grow, never shrink", example = "2")
            Integer overlap,
            @Schema(description = "Share of claims that should be gold tasks, 0-1", example = "0.1")
            Double goldRate,
            @Schema(description = "Idle seconds after which an assignment expires, 1-86400", example = "1800")
            Integer leaseSeconds,
            @Schema(description = "Higher first in annotators' queues", example = "0")
            Integer priority,
            @Schema(description = "Optional deadline (an instant); null: none")
            Instant deadline,
            @Schema(description = "Which complete tasks a QA lead reviews", allowableValues = {"all", "sample",
                    "disagreement"})
            String reviewPolicy,
            @Schema(description = "For the sample policy: the share (0-1) of agreeing tasks also reviewed")
            Double reviewSample,
            @Schema(description = "Per label type: `auto` merges submissions by the type's rule, `reviewer` leaves "
                    + "any difference to a QA lead")
            Map<String, String> consensusRules,
            @Schema(description = "Per label type: the lowest task agreement (0-1) accepted without review; for "
                    + "phase an alpha (uα, -1..1)")
            Map<String, Double> agreementThresholds,
            @Schema(description = "Annotators whose mean gold score falls below this (0-1) are paused")
            Double minGoldAccuracy,
            @Schema(description = "Gold submissions scored before the accuracy can pause anyone (1-1000)")
            Integer minGoldScored,
            @Schema(description = "Optional: a task whose mean matched phase boundary error exceeds this many ms "
                    + "goes to review; null: not used")
            Double maxBoundaryErrorMs,
            @Schema(description = "Whether annotators see proposals (pre-labels) in the workspace")
            Boolean showProposals,
            @Schema(description = "Optional: the scores against gold a proposal source must reach before "
                    + "annotators see its proposals; null: every source is shown")
            ProposalGate proposalGate) {

        /** The values to hand to {@code WorkflowService.updateProject}, checked as the settings form checks them. */
        ProjectSettings quality() {
            Map<LabelType, ConsensusRule> rules = new EnumMap<>(LabelType.class);
            (consensusRules == null ? Map.<String, String>of() : consensusRules).forEach((type, rule) -> {
                if (rule != null) {
                    rules.put(type(type), rule(rule));
                }
            });
            Map<LabelType, Double> thresholds = new EnumMap<>(LabelType.class);
            (agreementThresholds == null ? Map.<String, Double>of() : agreementThresholds).forEach((type, value) -> {
                if (value != null) {
                    thresholds.put(type(type), value);
                }
            });
            return new ProjectSettings(policy(reviewPolicy), required(reviewSample, "reviewSample"), rules,
                    thresholds, required(minGoldAccuracy, "minGoldAccuracy"), required(minGoldScored, "minGoldScored"),
                    maxBoundaryErrorMs, required(showProposals, "showProposals"), proposalGate);
        }
    }

    static Settings of(Project project, ProjectSettings quality) {
        return of(project.overlap(), project.goldRate(), project.leaseSeconds(), project.priority(),
                project.deadline(), quality);
    }

    static Settings defaults() {
        return of(DEFAULT_OVERLAP, DEFAULT_GOLD_RATE, DEFAULT_LEASE_SECONDS, 0, null, ProjectSettings.defaults());
    }

    private static Settings of(int overlap, double goldRate, int leaseSeconds, int priority, Instant deadline,
                               ProjectSettings q) {
        Map<String, String> rules = new TreeMap<>();
        Map<String, Double> thresholds = new TreeMap<>();
        for (LabelType type : LabelType.values()) {
            rules.put(type.jsonName(), q.rule(type).name().toLowerCase(Locale.ROOT));
            thresholds.put(type.jsonName(), q.threshold(type));
        }
        return new Settings(overlap, goldRate, leaseSeconds, priority, deadline,
                q.reviewPolicy().name().toLowerCase(Locale.ROOT), q.reviewSample(), rules, thresholds,
                q.minGoldAccuracy(), q.minGoldScored(), q.maxBoundaryErrorMs(), q.showProposals(), q.proposalGate());
    }

    /**
     * {@code base} with the merge patch applied.
     *
     * @throws InvalidBodyException for a patch that is no object, names a setting that does not exist, or gives a
     *                              value of the wrong type
     */
    static Settings merge(JsonMapper json, Settings base, JsonNode patch) {
        if (patch == null || patch.isNull()) {
            return base;
        }
        if (!patch.isObject()) {
            throw new InvalidBodyException("The settings are a JSON object");
        }
        ObjectNode merged = json.valueToTree(base);
        for (Map.Entry<String, JsonNode> field : patch.properties()) {
            String name = field.getKey();
            if (!FIELDS.contains(name)) {
                throw new InvalidBodyException("'" + name + "' is not a project setting; the settings are "
                        + FIELDS.stream().sorted().collect(Collectors.joining(", ")));
            }
            JsonNode value = field.getValue();
            if (MAPS.contains(name) && value.isObject() && merged.get(name) instanceof ObjectNode target) {
                for (Map.Entry<String, JsonNode> entry : value.properties()) {
                    type(entry.getKey());
                    if (entry.getValue().isNull()) {
                        target.remove(entry.getKey());
                    } else {
                        target.set(entry.getKey(), entry.getValue());
                    }
                }
            } else {
                merged.set(name, value);
            }
        }
        try {
            return json.treeToValue(merged, Settings.class);
        } catch (JacksonException e) {
            if (e.getCause() instanceof IllegalArgumentException refused && refused.getMessage() != null) {
                throw new InvalidBodyException(refused.getMessage());
            }
            throw new InvalidBodyException("A setting has a value of the wrong type: " + e.getOriginalMessage());
        } catch (IllegalArgumentException e) {
            throw new InvalidBodyException(e.getMessage());
        }
    }

    static <T> T required(T value, String name) {
        if (value == null) {
            throw new IllegalArgumentException(name + " is required");
        }
        return value;
    }

    private static LabelType type(String name) {
        return Arrays.stream(LabelType.values()).filter(t -> t.jsonName().equals(name)).findFirst()
                .orElseThrow(() -> new InvalidBodyException("'" + name + "' is not a label type; the types are "
                        + Arrays.stream(LabelType.values()).map(LabelType::jsonName).collect(Collectors.joining(", "))));
    }

    private static ConsensusRule rule(String name) {
        return Arrays.stream(ConsensusRule.values()).filter(r -> r.name().equalsIgnoreCase(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("A consensus rule is auto or reviewer, not '" + name
                        + "'"));
    }

    private static ReviewPolicy policy(String name) {
        return Arrays.stream(ReviewPolicy.values()).filter(p -> p.name().equalsIgnoreCase(required(name,
                        "reviewPolicy"))).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("The review policy is all, sample or disagreement, "
                        + "not '" + name + "'"));
    }
}
