package dev.touchstone.curation.api;

import dev.touchstone.curation.EpisodeFactorValues;
import dev.touchstone.curation.Factor;
import dev.touchstone.curation.FactorService;
import dev.touchstone.curation.NewFactor;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.List;
import java.util.UUID;

/**
 * A dataset's design factors and their values over HTTP (docs/curation.md, "API"). It only translates HTTP to
 * {@link FactorService}, which owns roles (admins, project managers and QA leads read; admins and project managers
 * write) and the organization check (another organization's dataset is 404).
 */
@RestController
@RequestMapping("/api/v1/datasets/{datasetId}")
@Tag(name = "Curation", description = "Episode factors and the coverage planner")
class FactorApiController {

    /** The answer of a values upload. */
    @Schema(name = "FactorValuesResult")
    record Updated(@Schema(description = "Values set or removed") int updated) {
    }

    /** The JSON body of a values upload. */
    @Schema(name = "FactorValues")
    record Values(@Schema(description = "One row per episode") List<EpisodeFactorValues> rows) {
    }

    private final FactorService factors;

    FactorApiController(FactorService factors) {
        this.factors = factors;
    }

    @GetMapping("/factors")
    @Operation(summary = "The dataset's factors in declaration order (token scope read)")
    @ApiResponse(responseCode = "200", description = "The factors")
    @ApiResponse(responseCode = "404", description = "No such dataset in your organization")
    List<Factor> list(@PathVariable UUID datasetId) {
        return factors.factors(datasetId);
    }

    @PostMapping(path = "/factors", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Declare a factor; a metadata factor reads every episode's value at once (admins and "
            + "project managers; token scope data:write)")
    @ApiResponse(responseCode = "201", description = "Declared, with its values read",
            headers = @Header(name = "Location", description = "The dataset's factors"))
    @ApiResponse(responseCode = "404", description = "No such dataset (or project) in your organization")
    @ApiResponse(responseCode = "422", description = "A declaration that breaks a rule, or metadata values it "
            + "refuses: problems names each episode, and nothing is stored")
    ResponseEntity<Factor> declare(@PathVariable UUID datasetId, @RequestBody NewFactor request) {
        Factor factor = factors.declare(datasetId, request);
        return ResponseEntity.created(URI.create("/api/v1/datasets/" + datasetId + "/factors")).body(factor);
    }

    @DeleteMapping("/factors/{factorId}")
    @Operation(summary = "Remove a factor and its values (admins and project managers; token scope data:write)")
    @ApiResponse(responseCode = "204", description = "Removed")
    @ApiResponse(responseCode = "404", description = "No such dataset or factor in your organization")
    ResponseEntity<Void> delete(@PathVariable UUID datasetId, @PathVariable UUID factorId) {
        factors.delete(datasetId, factorId);
        return ResponseEntity.noContent().build();
    }

    @PostMapping(path = "/factor-values", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Set manual factors' values of episodes, by episode id or name; an empty or null value "
            + "removes one (admins and project managers; token scope data:write)")
    @ApiResponse(responseCode = "200", description = "Stored")
    @ApiResponse(responseCode = "404", description = "No such dataset in your organization")
    @ApiResponse(responseCode = "422", description = "An unknown episode or factor, a factor that is not manual, or "
            + "a value its declaration refuses: problems names each row, and nothing is stored")
    Updated values(@PathVariable UUID datasetId, @RequestBody Values body) {
        return new Updated(factors.setValues(datasetId, body.rows() == null ? List.of() : body.rows()));
    }

    @PostMapping(path = "/factor-values", consumes = "text/csv")
    @Operation(summary = "The same from CSV: a header 'episode,<factor key>,...', then a row per episode (its id or "
            + "name); rows are numbered as lines of the file (admins and project managers; token scope data:write)")
    @ApiResponse(responseCode = "200", description = "Stored")
    @ApiResponse(responseCode = "404", description = "No such dataset in your organization")
    @ApiResponse(responseCode = "422", description = "As for JSON, or a header without the episode column")
    Updated csv(@PathVariable UUID datasetId, @RequestBody String csv) {
        return new Updated(factors.uploadCsv(datasetId, csv));
    }

}
