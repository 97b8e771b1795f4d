package dev.touchstone.proposal;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;

/**
 * Calls an ML backend over plain HTTP: a JSON POST signed with the project's shared secret, a timeout per attempt,
 * and retries with exponential backoff after a timeout, a failed connection or a 5xx answer (never after a 4xx: the
 * backend said the request is wrong, and asking again would not change that).
 * <p>
 * Signature: {@value #TIMESTAMP_HEADER} is the Unix time in seconds when the attempt was made, and
 * {@value #SIGNATURE_HEADER} is {@code sha256=} and the lowercase hex HMAC-SHA256, keyed with the secret's UTF-8
 * bytes, of the timestamp, a dot, and the body's bytes ({@code "1765130000.{...}"}). A backend recomputes it and
 * refuses a mismatch or an old timestamp (replay).
 * <p>
 * Before every attempt the host is checked by {@link MlBackendGuard} (no calls into the server's own network);
 * redirects are not followed (a redirect could lead there); an answer is read up to
 * {@code touchstone.proposal.ml-backend.max-answer-bytes} and refused beyond.
 */
@Component
class MlBackendClient {

    static final String TIMESTAMP_HEADER = "X-Touchstone-Timestamp";
    static final String SIGNATURE_HEADER = "X-Touchstone-Signature";

    /** What came back: the last attempt's status and body, or why none came. */
    record Answer(int attempts, Integer status, String body, String failure) {
        boolean ok() {
            return failure == null && status != null && status / 100 == 2;
        }
    }

    private final HttpClient http;
    private final Duration timeout;
    private final int maxAttempts;
    private final Duration backoff;
    private final long maxAnswerBytes;
    private final MlBackendGuard guard;

    MlBackendClient(@Value("${touchstone.proposal.ml-backend.timeout:10s}") Duration timeout,
                    @Value("${touchstone.proposal.ml-backend.attempts:3}") int maxAttempts,
                    @Value("${touchstone.proposal.ml-backend.backoff:1s}") Duration backoff,
                    @Value("${touchstone.proposal.ml-backend.max-answer-bytes:"
                            + ProposalService.MAX_PREDICTIONS_BYTES + "}") long maxAnswerBytes,
                    MlBackendGuard guard) {
        this.timeout = timeout;
        this.maxAttempts = Math.max(1, maxAttempts);
        this.backoff = backoff;
        this.maxAnswerBytes = maxAnswerBytes;
        this.guard = guard;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    Duration timeout() {
        return timeout;
    }

    int maxAttempts() {
        return maxAttempts;
    }

    long maxAnswerBytes() {
        return maxAnswerBytes;
    }

    Answer post(URI url, String secret, String body) {
        Integer status = null;
        String answer = null;
        String failure = null;
        int attempt = 0;
        while (attempt < maxAttempts) {
            if (attempt > 0) {
                try {
                    Thread.sleep(backoff.multipliedBy(1L << (attempt - 1)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return new Answer(attempt, status, answer, "Interrupted before attempt " + (attempt + 1));
                }
            }
            attempt++;
            try {
                // Again before every attempt: the name may resolve elsewhere than when the URL was saved.
                guard.check(url);
            } catch (IllegalArgumentException e) {
                return new Answer(attempt, null, null, e.getMessage());
            }
            String timestamp = Long.toString(System.currentTimeMillis() / 1000);
            HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout)
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json")
                    .header(TIMESTAMP_HEADER, timestamp)
                    .header(SIGNATURE_HEADER, "sha256=" + signature(secret, timestamp, body))
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                    .build();
            try {
                HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
                status = response.statusCode();
                try (InputStream in = response.body()) {
                    // One byte more than allowed tells a too large answer from one of exactly the limit.
                    byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxAnswerBytes + 1));
                    if (bytes.length > maxAnswerBytes) {
                        return new Answer(attempt, status, null, "The ML backend's answer is larger than "
                                + maxAnswerBytes + " bytes; it was not read further");
                    }
                    answer = new String(bytes, StandardCharsets.UTF_8);
                }
                failure = null;
                if (status / 100 == 3) {
                    return new Answer(attempt, status, answer, "The ML backend answered HTTP " + status
                            + " (a redirect to " + response.headers().firstValue("Location").orElse("nowhere")
                            + "); redirects are not followed, set the URL it points to instead");
                }
                if (status / 100 != 5) {
                    break;
                }
            } catch (HttpTimeoutException e) {
                status = null;
                answer = null;
                failure = "No answer within " + timeout.toMillis() / 1000.0 + " s";
            } catch (IOException e) {
                status = null;
                answer = null;
                failure = "Could not reach the ML backend: " + (e.getMessage() == null
                        ? e.getClass().getSimpleName() : e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Answer(attempt, null, null, "Interrupted while waiting for the ML backend");
            }
        }
        return new Answer(attempt, status, answer, failure);
    }

    /** The lowercase hex HMAC-SHA256 of {@code timestamp + "." + body}, keyed with the secret. */
    static String signature(String secret, String timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
