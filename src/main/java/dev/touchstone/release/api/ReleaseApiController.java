package dev.touchstone.release.api;

import dev.touchstone.media.BlobResponses;
import dev.touchstone.organization.NotFoundException;
import dev.touchstone.release.Release;
import dev.touchstone.release.ReleaseFile;
import dev.touchstone.release.ReleaseProgress;
import dev.touchstone.release.ReleaseReport;
import dev.touchstone.release.ReleaseService;
import dev.touchstone.storage.BlobStore;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Releases over HTTP (docs/release/releases.md): list, read, progress, report, and the files with single byte
 * ranges (a broken download resumes). Session sign-in for now; every read is organization-checked by
 * {@link ReleaseService} (another organization's release is 404) and every download is audited.
 */
@RestController
@RequestMapping("/api/v1/releases")
class ReleaseApiController {

    private final ReleaseService releases;
    private final BlobStore blobs;

    ReleaseApiController(ReleaseService releases, BlobStore blobs) {
        this.releases = releases;
        this.blobs = blobs;
    }

    @GetMapping
    List<Release> list() {
        return releases.releases();
    }

    @GetMapping("/{releaseId}")
    Release release(@PathVariable UUID releaseId) {
        return releases.release(releaseId);
    }

    @GetMapping("/{releaseId}/progress")
    ReleaseProgress progress(@PathVariable UUID releaseId) {
        return releases.progress(releaseId);
    }

    @GetMapping("/{releaseId}/report")
    ReleaseReport report(@PathVariable UUID releaseId) {
        return releases.report(releaseId);
    }

    @GetMapping("/{releaseId}/files/{name}")
    void file(@PathVariable UUID releaseId, @PathVariable String name, HttpServletRequest request,
              HttpServletResponse response) throws IOException {
        ReleaseService.Download download = releases.download(releaseId, name, request.getHeader(HttpHeaders.RANGE));
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                .filename(download.file().name(), StandardCharsets.UTF_8).build().toString());
        String type = download.file().name().equals(ReleaseFile.LABELS) ? "application/jsonl"
                : "application/json";
        BlobResponses.serve(blobs, download.key(), download.blob(), type, "private", request, response);
    }

    @ExceptionHandler(NotFoundException.class)
    ResponseEntity<Map<String, Object>> notFound(NotFoundException e) {
        return error(HttpStatus.NOT_FOUND, e.getMessage());
    }

    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<Map<String, Object>> forbidden(AccessDeniedException e) {
        return error(HttpStatus.FORBIDDEN, "Your role may not read releases");
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Map<String, Object>> badId(MethodArgumentTypeMismatchException e) {
        return error(HttpStatus.NOT_FOUND, "Release not found");
    }

    private static ResponseEntity<Map<String, Object>> error(HttpStatus status, String message) {
        return ResponseEntity.status(status).body(Map.of("error", message == null ? status.getReasonPhrase() : message));
    }
}
