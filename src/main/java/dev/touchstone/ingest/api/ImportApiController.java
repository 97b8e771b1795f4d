package dev.touchstone.ingest.api;

import dev.touchstone.common.ApiProblem;
import dev.touchstone.common.CursorPage;
import dev.touchstone.ingest.ImportJob;
import dev.touchstone.ingest.ImportService;
import dev.touchstone.ingest.ImportedEpisode;
import dev.touchstone.ingest.upload.UploadBusyException;
import dev.touchstone.ingest.upload.UploadConflictException;
import dev.touchstone.ingest.upload.UploadService;
import dev.touchstone.organization.NotFoundInOrganizationException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Import jobs over HTTP (docs/ingest/uploads.md): import a complete upload into a dataset, follow its progress, list
 * a dataset's imports. The import checks the file as every import does; a file it cannot read ends as a failed job
 * whose {@code error} says why. Another organization's upload, dataset or import is 404.
 */
@RestController
@Tag(name = "Imports", description = "Import jobs: episodes from a completed upload, with progress")
class ImportApiController {

    private final ImportService imports;
    private final UploadService uploads;

    ImportApiController(ImportService imports, UploadService uploads) {
        this.imports = imports;
        this.uploads = uploads;
    }

    @Schema(name = "NewImport", description = "What to import")
    record NewImport(@Schema(description = "A complete upload of your organization",
            requiredMode = Schema.RequiredMode.REQUIRED) UUID uploadId) {
    }

    @Schema(name = "ImportProgress", description = "How far an import is")
    record Progress(
            @Schema(description = "Episodes stored so far") int done,
            @Schema(description = "Episodes found in the file; null until the file was scanned") Integer total,
            @Schema(description = "Episodes that failed (the import went on with the others)") int failed,
            @Schema(description = "Episodes the dataset already had from the same recording, not imported again")
            int skipped,
            @Schema(description = "0..1 over all episodes of the import") double fraction,
            @Schema(description = "What is being done, e.g. the stream being read") String message) {
    }

    @Schema(name = "ImportedEpisode", description = "An episode the import stored")
    record Episode(UUID id, String name) {
        static Episode of(ImportedEpisode episode) {
            return new Episode(episode.id(), episode.name());
        }
    }

    @Schema(name = "Import", description = "An import job")
    record Job(
            UUID id,
            UUID datasetId,
            @Schema(description = "queued, running, succeeded, completed_with_errors, failed or cancelled")
            String state,
            @Schema(description = "true once the state no longer changes") boolean finished,
            Progress progress,
            @Schema(description = "Episodes stored; listed on GET /api/v1/imports/{id}, empty in lists")
            List<Episode> episodes,
            @Schema(description = "Why it failed (or the first failure of one that completed with errors)")
            String error,
            @Schema(description = "The import report: skipped channels, assumed rates, failed episodes")
            List<String> notes,
            String createdBy, Instant createdAt, Instant startedAt, Instant finishedAt) {

        static Job of(ImportJob job, List<ImportedEpisode> episodes) {
            return new Job(job.id(), job.datasetId(), job.state().name().toLowerCase(Locale.ROOT), job.finished(),
                    new Progress(job.episodesDone(), job.episodesTotal(), job.episodesFailed(),
                            job.episodesSkipped(), job.progress(), job.progressMessage()),
                    episodes.stream().map(Episode::of).toList(), job.error(), job.notes(), job.createdBy(),
                    job.createdAt(), job.startedAt(), job.finishedAt());
        }
    }

    @PostMapping(path = "/api/v1/datasets/{datasetId}/imports", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Import a complete upload into a dataset",
            description = "Queues the import and answers at once; follow it at the `Location`. The upload's bytes "
                    + "move to the import (the upload can be imported once).")
    @ApiResponse(responseCode = "202", description = "Queued",
            headers = @Header(name = "Location", description = "The import's URL, /api/v1/imports/{id}"))
    @ApiResponse(responseCode = "400", description = "No uploadId, or a body that is not the expected JSON")
    @ApiResponse(responseCode = "404", description = "No such dataset or upload in your organization")
    @ApiResponse(responseCode = "409", description = "The upload lacks bytes (offset < length) or was imported "
            + "already")
    ResponseEntity<Job> start(@PathVariable UUID datasetId, @RequestBody NewImport request) {
        if (request == null || request.uploadId() == null) {
            throw new IllegalArgumentException("uploadId is required: the id of a complete upload (POST "
                    + "/api/v1/uploads)");
        }
        ImportJob job = uploads.startImport(datasetId, request.uploadId());
        URI location = ServletUriComponentsBuilder.fromCurrentContextPath().path("/api/v1/imports/{id}")
                .buildAndExpand(job.id()).toUri();
        return ResponseEntity.accepted().location(location).body(Job.of(job, List.of()));
    }

    @GetMapping("/api/v1/imports/{importId}")
    @Operation(summary = "An import's state, progress, episodes and error")
    @ApiResponse(responseCode = "200", description = "The import")
    @ApiResponse(responseCode = "404", description = "No such import in your organization")
    Job job(@PathVariable UUID importId) {
        ImportJob job = imports.job(importId).orElseThrow(() -> new NotFoundInOrganizationException("No such import"));
        return Job.of(job, imports.episodes(importId));
    }

    @GetMapping("/api/v1/datasets/{datasetId}/imports")
    @Operation(summary = "A dataset's imports, newest first (cursor paging)")
    @ApiResponse(responseCode = "200", description = "One page; follow nextCursor until it is null")
    @ApiResponse(responseCode = "400", description = "A limit outside 1-500 or a cursor this API did not make")
    @ApiResponse(responseCode = "404", description = "No such dataset in your organization")
    CursorPage<Job> jobs(@PathVariable UUID datasetId,
                         @Parameter(description = "Page size, 1-500 (default 50)") @RequestParam(required = false)
                         Integer limit,
                         @Parameter(description = "nextCursor of the previous page") @RequestParam(required = false)
                         String cursor) {
        CursorPage<ImportJob> page = imports.jobs(datasetId, limit, cursor);
        return new CursorPage<>(page.items().stream().map(job -> Job.of(job, List.of())).toList(),
                page.nextCursor());
    }

    @ExceptionHandler(UploadConflictException.class)
    ResponseEntity<Map<String, Object>> conflict(UploadConflictException e) {
        return ApiProblem.response(HttpStatus.CONFLICT, e.getMessage());
    }

    @ExceptionHandler(UploadBusyException.class)
    ResponseEntity<Map<String, Object>> busy(UploadBusyException e) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, "1");
        return ApiProblem.response(ApiProblem.of(HttpStatus.LOCKED, e.getMessage()), headers);
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<Map<String, Object>> badInput(IllegalArgumentException e) {
        return ApiProblem.response(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    @ExceptionHandler(NotFoundInOrganizationException.class)
    ResponseEntity<Map<String, Object>> notFound(NotFoundInOrganizationException e) {
        return ApiProblem.response(HttpStatus.NOT_FOUND, e.getMessage());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Map<String, Object>> badId(MethodArgumentTypeMismatchException e) {
        return ApiProblem.response(HttpStatus.NOT_FOUND, "No such " + e.getName().replace("Id", ""));
    }

    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<Map<String, Object>> forbidden(AccessDeniedException e) {
        return ApiProblem.response(HttpStatus.FORBIDDEN, "Only admins and project managers import (QA leads may "
                + "read imports)");
    }
}
