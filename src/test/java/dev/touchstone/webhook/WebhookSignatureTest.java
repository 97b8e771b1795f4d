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

    static final String ROTATED = "whsec_rotated-secret-for-the-docs-11111111111";
    static final String ROTATED_OPENSSL = "f767364ef1fcc5c750a382f9387be2281bddcbd89e1d5b64f4f6653313424b42";

    @Test
    void duringARotationTheHeaderCarriesBothSignaturesAndEitherSecretVerifies() {
        String header = WebhookSignature.header(java.util.List.of(ROTATED, SECRET), TIMESTAMP, BODY);
        assertThat(header).as("docs/webhooks.md, Rotating the secret: the new one first")
                .isEqualTo("v1=" + ROTATED_OPENSSL + ",v1=" + OPENSSL);
        assertThat(WebhookSignature.verify(ROTATED, "1765112400", header, BODY, TIMESTAMP, 300))
                .as("a receiver that switched").isTrue();
        assertThat(WebhookSignature.verify(SECRET, "1765112400", header, BODY, TIMESTAMP, 300))
                .as("a receiver that has not switched yet").isTrue();
        assertThat(WebhookSignature.verify(SECRET + "x", "1765112400", header, BODY, TIMESTAMP, 300)).isFalse();
        assertThat(WebhookSignature.verify(SECRET, "1765112400", "v0=" + OPENSSL + ", v1=" + ROTATED_OPENSSL, BODY,
                TIMESTAMP, 300)).as("only v1 entries count").isFalse();
        assertThat(WebhookSignature.verify(ROTATED, "1765112400", "v0=" + OPENSSL + ", v1=" + ROTATED_OPENSSL, BODY,
                TIMESTAMP, 300)).as("spaces after the comma are allowed").isTrue();
    }
}
