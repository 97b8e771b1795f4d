package dev.touchstone.ingest.api;

import dev.touchstone.common.ApiBodyLimitFilter;
import dev.touchstone.common.ApiProblem;
import dev.touchstone.ingest.upload.Upload;
import dev.touchstone.ingest.upload.UploadBusyException;
import dev.touchstone.ingest.upload.UploadConflictException;
import dev.touchstone.ingest.upload.UploadInterruptedException;
import dev.touchstone.ingest.upload.UploadService;
import dev.touchstone.ingest.upload.UploadTooLargeException;
import dev.touchstone.organization.NotFoundInOrganizationException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Resumable uploads over the tus 1.0.0 protocol (https://tus.io/protocols/resumable-upload), core plus the
 * creation, termination and expiration extensions, written over Spring MVC (docs/ingest/uploads.md). A PATCH body is
 * read from the request's stream into the upload's file, so an upload of any size holds one 1 MiB buffer; it is
 * limited by the upload's own declared length, not by the JSON APIs' body limit. Admins and project managers, by
 * session (with the CSRF header) or an API token with the {@code data:write} scope. Another organization's upload is
 * 404.
 */
@RestController
@RequestMapping("/api/v1/uploads")
@Tag(name = "Uploads", description = "Resumable uploads (tus 1.0.0: core, creation, termination, expiration)")
class UploadApiController {

    static final String TUS_VERSION = "1.0.0";
    static final String TUS_EXTENSIONS = "creation,termination,expiration";
    static final String OFFSET_OCTET_STREAM = ApiBodyLimitFilter.UPLOAD_BYTES;
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private final UploadService uploads;

    UploadApiController(UploadService uploads) {
        this.uploads = uploads;
    }

    /** An upload's state as JSON ({@code GET /api/v1/uploads/{id}}). */
    @Schema(name = "Upload", description = "A resumable upload's state")
    record UploadState(
            @Schema(description = "The upload's id") UUID id,
            @Schema(description = "The file name from the Upload-Metadata `filename` (last path segment)")
            String fileName,
            @Schema(description = "Bytes declared at creation (Upload-Length)") long length,
            @Schema(description = "Bytes the server holds durably (Upload-Offset); resume here") long offset,
            @Schema(description = "offset == length: ready to import") boolean complete,
            @Schema(description = "Who created it") String createdBy,
            @Schema(description = "When it was created") Instant createdAt,
            @Schema(description = "When an untouched upload is deleted with its bytes; every PATCH moves it on")
            Instant expiresAt,
            @Schema(description = "The import that took its bytes, or null") UUID importJobId) {

        static UploadState of(Upload upload) {
            return new UploadState(upload.id(), upload.fileName(), upload.length(), upload.offset(),
                    upload.complete(), upload.createdBy(), upload.createdAt(), upload.expiresAt(),
                    upload.importJobId());
        }
    }

    @RequestMapping(method = RequestMethod.OPTIONS)
    @Operation(summary = "What this tus server supports (tus discovery)",
            description = "Answers the tus version, extensions and the largest upload in bytes.")
    @ApiResponse(responseCode = "204", description = "The server's tus capabilities", headers = {
            @Header(name = "Tus-Resumable", description = "1.0.0"),
            @Header(name = "Tus-Version", description = "1.0.0"),
            @Header(name = "Tus-Extension", description = TUS_EXTENSIONS),
            @Header(name = "Tus-Max-Size", description = "The largest Upload-Length this server takes")})
    ResponseEntity<Void> options() {
        HttpHeaders headers = tus();
        headers.set("Tus-Version", TUS_VERSION);
        headers.set("Tus-Extension", TUS_EXTENSIONS);
        headers.set("Tus-Max-Size", Long.toString(uploads.maxSize()));
        return ResponseEntity.noContent().headers(headers).build();
    }

    @PostMapping
    @Operation(summary = "Create an upload (tus creation)",
            description = "Declares the size and the file name; the body is empty. Then PATCH the bytes to the "
                    + "`Location`. The file name travels base64-encoded in `Upload-Metadata` (`filename <base64>`), "
                    + "as tus clients send it.")
    @Parameter(name = "Tus-Resumable", in = ParameterIn.HEADER, required = true, example = TUS_VERSION)
    @Parameter(name = "Upload-Length", in = ParameterIn.HEADER, required = true, description = "Bytes to upload",
            schema = @Schema(type = "integer", format = "int64"))
    @Parameter(name = "Upload-Metadata", in = ParameterIn.HEADER, required = true,
            description = "Comma-separated `key base64(value)` pairs; `filename` is required",
            example = "filename ZXBpc29kZS56aXA=")
    @ApiResponse(responseCode = "201", description = "Created, empty",
            content = @Content(schema = @Schema(implementation = UploadState.class)), headers = {
            @Header(name = "Location", description = "The upload's URL"),
            @Header(name = "Upload-Expires", description = "When it is deleted unless patched before")})
    @ApiResponse(responseCode = "400", description = "A missing or malformed Upload-Length or Upload-Metadata, or "
            + "no usable file name")
    @ApiResponse(responseCode = "412", description = "A Tus-Resumable version other than 1.0.0")
    @ApiResponse(responseCode = "413", description = "Upload-Length above the server's limit (Tus-Max-Size)")
    ResponseEntity<UploadState> create(HttpServletRequest request) {
        requireVersion(request);
        String declared = request.getHeader("Upload-Length");
        if (declared == null) {
            throw new IllegalArgumentException("Upload-Length is required: the upload's size in bytes (deferred "
                    + "lengths are not supported)");
        }
        long length = number("Upload-Length", declared);
        String fileName = metadata(request.getHeader("Upload-Metadata")).get("filename");
        if (fileName == null) {
            throw new IllegalArgumentException("Upload-Metadata must carry the file name: filename <base64 of the "
                    + "name>");
        }
        Upload upload = uploads.create(fileName, length);
        URI location = ServletUriComponentsBuilder.fromCurrentRequestUri().path("/{id}")
                .buildAndExpand(upload.id()).toUri();
        HttpHeaders headers = state(upload);
        headers.setLocation(location);
        return ResponseEntity.status(HttpStatus.CREATED).headers(headers).body(UploadState.of(upload));
    }

    @RequestMapping(path = "/{uploadId}", method = {RequestMethod.GET, RequestMethod.HEAD})
    @Operation(summary = "The upload's offset: HEAD as tus asks it (headers only), GET also as JSON",
            description = "`Upload-Offset` is where to resume: the bytes the server holds durably. GET adds the "
                    + "upload's state as JSON (not part of tus).")
    @Parameter(name = "Tus-Resumable", in = ParameterIn.HEADER, description = "1.0.0 (another version: 412)",
            example = TUS_VERSION)
    @ApiResponse(responseCode = "200", description = "The upload (no body for HEAD)", headers = {
            @Header(name = "Upload-Offset", description = "Bytes the server holds"),
            @Header(name = "Upload-Length", description = "Bytes declared"),
            @Header(name = "Upload-Expires", description = "When it is deleted unless patched before")})
    @ApiResponse(responseCode = "404", description = "No such upload in your organization")
    @ApiResponse(responseCode = "412", description = "A Tus-Resumable version other than 1.0.0")
    ResponseEntity<UploadState> get(@PathVariable UUID uploadId, HttpServletRequest request) {
        requireVersion(request);
        Upload upload = uploads.upload(uploadId);
        if (RequestMethod.HEAD.name().equals(request.getMethod())) {
            return ResponseEntity.ok().headers(state(upload)).build();
        }
        return ResponseEntity.ok().headers(state(upload)).body(UploadState.of(upload));
    }

    @PatchMapping("/{uploadId}")
    @Operation(summary = "Append bytes at the offset (tus core)",
            description = "Send `Content-Type: application/offset+octet-stream` and `Upload-Offset` equal to the "
                    + "upload's offset (HEAD). The body is written to disk as it arrives; if the connection "
                    + "drops, what arrived is kept and HEAD says where to resume. With a Content-Length the body "
                    + "must fit in what the upload lacks; chunked bodies are accepted too.")
    @RequestBody(description = "The next bytes of the file", required = true,
            content = @Content(mediaType = OFFSET_OCTET_STREAM,
                    schema = @Schema(type = "string", format = "binary")))
    @Parameter(name = "Tus-Resumable", in = ParameterIn.HEADER, required = true, example = TUS_VERSION)
    @Parameter(name = "Upload-Offset", in = ParameterIn.HEADER, required = true,
            description = "Where these bytes start: the upload's current offset",
            schema = @Schema(type = "integer", format = "int64"))
    @ApiResponse(responseCode = "204", description = "Stored", headers = {
            @Header(name = "Upload-Offset", description = "The new offset"),
            @Header(name = "Upload-Expires", description = "When it is deleted unless patched before")})
    @ApiResponse(responseCode = "400", description = "A missing or malformed Upload-Offset, or a body that ended "
            + "before its Content-Length (what arrived is kept)")
    @ApiResponse(responseCode = "404", description = "No such upload in your organization")
    @ApiResponse(responseCode = "409", description = "Upload-Offset is not the upload's offset, or the upload was "
            + "imported already; the answer's Upload-Offset header has the stored offset")
    @ApiResponse(responseCode = "412", description = "A Tus-Resumable version other than 1.0.0")
    @ApiResponse(responseCode = "413", description = "The body is longer than what the upload lacks")
    @ApiResponse(responseCode = "415", description = "A Content-Type other than application/offset+octet-stream")
    @ApiResponse(responseCode = "423", description = "Another PATCH of this upload is still being received")
    ResponseEntity<Void> patch(@PathVariable UUID uploadId, HttpServletRequest request) throws IOException {
        requireVersion(request);
        String type = request.getContentType();
        if (type == null || !type.split(";")[0].strip().equalsIgnoreCase(OFFSET_OCTET_STREAM)) {
            throw new UnsupportedType("Send the bytes with Content-Type: " + OFFSET_OCTET_STREAM + " (tus 1.0.0), not "
                    + (type == null ? "no Content-Type" : type));
        }
        String offset = request.getHeader("Upload-Offset");
        if (offset == null) {
            throw new IllegalArgumentException("Upload-Offset is required: the upload's offset (HEAD) where these "
                    + "bytes start");
        }
        Upload upload = uploads.append(uploadId, number("Upload-Offset", offset), request.getContentLengthLong(),
                request.getInputStream());
        return ResponseEntity.noContent().headers(state(upload)).build();
    }

    @DeleteMapping("/{uploadId}")
    @Operation(summary = "Delete the upload and its bytes (tus termination)")
    @Parameter(name = "Tus-Resumable", in = ParameterIn.HEADER, required = true, example = TUS_VERSION)
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(responseCode = "404", description = "No such upload in your organization")
    @ApiResponse(responseCode = "423", description = "A PATCH or an import of it is running")
    ResponseEntity<Void> delete(@PathVariable UUID uploadId, HttpServletRequest request) {
        requireVersion(request);
        uploads.delete(uploadId);
        return ResponseEntity.noContent().headers(tus()).build();
    }

    private static HttpHeaders tus() {
        HttpHeaders headers = new HttpHeaders();
        headers.set("Tus-Resumable", TUS_VERSION);
        headers.setCacheControl("no-store");
        return headers;
    }

    private static HttpHeaders state(Upload upload) {
        HttpHeaders headers = tus();
        headers.set("Upload-Offset", Long.toString(upload.offset()));
        headers.set("Upload-Length", Long.toString(upload.length()));
        headers.set("Upload-Expires", HTTP_DATE.format(upload.expiresAt()));
        return headers;
    }

    /** tus: a client speaking another version gets 412; a request without the header is taken as 1.0.0. */
    private static void requireVersion(HttpServletRequest request) {
        String version = request.getHeader("Tus-Resumable");
        if (version != null && !version.strip().equals(TUS_VERSION)) {
            throw new UnsupportedVersion(version);
        }
    }

    private static final class UnsupportedVersion extends RuntimeException {
        UnsupportedVersion(String version) {
            super("This server speaks tus " + TUS_VERSION + ", not " + version);
        }
    }

    private static long number(String header, String value) {
        try {
            long n = Long.parseLong(value.strip());
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(header + " must be a whole number of bytes, 0 or more, not '" + value
                    + "'");
        }
    }

    /** tus Upload-Metadata: {@code key base64,key base64,key}; keys unique, values base64 (standard alphabet). */
    static Map<String, String> metadata(String header) {
        Map<String, String> pairs = new HashMap<>();
        if (header == null || header.isBlank()) {
            return pairs;
        }
        for (String pair : header.split(",")) {
            String[] parts = pair.strip().split(" ", -1);
            if (parts.length > 2 || parts[0].isEmpty()) {
                throw new IllegalArgumentException("Upload-Metadata must be comma-separated 'key base64value' "
                        + "pairs, not '" + pair.strip() + "'");
            }
            String value;
            try {
                value = parts.length == 2 ? new String(Base64.getDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                        : "";
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Upload-Metadata's value of '" + parts[0]
                        + "' is not base64");
            }
            pairs.put(parts[0].toLowerCase(Locale.ROOT), value);
        }
        return pairs;
    }

    private static final class UnsupportedType extends RuntimeException {
        UnsupportedType(String message) {
            super(message);
        }
    }

    @ExceptionHandler(UnsupportedType.class)
    ResponseEntity<Map<String, Object>> unsupportedType(UnsupportedType e) {
        return ApiProblem.response(ApiProblem.of(HttpStatus.UNSUPPORTED_MEDIA_TYPE, e.getMessage()), tus());
    }

    @ExceptionHandler(UnsupportedVersion.class)
    ResponseEntity<Map<String, Object>> version(UnsupportedVersion e) {
        HttpHeaders headers = tus();
        headers.set("Tus-Version", TUS_VERSION);
        return ApiProblem.response(ApiProblem.of(HttpStatus.PRECONDITION_FAILED, e.getMessage()), headers);
    }

    @ExceptionHandler(UploadConflictException.class)
    ResponseEntity<Map<String, Object>> conflict(UploadConflictException e) {
        HttpHeaders headers = tus();
        headers.set("Upload-Offset", Long.toString(e.offset()));
        return ApiProblem.response(ApiProblem.of(HttpStatus.CONFLICT, e.getMessage()), headers);
    }

    @ExceptionHandler(UploadTooLargeException.class)
    ResponseEntity<Map<String, Object>> tooLarge(UploadTooLargeException e) {
        return ApiProblem.response(ApiProblem.of(HttpStatus.CONTENT_TOO_LARGE, e.getMessage()), tus());
    }

    @ExceptionHandler(UploadBusyException.class)
    ResponseEntity<Map<String, Object>> busy(UploadBusyException e) {
        HttpHeaders headers = tus();
        headers.set(HttpHeaders.RETRY_AFTER, "1");
        return ApiProblem.response(ApiProblem.of(HttpStatus.LOCKED, e.getMessage()), headers);
    }

    @ExceptionHandler(UploadInterruptedException.class)
    ResponseEntity<Map<String, Object>> interrupted(UploadInterruptedException e) {
        // Usually nobody is left to read this: the client's connection is gone.
        HttpHeaders headers = tus();
        headers.set("Upload-Offset", Long.toString(e.offset()));
        return ApiProblem.response(ApiProblem.of(HttpStatus.BAD_REQUEST, e.getMessage()), headers);
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<Map<String, Object>> badInput(IllegalArgumentException e) {
        return ApiProblem.response(ApiProblem.of(HttpStatus.BAD_REQUEST, e.getMessage()), tus());
    }

    @ExceptionHandler(NotFoundInOrganizationException.class)
    ResponseEntity<Map<String, Object>> notFound(NotFoundInOrganizationException e) {
        return ApiProblem.response(ApiProblem.of(HttpStatus.NOT_FOUND, "No such upload"), tus());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Map<String, Object>> badId(MethodArgumentTypeMismatchException e) {
        return ApiProblem.response(ApiProblem.of(HttpStatus.NOT_FOUND, "No such upload"), tus());
    }

    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<Map<String, Object>> forbidden(AccessDeniedException e) {
        return ApiProblem.response(HttpStatus.FORBIDDEN, "Only admins and project managers upload and import");
    }
}
