package dev.touchstone.workflow;

import dev.touchstone.labeling.LabelType;
import dev.touchstone.organization.NotFoundInOrganizationException;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A project's quality settings to and from their columns; per-type maps are stored by the types' JSON names. The
 * optional phase boundary error limit rides in the thresholds object under {@link #BOUNDARY_MS}, which is no type
 * name, so no migration was needed for it. The proposal gate has a column of its own (V18, JSON; null: no gate).
 */
@Component
class SettingsCodec {

    static final String BOUNDARY_MS = "phase_boundary_error_ms";

    private final ReviewRepository repository;
    private final LabelsJson json;

    SettingsCodec(ReviewRepository repository, LabelsJson json) {
        this.repository = repository;
        this.json = json;
    }

    ProjectSettings of(UUID organizationId, UUID projectId) {
        ReviewRepository.SettingsRow row = repository.settings(organizationId, projectId)
                .orElseThrow(() -> new NotFoundInOrganizationException("Project"));
        Map<String, String> rules = json.read(row.rules(), new TypeReference<Map<String, String>>() { });
        Map<String, Double> thresholds = json.read(row.thresholds(), new TypeReference<Map<String, Double>>() { });
        Map<LabelType, ConsensusRule> typedRules = new EnumMap<>(LabelType.class);
        rules.forEach((type, rule) -> typedRules.put(type(type), ConsensusRule.valueOf(rule.toUpperCase(Locale.ROOT))));
        Map<LabelType, Double> typedThresholds = new EnumMap<>(LabelType.class);
        thresholds.forEach((type, value) -> {
            if (!type.equals(BOUNDARY_MS)) {
                typedThresholds.put(type(type), value);
            }
        });
        return new ProjectSettings(ReviewPolicy.of(row.policy()), row.sample(), typedRules, typedThresholds,
                row.minGold(), row.minScored(), thresholds.get(BOUNDARY_MS), row.showProposals(),
                row.proposalGate() == null ? null : json.read(row.proposalGate(), new TypeReference<ProposalGate>() { }));
    }

    ReviewRepository.SettingsRow row(ProjectSettings s) {
        Map<String, String> rules = new TreeMap<>();
        s.consensusRules().forEach((type, rule) -> rules.put(type.jsonName(), rule.name().toLowerCase(Locale.ROOT)));
        Map<String, Double> thresholds = new TreeMap<>();
        s.agreementThresholds().forEach((type, value) -> thresholds.put(type.jsonName(), value));
        if (s.maxBoundaryErrorMs() != null) {
            thresholds.put(BOUNDARY_MS, s.maxBoundaryErrorMs());
        }
        return new ReviewRepository.SettingsRow(s.reviewPolicy().sql(), s.reviewSample(), json.write(rules),
                json.write(thresholds), s.minGoldAccuracy(), s.minGoldScored(), s.showProposals(),
                s.proposalGate() == null ? null : json.write(s.proposalGate()));
    }

    private static LabelType type(String jsonName) {
        return LabelType.valueOf(jsonName.toUpperCase(Locale.ROOT));
    }
}
