package dev.touchstone.shell.idempotency;

import dev.touchstone.common.ApiProblem;
import dev.touchstone.organization.CurrentOrganization;
import dev.touchstone.organization.TouchstoneUser;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code Idempotency-Key} on every POST under {@code /api/v1} (docs/api.md, "Idempotency"), so that a client that
 * lost an answer can send the request again without doing it twice. A key belongs to the organization and the member
 * who sent it (by session or by API token) and is kept {@link #RETENTION}:
 * <ul>
 *     <li>the first request with a key runs, and its answer (status, {@code Content-Type}, {@code Location}, body)
 *     is stored unless it failed on the server's side (5xx), which frees the key for a retry;</li>
 *     <li>the same key with the same request (method, path, query, body) gets the stored answer again, with
 *     {@code Idempotent-Replayed: true}, and nothing runs;</li>
 *     <li>while the first request still runs, any request with the key is refused with 409 (and
 *     {@code Retry-After: 1}); after it, the same key with another request is refused with 422.</li>
 * </ul>
 * Registered after Spring Security ({@link IdempotencyConfiguration}): a request refused there (401, 403) never
 * claims a key. A POST without the header runs as before.
 */
final class IdempotencyKeyFilter extends OncePerRequestFilter {

    static final String HEADER = "Idempotency-Key";
    static final String REPLAYED = "Idempotent-Replayed";
    static final Duration RETENTION = Duration.ofHours(24);
    /** The largest body a keyed request may have: the largest any POST under /api/v1 takes (predictions). */
    static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

    private final IdempotencyRepository keys;
    private final CurrentOrganization current;
    private final Clock clock;

    IdempotencyKeyFilter(IdempotencyRepository keys, CurrentOrganization current, Clock clock) {
        this.keys = keys;
        this.current = current;
        this.clock = clock;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod()) || request.getHeader(HEADER) == null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<TouchstoneUser> caller = current.user();
        if (caller.isEmpty()) {
            // Only the API's few anonymous POSTs get here (none today); no member, no key.
            chain.doFilter(request, response);
            return;
        }
        String key = request.getHeader(HEADER);
        if (!wellFormed(key)) {
            ApiProblem.write(response, HttpStatus.BAD_REQUEST, "The Idempotency-Key header must be 1 to 255"
                    + " printable ASCII characters (a UUID is a good key)");
            return;
        }
        byte[] body = read(request);
        if (body == null) {
            ApiProblem.write(response, HttpStatus.CONTENT_TOO_LARGE, "A request with an Idempotency-Key may have a"
                    + " body of at most " + MAX_BODY_BYTES / (1024 * 1024) + " MB");
            return;
        }
        var organizationId = caller.get().organization().id();
        var userId = caller.get().userId();
        Instant now = clock.instant();
        Optional<IdempotencyRepository.Stored> stored = keys.claim(organizationId, userId, key,
                hash(request, body), now, now.minus(RETENTION));
        if (stored.isPresent()) {
            answerFromKey(stored.get(), hash(request, body), response);
            return;
        }
        ContentCachingResponseWrapper answer = new ContentCachingResponseWrapper(response);
        boolean kept = false;
        try {
            chain.doFilter(new Replayable(request, body), answer);
            if (answer.getStatus() < 500) {
                keys.complete(organizationId, userId, key, clock.instant(), answer.getStatus(),
                        answer.getContentType(), answer.getHeader(HttpHeaders.LOCATION),
                        answer.getContentAsByteArray());
                kept = true;
            }
        } finally {
            if (!kept) {
                keys.release(organizationId, userId, key);
            }
        }
        answer.copyBodyToResponse();
    }

    private static void answerFromKey(IdempotencyRepository.Stored stored, byte[] hash, HttpServletResponse response)
            throws IOException {
        if (!stored.completed()) {
            // Whatever this request's body: the first one's answer is not known yet, so neither is whether they match.
            response.setHeader(HttpHeaders.RETRY_AFTER, "1");
            ApiProblem.write(response, HttpStatus.CONFLICT, "A request with this Idempotency-Key is still running;"
                    + " try again when it has finished to get its answer");
            return;
        }
        if (!stored.sameRequest(hash)) {
            ApiProblem.write(response, HttpStatus.UNPROCESSABLE_CONTENT, "This Idempotency-Key was used for another"
                    + " request (another path or body) in the last 24 hours; use a new key for a new request");
            return;
        }
        response.setStatus(stored.status());
        response.setHeader(REPLAYED, "true");
        if (stored.contentType() != null) {
            response.setContentType(stored.contentType());
        }
        if (stored.location() != null) {
            response.setHeader(HttpHeaders.LOCATION, stored.location());
        }
        if (stored.body() != null && stored.body().length > 0) {
            response.setContentLength(stored.body().length);
            response.getOutputStream().write(stored.body());
        }
    }

    static boolean wellFormed(String key) {
        if (key.isEmpty() || key.length() > 255) {
            return false;
        }
        return key.chars().allMatch(c -> c >= 0x20 && c <= 0x7e);
    }

    /** The body, or null when it is larger than {@link #MAX_BODY_BYTES}. */
    private static byte[] read(HttpServletRequest request) throws IOException {
        if (request.getContentLengthLong() > MAX_BODY_BYTES) {
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = request.getInputStream()) {
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) > 0; ) {
                out.write(buffer, 0, n);
                if (out.size() > MAX_BODY_BYTES) {
                    return null;
                }
            }
        }
        return out.toByteArray();
    }

    private static byte[] hash(HttpServletRequest request, byte[] body) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            String query = request.getQueryString();
            sha.update((request.getMethod() + "\n" + request.getRequestURI() + "\n" + (query == null ? "" : query)
                    + "\n").getBytes(StandardCharsets.UTF_8));
            return sha.digest(body);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JVM has SHA-256", e);
        }
    }

    /** The request with the body read already, for the controllers after this filter. */
    private static final class Replayable extends HttpServletRequestWrapper {
        private final byte[] body;

        Replayable(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("The body is read already");
                }

                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            String encoding = getCharacterEncoding();
            return new BufferedReader(new InputStreamReader(getInputStream(),
                    encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding)));
        }
    }
}
