package dev.touchstone.release.api;

import dev.touchstone.common.ApiProblem;
import dev.touchstone.common.CursorPage;
import dev.touchstone.labeling.LabelType;
import dev.touchstone.media.BlobResponses;
import dev.touchstone.release.Release;
import dev.touchstone.release.ReleaseProgress;
import dev.touchstone.release.ReleaseReport;
import dev.touchstone.release.LeRobotMapping;
import dev.touchstone.release.ReleaseService;
import dev.touchstone.release.ReleaseVersionTakenException;
import dev.touchstone.storage.BlobStore;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Releases over HTTP (docs/release/api.md): list, read, progress, report, the files with single byte ranges (a
 * broken download resumes), and making a release. Reads accept a session or an API token with the
 * {@code releases:read} scope (the token's member in the token's organization); making a release needs a session
 * with its CSRF header (admins and project managers). Every read is organization-checked by {@link ReleaseService}
 * (another organization's release is 404) and every download is audited. The OpenAPI description at
 * {@code /api/v1/openapi} is generated from this class and its annotations.
 */
@RestController
@RequestMapping("/api/v1/releases")
@Tag(name = "Releases", description = "Immutable, versioned snapshots of a project's accepted labels")
class ReleaseApiController {

    private final ReleaseService releases;
    private final BlobStore blobs;

    ReleaseApiController(ReleaseService releases, BlobStore blobs) {
        this.releases = releases;
        this.blobs = blobs;
    }

    /** The body of {@code POST /api/v1/releases}. */
    @Schema(name = "NewRelease", description = "A release to make from a project's accepted tasks")
    record NewRelease(
            @Schema(description = "The project (of your organization)", requiredMode = Schema.RequiredMode.REQUIRED)
            UUID projectId,
            @Schema(description = "A number or major.minor.patch, unique per project", example = "1.0.0",
                    requiredMode = Schema.RequiredMode.REQUIRED)
            String version,
            @Schema(description = "Release notes, at most 4000 characters")
            String notes,
            @Schema(description = "Leave out tasks whose accepted labels reject the episode (an episode-level "
                    + "verdict); default false")
            Boolean verdictAcceptOnly,
            @Schema(description = "Label types whose labels the release carries; empty or missing: all",
                    allowableValues = {"phase", "event", "category", "rating", "verdict", "text", "number", "box2d",
                            "cuboid3d"})
            List<String> labelTypes,
            @Schema(description = "The streams and channels of the LeRobot export's `observation.state` and "
                    + "`action` (docs/release/formats.md); missing: the defaults from the robot's streams (joint "
                    + "positions are the state, teleoperation command streams the action)")
            LeRobotMapping lerobotMapping) {
    }

    @GetMapping
    @Operation(summary = "The organization's releases, newest first, a page at a time")
    @ApiResponse(responseCode = "200", description = "A page; follow nextCursor until it is null")
    @ApiResponse(responseCode = "400", description = "A limit outside 1 to 500 or a cursor this API did not make")
    CursorPage<Release> list(
            @Parameter(description = "Page size, 1 to 500 (default 50)") @RequestParam(required = false) Integer limit,
            @Parameter(description = "nextCursor of the page before") @RequestParam(required = false) String cursor) {
        return releases.releasePage(cursor, limit);
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Make a release (admins and project managers, signed in)",
            description = "Inserts the release (state `building`) and builds it in the background: poll "
                    + "`/{releaseId}/progress`. Needs a browser session and its CSRF token in the `X-CSRF-TOKEN` "
                    + "header (`GET /api/v1/csrf`); API tokens are read-only and get 403.",
            security = @SecurityRequirement(name = ReleaseApiDocumentation.SESSION))
    @ApiResponse(responseCode = "201", description = "Made; building",
            headers = @Header(name = "Location", description = "The new release's URL"))
    @ApiResponse(responseCode = "400", description = "A body that is not the expected JSON (a project id that is"
            + " not a UUID)")
    @ApiResponse(responseCode = "422", description = "A missing project id, a malformed version, notes too long, or"
            + " an unknown label type")
    @ApiResponse(responseCode = "404", description = "No such project in your organization")
    @ApiResponse(responseCode = "409", description = "The project already has a release of that version")
    ResponseEntity<Release> create(@RequestBody NewRelease request) {
        if (request.projectId() == null) {
            throw new IllegalArgumentException("projectId is required (the id of one of your organization's projects)");
        }
        if (request.version() == null || request.version().isBlank()) {
            throw new IllegalArgumentException("version is required, e.g. \"1\" or \"1.0.0\"");
        }
        Release release = releases.create(request.projectId(), request.version(), request.notes(),
                Boolean.TRUE.equals(request.verdictAcceptOnly()), labelTypes(request.labelTypes()),
                request.lerobotMapping());
        URI location = ServletUriComponentsBuilder.fromCurrentRequestUri().path("/{id}")
                .buildAndExpand(release.id()).toUri();
        return ResponseEntity.created(location).body(release);
    }

    private static Set<LabelType> labelTypes(List<String> names) {
        Set<LabelType> types = EnumSet.noneOf(LabelType.class);
        if (names == null) {
            return types;
        }
        for (String name : names) {
            LabelType type = name == null ? null : Arrays.stream(LabelType.values())
                    .filter(t -> t.jsonName().equals(name.strip().toLowerCase(Locale.ROOT))).findFirst().orElse(null);
            if (type == null) {
                throw new IllegalArgumentException("Unknown label type '" + name + "'; the types are "
                        + Arrays.stream(LabelType.values()).map(LabelType::jsonName).collect(Collectors.joining(", ")));
            }
            types.add(type);
        }
        return types;
    }

    @GetMapping("/{releaseId}")
    @Operation(summary = "One release, with its state, progress and files once ready")
    @ApiResponse(responseCode = "200", description = "The release")
    @ApiResponse(responseCode = "404", description = "No such release in your organization")
    Release release(@PathVariable UUID releaseId) {
        return releases.release(releaseId);
    }

    @GetMapping("/{releaseId}/progress")
    @Operation(summary = "How far the release's build is")
    @ApiResponse(responseCode = "200", description = "The progress")
    @ApiResponse(responseCode = "404", description = "No such release in your organization")
    ReleaseProgress progress(@PathVariable UUID releaseId) {
        return releases.progress(releaseId);
    }

    @GetMapping("/{releaseId}/report")
    @Operation(summary = "The quality report of a ready release")
    @ApiResponse(responseCode = "200", description = "The report")
    @ApiResponse(responseCode = "404", description = "No such release in your organization, or not ready yet")
    ReleaseReport report(@PathVariable UUID releaseId) {
        return releases.report(releaseId);
    }

    @GetMapping("/{releaseId}/files/{name}")
    @Operation(summary = "Download a file of a ready release, whole or one byte range",
            description = "Single byte ranges (`Range: bytes=N-` or `bytes=N-M`) answer 206 with `Content-Range`, "
                    + "so an interrupted download resumes (`curl -C -`). `If-Range` with the ETag (the file's "
                    + "SHA-256) guards a resume against another file; `If-None-Match` answers 304. The content type "
                    + "follows the extension: `.jsonl` application/jsonl, `.json` application/json, `.zip` "
                    + "application/zip, anything else application/octet-stream. Every download is audited.",
            parameters = {
                    @Parameter(name = "name", in = ParameterIn.PATH, description = "A file name from the "
                            + "release's `files`, e.g. `labels.jsonl` or `quality-report.json`"),
                    @Parameter(name = "Range", in = ParameterIn.HEADER, description = "One byte range",
                            example = "bytes=1048576-", schema = @Schema(type = "string")),
                    @Parameter(name = "If-Range", in = ParameterIn.HEADER, description = "The ETag the part "
                            + "already downloaded came with; another ETag gets the whole file (200)",
                            schema = @Schema(type = "string")),
                    @Parameter(name = "If-None-Match", in = ParameterIn.HEADER, schema = @Schema(type = "string"))})
    @ApiResponse(responseCode = "200", description = "The whole file",
            headers = {@Header(name = "ETag", description = "The file's SHA-256, quoted"),
                    @Header(name = "Accept-Ranges", description = "bytes"),
                    @Header(name = "Content-Disposition", description = "attachment; filename=...")},
            content = @Content(mediaType = "application/octet-stream",
                    schema = @Schema(type = "string", format = "binary")))
    @ApiResponse(responseCode = "206", description = "The requested range",
            headers = @Header(name = "Content-Range", description = "bytes start-end/size"),
            content = @Content(mediaType = "application/octet-stream",
                    schema = @Schema(type = "string", format = "binary")))
    @ApiResponse(responseCode = "304", description = "Not modified (If-None-Match matched)", content = @Content)
    @ApiResponse(responseCode = "404", description = "No such release in your organization, not ready, or no "
            + "such file")
    @ApiResponse(responseCode = "416", description = "The range starts beyond the file",
            headers = @Header(name = "Content-Range", description = "bytes */size"),
            content = @Content(mediaType = "text/plain", schema = @Schema(type = "string")))
    void file(@PathVariable UUID releaseId, @PathVariable String name, HttpServletRequest request,
              HttpServletResponse response) throws IOException {
        ReleaseService.Download download = releases.download(releaseId, name, request.getHeader(HttpHeaders.RANGE));
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                .filename(download.file().name(), StandardCharsets.UTF_8).build().toString());
        BlobResponses.serve(blobs, download.key(), download.blob(), contentType(download.file().name()), "private",
                request, response);
    }

    /** By extension, so that files other exports add (LeRobot zips, COCO JSON) get the right type unasked. */
    static String contentType(String fileName) {
        String name = fileName.toLowerCase(Locale.ROOT);
        if (name.endsWith(".jsonl")) {
            return "application/jsonl";
        }
        if (name.endsWith(".json")) {
            return MediaType.APPLICATION_JSON_VALUE;
        }
        if (name.endsWith(".zip")) {
            return "application/zip";
        }
        return MediaType.APPLICATION_OCTET_STREAM_VALUE;
    }

    // --- errors: the shell's ApiExceptionHandler answers the API's errors (a refused body value 422, another
    // organization's release 404, ...); only what is particular to releases is here --------------------------------

    @ExceptionHandler(ReleaseVersionTakenException.class)
    ResponseEntity<Map<String, Object>> taken(ReleaseVersionTakenException e) {
        return ApiProblem.response(HttpStatus.CONFLICT, e.getMessage());
    }

    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<Map<String, Object>> forbidden(AccessDeniedException e, HttpServletRequest request) {
        return ApiProblem.response(HttpStatus.FORBIDDEN, "POST".equals(request.getMethod())
                ? "Only admins and project managers make releases" : "Your role may not read releases");
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Map<String, Object>> badId(MethodArgumentTypeMismatchException e) {
        return ApiProblem.response(HttpStatus.NOT_FOUND, "Release not found");
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Map<String, Object>> unreadable(HttpMessageNotReadableException e) {
        String what = ApiProblem.describe(e);
        return ApiProblem.response(HttpStatus.BAD_REQUEST, what + ". The body must be a JSON object "
                + "{\"projectId\": \"<uuid>\", \"version\": \"1.0.0\", \"notes\": \"...\", \"verdictAcceptOnly\": false, "
                + "\"labelTypes\": [\"phase\", ...]}");
    }
}
