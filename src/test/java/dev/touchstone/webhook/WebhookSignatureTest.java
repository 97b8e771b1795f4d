package dev.touchstone.webhook;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The worked example of docs/webhooks.md, "Verifying a delivery": the expected signature was computed outside Java,
 * with {@code printf '%s' '<timestamp>.<body>' | openssl dgst -sha256 -hmac '<secret>' -hex}, so this checks the
 * signing against an independent implementation, not against itself.
 */
class WebhookSignatureTest {

    static final String SECRET = "whsec_example-secret-for-the-docs-000000000";
    static final long TIMESTAMP = 1765112400L;
    static final String BODY = "{\"id\":\"0193a3c4-0000-7000-8000-000000000001\",\"type\":\"ping\"}";
    static final String OPENSSL = "e28828bfd3e013e982c97c30f1e1380a018d6bcd008774dd6ad411f765efa869";

    @Test
    void theSignatureIsTheHexHmacSha256OfTimestampDotBody() {
        assertThat(WebhookSignature.sign(SECRET, TIMESTAMP, BODY)).isEqualTo(OPENSSL);
        assertThat(WebhookSignature.header(SECRET, TIMESTAMP, BODY)).isEqualTo("v1=" + OPENSSL);
    }

    @Test
    void aReceiverAcceptsItWithinTheToleranceAndRefusesAnythingChanged() {
        String header = "v1=" + OPENSSL;
        assertThat(WebhookSignature.verify(SECRET, "1765112400", header, BODY, TIMESTAMP + 299, 300)).isTrue();
        assertThat(WebhookSignature.verify(SECRET, "1765112400", header, BODY, TIMESTAMP + 301, 300))
                .as("too old: a replayed capture").isFalse();
        assertThat(WebhookSignature.verify(SECRET, "1765112401", header, BODY, TIMESTAMP, 300))
                .as("another timestamp").isFalse();
        assertThat(WebhookSignature.verify(SECRET, "1765112400", header, BODY + " ", TIMESTAMP, 300))
                .as("another body, even by a space").isFalse();
        assertThat(WebhookSignature.verify(SECRET + "x", "1765112400", header, BODY, TIMESTAMP, 300))
                .as("another secret").isFalse();
        assertThat(WebhookSignature.verify(SECRET, "soon", header, BODY, TIMESTAMP, 300)).isFalse();
    }
}
