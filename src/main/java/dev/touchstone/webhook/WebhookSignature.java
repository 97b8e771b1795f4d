package dev.touchstone.webhook;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

/**
 * How a delivery is signed, and how a receiver checks it (docs/webhooks.md): the signature is the lower-case hex
 * HMAC-SHA256, keyed with the endpoint's secret (its UTF-8 bytes), of {@code timestamp + "." + body}, where timestamp
 * is the {@value #TIMESTAMP} header (Unix seconds) and body the raw request body. Signing the timestamp with the body
 * lets a receiver refuse a replayed old request by its age without trusting an unsigned header.
 * <p>
 * While an endpoint's secret is being rotated, the header carries one {@code v1=} entry per secret, comma-separated,
 * the new secret's first ({@code v1=<new>,v1=<old>}, as Stripe does): a receiver that holds either secret finds its
 * signature among them, so it can switch secrets at any time during the grace period.
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

    /** The {@value #SIGNATURE} header's value signed with each secret in turn: {@code v1=<a>,v1=<b>}. */
    public static String header(List<String> secrets, long timestamp, String body) {
        return secrets.stream().map(secret -> header(secret, timestamp, body)).collect(Collectors.joining(","));
    }

    /**
     * What a receiver does: one of the header's {@code v1=} entries matches (each compared in constant time) and the
     * timestamp is at most {@code toleranceSeconds} from {@code nowSeconds}. Entries of another scheme are ignored.
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
        boolean found = false;
        for (String entry : signatureHeader.split(",")) {
            // Every entry is compared, so the time taken does not say which one matched.
            found |= MessageDigest.isEqual(expected, entry.strip().getBytes(StandardCharsets.UTF_8));
        }
        return found;
    }
}
