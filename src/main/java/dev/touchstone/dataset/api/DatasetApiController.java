package dev.touchstone.dataset.api;

import dev.touchstone.common.CursorPage;
import dev.touchstone.dataset.Dataset;
import dev.touchstone.dataset.DatasetService;
import dev.touchstone.dataset.EpisodeFilter;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.UUID;

/**
 * Datasets over HTTP (docs/api.md, "Datasets and episodes"): list, make, read, and a dataset's episodes. It only
 * translates HTTP to {@link DatasetService}, which owns roles (admins, project managers and QA leads read; admins and
 * project managers make) and the organization check (another organization's dataset is 404). Errors are the shell's
 * problems.
 */
@RestController
@RequestMapping("/api/v1/datasets")
@Tag(name = "Datasets", description = "Named collections of episodes")
class DatasetApiController {

    /** The body of {@code POST /api/v1/datasets}. */
    @Schema(name = "NewDataset")
    record NewDataset(
            @Schema(description = "1 to 200 characters, unique in the organization ignoring case",
                    example = "Kitchen pick and place", requiredMode = Schema.RequiredMode.REQUIRED)
            String name,
            @Schema(description = "Free text", example = "Nightly teleoperation runs")
            String description) {
    }

    private final DatasetService datasets;

    DatasetApiController(DatasetService datasets) {
        this.datasets = datasets;
    }

    @GetMapping
    @Operation(summary = "The organization's datasets, oldest first, a page at a time (token scope read)")
    @ApiResponse(responseCode = "200", description = "A page; follow nextCursor until it is null")
    @ApiResponse(responseCode = "400", description = "A limit outside 1 to 500 or a cursor this API did not make")
    CursorPage<Dataset> list(
            @Parameter(description = "Page size, 1 to 500 (default 50)") @RequestParam(required = false) Integer limit,
            @Parameter(description = "nextCursor of the page before") @RequestParam(required = false) String cursor) {
        return datasets.datasetPage(cursor, limit);
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Make a dataset (admins and project managers; token scope data:write)")
    @ApiResponse(responseCode = "201", description = "Made",
            headers = @Header(name = "Location", description = "The new dataset's URL"))
    @ApiResponse(responseCode = "400", description = "A body that is not the expected JSON")
    @ApiResponse(responseCode = "422", description = "A blank or long name, or a name the organization uses already")
    ResponseEntity<Dataset> create(@RequestBody NewDataset request) {
        Dataset dataset = datasets.create(request.name(), request.description());
        return ResponseEntity.created(URI.create("/api/v1/datasets/" + dataset.id())).body(dataset);
    }

    @GetMapping("/{datasetId}")
    @Operation(summary = "One dataset with its episode count and total duration (token scope read)")
    @ApiResponse(responseCode = "200", description = "The dataset")
    @ApiResponse(responseCode = "404", description = "No such dataset in your organization")
    Dataset dataset(@PathVariable UUID datasetId) {
        return datasets.requireDataset(datasetId);
    }

    @GetMapping("/{datasetId}/episodes")
    @Operation(summary = "A dataset's episodes in the order they were imported, a page at a time (token scope read)")
    @ApiResponse(responseCode = "200", description = "A page; follow nextCursor until it is null")
    @ApiResponse(responseCode = "400", description = "A limit outside 1 to 500 or a cursor this API did not make")
    @ApiResponse(responseCode = "404", description = "No such dataset in your organization")
    CursorPage<EpisodeJson> episodes(
            @PathVariable UUID datasetId,
            @Parameter(description = "Only episodes whose name, description (task) or source file contains this,"
                    + " ignoring case") @RequestParam(required = false) String q,
            @Parameter(description = "Page size, 1 to 500 (default 50)") @RequestParam(required = false) Integer limit,
            @Parameter(description = "nextCursor of the page before") @RequestParam(required = false) String cursor) {
        var page = datasets.episodePage(datasetId, new EpisodeFilter(q, null, null, null, null), cursor, limit);
        return new CursorPage<>(page.items().stream().map(EpisodeJson::of).toList(), page.nextCursor());
    }
}
