package dev.touchstone.webhook;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * How a delivery is signed, and how a receiver checks it (docs/webhooks.md): the signature is the lower-case hex
 * HMAC-SHA256, keyed with the endpoint's secret (its UTF-8 bytes), of {@code timestamp + "." + body}, where timestamp
 * is the {@value #TIMESTAMP} header (Unix seconds) and body the raw request body. Signing the timestamp with the body
 * lets a receiver refuse a replayed old request by its age without trusting an unsigned header.
 */
public final class WebhookSignature {

    /** Unix seconds when the attempt was made. */
    public static final String TIMESTAMP = "Touchstone-Timestamp";
    /** {@code v1=<hex>}: the scheme's version and the signature. */
    public static final String SIGNATURE = "Touchstone-Signature";
    /** The payload's type, e.g. {@code task.accepted}. */
    public static final String EVENT = "Touchstone-Event";
    /** The delivery's id (a replay has a new one; the payload's {@code id} stays the event's). */
    public static final String DELIVERY = "Touchstone-Delivery";

    private WebhookSignature() {
    }

    /** The hex signature of {@code timestamp + "." + body}. */
    public static String sign(String secret, long timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    /** The {@value #SIGNATURE} header's value. */
    public static String header(String secret, long timestamp, String body) {
        return "v1=" + sign(secret, timestamp, body);
    }

    /**
     * What a receiver does: the header matches (compared in constant time) and the timestamp is at most
     * {@code toleranceSeconds} from {@code nowSeconds}.
     */
    public static boolean verify(String secret, String timestampHeader, String signatureHeader, String body,
                                 long nowSeconds, long toleranceSeconds) {
        long timestamp;
        try {
            timestamp = Long.parseLong(timestampHeader);
        } catch (NumberFormatException | NullPointerException e) {
            return false;
        }
        if (Math.abs(nowSeconds - timestamp) > toleranceSeconds || signatureHeader == null) {
            return false;
        }
        byte[] expected = header(secret, timestamp, body).getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(expected, signatureHeader.strip().getBytes(StandardCharsets.UTF_8));
    }
}
