package dev.touchstone.media;

import dev.touchstone.storage.BlobInfo;
import dev.touchstone.storage.BlobStore;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;

/**
 * Serves one stored blob over HTTP with single byte ranges ({@link ByteRange}), an ETag (its SHA-256, else size and
 * modification time), {@code Last-Modified}, {@code If-None-Match} and {@code If-Range}, streaming straight from the
 * store (never holding the blob). The player's video and frame indexes use it, and so do other modules' downloads
 * (release files); the caller checks access first.
 */
public final class BlobResponses {

    private BlobResponses() {
    }

    /**
     * Answers 200, 206, 304 or 416 for the blob, which must exist ({@code info} is its {@link BlobStore#info}).
     * {@code extraHeaders} run before anything is written (e.g. Content-Disposition).
     */
    public static void serve(BlobStore blobs, String key, BlobInfo info, String contentType, String cacheControl,
                             HttpServletRequest request, HttpServletResponse response) throws IOException {
        long size = info.size();
        String etag = "\"" + (info.sha256() != null ? info.sha256()
                : Long.toHexString(size) + "-" + (info.lastModified() == null ? 0 : info.lastModified().toEpochMilli()))
                + "\"";
        String lastModified = info.lastModified() == null ? null
                : DateTimeFormatter.RFC_1123_DATE_TIME.format(info.lastModified().atOffset(ZoneOffset.UTC)
                .withNano(0));
        response.setHeader(HttpHeaders.ACCEPT_RANGES, "bytes");
        response.setHeader(HttpHeaders.ETAG, etag);
        if (lastModified != null) {
            response.setHeader(HttpHeaders.LAST_MODIFIED, lastModified);
        }
        response.setHeader(HttpHeaders.CACHE_CONTROL, cacheControl);
        response.setContentType(contentType);
        String ifNoneMatch = request.getHeader(HttpHeaders.IF_NONE_MATCH);
        if (ifNoneMatch != null && (ifNoneMatch.strip().equals("*") || Arrays.stream(ifNoneMatch.split(","))
                .map(String::strip).map(tag -> tag.startsWith("W/") ? tag.substring(2) : tag)
                .anyMatch(etag::equals))) {
            response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            return;
        }
        ByteRange.Answer answer = ByteRange.parse(request.getHeader(HttpHeaders.RANGE), size);
        String ifRange = request.getHeader(HttpHeaders.IF_RANGE);
        // A range is only valid for the representation the client already has; otherwise send it all again.
        if (ifRange != null && !ifRange.strip().equals(etag) && !ifRange.strip().equals(lastModified)) {
            answer = new ByteRange.Whole();
        }
        switch (answer) {
            case ByteRange.Unsatisfiable u -> {
                response.setStatus(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE.value());
                response.setHeader(HttpHeaders.CONTENT_RANGE, "bytes */" + size);
                response.setContentType("text/plain;charset=UTF-8");
                byte[] message = ("The range starts beyond the " + size + "-byte content\n")
                        .getBytes(StandardCharsets.UTF_8);
                response.setContentLength(message.length);
                response.getOutputStream().write(message);
            }
            case ByteRange.Partial(ByteRange range) -> {
                response.setStatus(HttpStatus.PARTIAL_CONTENT.value());
                response.setHeader(HttpHeaders.CONTENT_RANGE, range.contentRange(size));
                response.setContentLengthLong(range.length());
                if (!isHead(request)) {
                    copy(blobs, key, range.start(), range.length(), response);
                }
            }
            case ByteRange.Whole w -> {
                response.setStatus(HttpServletResponse.SC_OK);
                response.setContentLengthLong(size);
                if (!isHead(request)) {
                    copy(blobs, key, 0, size, response);
                }
            }
        }
    }

    /** Bytes {@code offset .. offset + length - 1} of the blob to the response body. */
    public static void copy(BlobStore blobs, String key, long offset, long length, HttpServletResponse response)
            throws IOException {
        try (InputStream in = blobs.openRange(key, offset, length)) {
            in.transferTo(response.getOutputStream());
        }
    }

    public static boolean isHead(HttpServletRequest request) {
        return "HEAD".equalsIgnoreCase(request.getMethod());
    }
}
