package dev.touchstone.curation.api;

import dev.touchstone.curation.CollectionPlan;
import dev.touchstone.curation.CoverageDiversity;
import dev.touchstone.curation.CoverageEpisode;
import dev.touchstone.curation.CoverageGrid;
import dev.touchstone.curation.CoverageService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.UUID;

/**
 * The coverage planner over HTTP (docs/curation.md, "API"): a grid of two or three factors, a cell's episodes, the
 * collection plan of a rule (JSON or CSV) and diversity figures. Readers of datasets (admins, project managers, QA
 * leads; token scope read); another organization's dataset is 404.
 */
@RestController
@RequestMapping("/api/v1/datasets/{datasetId}/coverage")
@Tag(name = "Curation", description = "Episode factors and the coverage planner")
class CoverageApiController {

    private final CoverageService coverage;

    CoverageApiController(CoverageService coverage) {
        this.coverage = coverage;
    }

    @GetMapping
    @Operation(summary = "Every cell of a grid of two or three factors with its counts (token scope read)")
    @ApiResponse(responseCode = "200", description = "The grid; successRate and meanQualityFlag are null where "
            + "no episode of the cell has data")
    @ApiResponse(responseCode = "404", description = "No such dataset in your organization")
    @ApiResponse(responseCode = "422", description = "Fewer than two, more than three or unknown factors")
    CoverageGrid grid(@PathVariable UUID datasetId,
                      @Parameter(description = "Factor keys, comma-separated, e.g. object,lighting")
                      @RequestParam List<String> factors) {
        return coverage.grid(datasetId, factors);
    }

    @GetMapping("/episodes")
    @Operation(summary = "The episodes of one cell, by name (at most 500; token scope read)")
    @ApiResponse(responseCode = "200", description = "The cell's episodes")
    @ApiResponse(responseCode = "404", description = "No such dataset in your organization")
    @ApiResponse(responseCode = "422", description = "Unknown factors, or bins that are not one per factor")
    List<CoverageEpisode> episodes(@PathVariable UUID datasetId, @RequestParam List<String> factors,
                                   @Parameter(description = "The cell's 1-based bin of each factor, e.g. 1,3")
                                   @RequestParam List<Integer> bins) {
        return coverage.episodes(datasetId, factors, bins);
    }

    @GetMapping(path = "/plan", produces = {MediaType.APPLICATION_JSON_VALUE, "text/csv"})
    @Operation(summary = "The collection plan of a rule: every cell below its target, most needed first, with "
            + "examples of what exists (JSON, or CSV with format=csv; token scope read)")
    @ApiResponse(responseCode = "200", description = "The plan")
    @ApiResponse(responseCode = "404", description = "No such dataset in your organization")
    @ApiResponse(responseCode = "422", description = "A rule that does not read like '>= 50 accepted per object x "
            + "lighting', or unknown factors")
    ResponseEntity<?> plan(@PathVariable UUID datasetId,
                           @Parameter(description = "e.g. >= 50 accepted per object x lighting")
                           @RequestParam String rule,
                           @Parameter(description = "The grid's factors when the rule names none after 'per'")
                           @RequestParam(required = false) List<String> factors,
                           @Parameter(description = "json (default) or csv")
                           @RequestParam(required = false, defaultValue = "json") String format) {
        CollectionPlan plan = coverage.plan(datasetId, rule, factors);
        if ("csv".equalsIgnoreCase(format)) {
            return ResponseEntity.ok().contentType(MediaType.parseMediaType("text/csv;charset=UTF-8"))
                    .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"collection-plan.csv\"")
                    .body(plan.csv());
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(plan);
    }

    @GetMapping("/diversity")
    @Operation(summary = "Entropy and coverage ratio of each factor, the grid's coverage and its most and least "
            + "represented cells (token scope read)")
    @ApiResponse(responseCode = "200", description = "The figures")
    @ApiResponse(responseCode = "404", description = "No such dataset in your organization")
    CoverageDiversity diversity(@PathVariable UUID datasetId, @RequestParam List<String> factors) {
        return coverage.diversity(datasetId, factors);
    }
}
