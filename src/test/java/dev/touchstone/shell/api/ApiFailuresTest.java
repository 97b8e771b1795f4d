package dev.touchstone.shell.api;

import dev.touchstone.storage.BlobStoreException;
import jakarta.servlet.ServletException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Which failures answer 503 with {@code Retry-After} (the infrastructure, for a moment) and which 500 (anything
 * else, never retried by a client), at the two places that answer them: {@link ApiExceptionHandler} for failures in a
 * controller and {@link ApiFailureFilter} for failures before one. The full disk is the operating system's own
 * ENOSPC, from writing to {@code /dev/full}, as the filesystem blob store would meet it; the database failures are
 * the shapes the drivers and Spring give them (the whole path over HTTP with a real database going away is
 * {@code DatabaseUnavailableTest}).
 */
class ApiFailuresTest {

    private final ApiExceptionHandler handler = new ApiExceptionHandler();

    /** The IOException Linux gives a write to a full disk. */
    private static IOException diskFull() throws IOException {
        Path full = Path.of("/dev/full");
        assumeThat(Files.isWritable(full)).as("/dev/full (Linux)").isTrue();
        try (FileChannel channel = FileChannel.open(full, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(new byte[4096]));
        } catch (IOException e) {
            return e;
        }
        throw new AssertionError("writing to /dev/full succeeded");
    }

    private static MockHttpServletRequest request(String path) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", path);
        request.setRequestURI(path);
        return request;
    }

    private ResponseEntity<Map<String, Object>> handled(Exception failure) throws Exception {
        return handler.failed(failure, request("/api/v1/drafts/x/saves"), new MockHttpServletResponse());
    }

    private static void unavailable(ResponseEntity<Map<String, Object>> answer) {
        assertThat(answer.getStatusCode().value()).isEqualTo(503);
        assertThat(answer.getHeaders().getFirst("Retry-After")).isEqualTo("5");
        assertThat(answer.getHeaders().getContentType()).hasToString("application/problem+json");
        assertThat(answer.getBody()).containsEntry("status", 503).containsEntry("title", "Service Unavailable");
        assertThat(answer.getBody().get("detail").toString()).contains("try again")
                .doesNotContain("Exception").doesNotContain("/dev/full").doesNotContain("SQL");
    }

    private static void failed(ResponseEntity<Map<String, Object>> answer) {
        assertThat(answer.getStatusCode().value()).isEqualTo(500);
        assertThat(answer.getHeaders().getFirst("Retry-After")).isNull();
        assertThat(answer.getBody().get("detail").toString()).isEqualTo("The server failed to answer; the failure "
                + "is logged");
    }

    @Test
    void aFullDiskUnderTheBlobStoreIs503() throws Exception {
        IOException enospc = diskFull();
        assertThat(enospc.getMessage()).contains("No space left on device");
        // As FilesystemBlobStore wraps it.
        unavailable(handled(new BlobStoreException("Cannot store blob 'a/b' in /data/blobs: " + enospc.getMessage(),
                enospc)));
        unavailable(handled(enospc));
    }

    @Test
    void theDatabaseUnreachableFullOrRestartingIs503HoweverItIsWrapped() throws Exception {
        SQLTransientConnectionException poolTimeout = new SQLTransientConnectionException(
                "touchstone - Connection is not available, request timed out after 30000ms", "08001");
        // jOOQ's own exception where no translation ran (acquiring the connection), and Spring's.
        unavailable(handled(new org.jooq.exception.DataAccessException("Error getting connection from data source",
                poolTimeout)));
        unavailable(handled(new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection", poolTimeout)));
        // PostgreSQL's full disk (53100) and a server shutting down (57P01), translated by Spring.
        unavailable(handled(new DataAccessResourceFailureException("jOOQ; SQL [insert ...]",
                new SQLException("could not extend file \"base/5/16384\": No space left on device", "53100"))));
        unavailable(handled(new DataAccessResourceFailureException("jOOQ; SQL [select ...]",
                new SQLException("terminating connection due to administrator command", "57P01"))));
    }

    @Test
    void whatRetryingCannotFixIs500WithoutInternals() throws Exception {
        // "Program limit exceeded" (an index row too large): Spring calls it a resource failure, but the same request
        // fails the same way every time, and a client that retried on 503 would retry forever.
        failed(handled(new DataAccessResourceFailureException("jOOQ; SQL [insert ...]",
                new SQLException("index row size 9000 exceeds btree version 4 maximum 2704", "54000"))));
        ResponseEntity<Map<String, Object>> bug = handled(new IllegalStateException("secret internals at Foo.bar"));
        failed(bug);
        assertThat(bug.getBody().toString()).doesNotContain("secret internals");
        failed(handled(new IOException("Permission denied")));
    }

    @Test
    void aFailureBeforeAnyControllerIs503OnTheApiAndTheMediaPlane() throws Exception {
        ApiFailureFilter filter = new ApiFailureFilter();
        IOException enospc = diskFull();
        MockFilterChain fullDisk = new MockFilterChain() {
            @Override
            public void doFilter(jakarta.servlet.ServletRequest request, jakarta.servlet.ServletResponse response) {
                throw new BlobStoreException("Cannot store blob: " + enospc.getMessage(), enospc);
            }
        };

        MockHttpServletResponse api = new MockHttpServletResponse();
        filter.doFilter(request("/api/v1/drafts/x/saves"), api, fullDisk);
        assertThat(api.getStatus()).isEqualTo(503);
        assertThat(api.getHeader("Retry-After")).isEqualTo("5");
        assertThat(api.getContentType()).startsWith("application/problem+json");
        assertThat(api.getContentAsString()).contains("\"status\":503").contains("try again")
                .doesNotContain("Exception");

        MockHttpServletResponse media = new MockHttpServletResponse();
        filter.doFilter(request("/media/v1/streams/x/video"), media, fullDisk);
        assertThat(media.getStatus()).isEqualTo(503);
        assertThat(media.getHeader("Retry-After")).isEqualTo("5");

        MockFilterChain broken = new MockFilterChain() {
            @Override
            public void doFilter(jakarta.servlet.ServletRequest request, jakarta.servlet.ServletResponse response) {
                throw new IllegalStateException("secret internals");
            }
        };
        MockHttpServletResponse bug = new MockHttpServletResponse();
        filter.doFilter(request("/api/v1/me"), bug, broken);
        assertThat(bug.getStatus()).isEqualTo(500);
        assertThat(bug.getContentType()).startsWith("application/problem+json");
        assertThat(bug.getContentAsString()).doesNotContain("secret internals");
        // Outside the API a bug is the container's to render, as before.
        assertThatThrownBy(() -> filter.doFilter(request("/media/v1/streams/x/video"), new MockHttpServletResponse(),
                broken)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aServletExceptionAroundADatabaseFailureIs503() throws Exception {
        ApiFailureFilter filter = new ApiFailureFilter();
        MockFilterChain wrapped = new MockFilterChain() {
            @Override
            public void doFilter(jakarta.servlet.ServletRequest request, jakarta.servlet.ServletResponse response)
                    throws ServletException {
                throw new ServletException("Request processing failed", new CannotGetJdbcConnectionException(
                        "Failed to obtain JDBC Connection", new SQLTransientConnectionException("timed out")));
            }
        };
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(request("/api/v1/releases"), response, wrapped);
        assertThat(response.getStatus()).isEqualTo(503);
    }
}
