package dev.touchstone.quality.api;

import dev.touchstone.labeling.LabelSchema;
import dev.touchstone.labeling.LabelSchemaService;
import dev.touchstone.labeling.SchemaVersion;
import dev.touchstone.organization.NotFoundInOrganizationException;
import dev.touchstone.quality.AnnotatorQuality;
import dev.touchstone.quality.QualityDashboard;
import dev.touchstone.quality.QualityProjects;
import dev.touchstone.quality.QualityService;
import dev.touchstone.quality.TypeAgreement;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A project's quality numbers over HTTP (docs/quality/api.md): the Agreement screen's numbers
 * ({@link QualityService#dashboard}), per label definition and per annotator, with names. Every number that has
 * nothing to be computed from is {@code null}, never a 1.0 or a 0: a definition nobody labelled, an annotator
 * without gold. Token scope {@code read}; admins, project managers and QA leads.
 */
@RestController
@Tag(name = "Quality", description = "Agreement per label definition and per annotator")
class QualityApiController {

    private final QualityService quality;
    private final QualityProjects projects;
    private final LabelSchemaService schemas;

    QualityApiController(QualityService quality, QualityProjects projects, LabelSchemaService schemas) {
        this.quality = quality;
        this.projects = projects;
        this.schemas = schemas;
    }

    @Schema(name = "ProjectQuality", description = "A project's quality numbers, computed from its merged tasks "
            + "(tasks whose N submissions were merged: in review or accepted) and scored gold submissions")
    record ProjectQuality(
            UUID projectId,
            @Schema(description = "Tasks whose consensus was computed (complete: in review or accepted)")
            int mergedTasks,
            @Schema(description = "One entry per definition of the project's schema, in schema order; each has a "
                    + "label type")
            List<LabelTypeQuality> labelTypes,
            @Schema(description = "Everyone with merged work or scored gold submissions on the project, by name")
            List<AnnotatorNumbers> annotators,
            @Schema(description = "When these numbers were read")
            Instant computedAt) {
    }

    @Schema(name = "LabelTypeQuality", description = "Agreement on one label definition over the project's merged "
            + "tasks. Example: two annotators label 10 tasks and agree exactly on the category of 8: "
            + "meanTaskAgreement 0.8, tasks 10")
    record LabelTypeQuality(
            @Schema(description = "The definition's key in the schema") String definition,
            @Schema(description = "Its name") String name,
            @Schema(description = "Its label type", allowableValues = {"phase", "event", "category", "rating",
                    "verdict", "text", "number", "box2d", "cuboid3d"}) String type,
            @Schema(description = "What the numbers are: the per-task pair measure (and for coded definitions the "
                    + "level of Krippendorff's alpha)") String measure,
            @Schema(description = "Merged tasks in which at least one annotator labelled the definition; 0: not "
                    + "labelled") int tasks,
            @Schema(description = "Mean over those tasks of the per-task agreement (the mean over annotator pairs "
                    + "of the pair measure), 0-1 (phases: the lowest per-class uα, below 0 counted 0); null when "
                    + "no merged task labelled the definition") Double meanTaskAgreement,
            @Schema(description = "Lower end of the 95 % Wilson interval of the mean; null below 10 tasks or when "
                    + "not labelled") Double meanTaskAgreementLow,
            @Schema(description = "Upper end of that interval; null when the lower end is") Double meanTaskAgreementHigh,
            @Schema(description = "Krippendorff's alpha over all merged tasks (coded definitions: categories, "
                    + "verdicts, ratings, numbers); null when undefined (no pairable values, no variation, or not "
                    + "a coded definition)") Double alpha,
            @Schema(description = "Lower end of its 95 % bootstrap interval; null when alpha is, below 10 pairable "
                    + "tasks, or over " + QualityService.BOOTSTRAP_MAX_UNITS + " distinct units") Double alphaLow,
            @Schema(description = "Upper end of that interval; null when the lower end is") Double alphaHigh) {
    }

    @Schema(name = "QualityAnnotator", description = "A member who labels")
    record Annotator(@Schema(description = "The member's user id") UUID id,
                     @Schema(description = "Their display name") String name) {
    }

    @Schema(name = "AnnotatorQuality", description = "One annotator on the project")
    record AnnotatorNumbers(
            Annotator annotator,
            @Schema(description = "Merged tasks the annotator submitted to") int tasks,
            @Schema(description = "Per definition key of the schema: the mean, over the merged tasks where the "
                    + "definition was labelled, of the pair measure between this annotator's submission and the "
                    + "consensus (0-1); null when the annotator has no such task. Example: an annotator whose "
                    + "category matches the consensus on 3 of 4 tasks has 0.75")
            Map<String, Double> agreementWithConsensus,
            @Schema(description = "Mean score (0-1) of the annotator's scored gold submissions; null when none was "
                    + "scored") Double goldAccuracy,
            @Schema(description = "Gold submissions scored") int goldScored) {
    }

    @GetMapping("/api/v1/projects/{projectId}/quality")
    @Operation(summary = "A project's quality numbers per label definition and per annotator (admins, project "
            + "managers, QA leads)", description = "The Agreement screen's numbers. A number with nothing to be "
            + "computed from is null, never 1.0: a definition nobody labelled, an annotator without gold.")
    @ApiResponse(responseCode = "200", description = "The numbers")
    @ApiResponse(responseCode = "404", description = "No such project in your organization")
    ProjectQuality quality(@PathVariable UUID projectId) {
        QualityProjects.QualityProject project = projects.projects().stream()
                .filter(p -> p.id().equals(projectId)).findFirst()
                .orElseThrow(() -> new NotFoundInOrganizationException("Project"));
        LabelSchema schema = schemas.version(project.schemaVersionId()).map(SchemaVersion::schema)
                .orElseThrow(() -> new NotFoundInOrganizationException("Label schema version"));
        QualityDashboard dashboard = quality.dashboard(projectId, schema);
        List<LabelTypeQuality> types = dashboard.definitions().stream().map(QualityApiController::type).toList();
        List<AnnotatorNumbers> annotators = dashboard.annotators().stream()
                .map(a -> annotator(a, schema)).toList();
        return new ProjectQuality(projectId, dashboard.mergedTasks(), types, annotators, dashboard.computedAt());
    }

    private static LabelTypeQuality type(TypeAgreement t) {
        return new LabelTypeQuality(t.definition(), t.name(), t.type().jsonName(), t.measure(), t.tasks(),
                t.meanTaskAgreement(), t.meanLow(), t.meanHigh(), t.alpha(), t.alphaLow(), t.alphaHigh());
    }

    private static AnnotatorNumbers annotator(AnnotatorQuality a, LabelSchema schema) {
        Map<String, Double> agreement = new LinkedHashMap<>();
        for (LabelSchema.Definition d : schema.definitions()) {
            agreement.put(d.key(), a.agreementWithConsensus().get(d.key()));
        }
        return new AnnotatorNumbers(new Annotator(a.annotatorId(), a.name()), a.tasks(), agreement,
                a.goldAccuracy(), a.goldScored());
    }
}
