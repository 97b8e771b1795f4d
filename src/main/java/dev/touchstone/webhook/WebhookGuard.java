package dev.touchstone.webhook;

import dev.touchstone.common.NetworkAddresses;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

/**
 * Keeps an admin from making the server POST into its own network (server-side request forgery) with the check the ML
 * backend and single sign-on share ({@link NetworkAddresses}): an endpoint's host must resolve only to public
 * addresses, checked when the endpoint is saved and again before every attempt (what a name resolves to can change).
 * This class adds what only a webhook URL must be (absolute http or https, no user info). The operator's ways out:
 * {@value #ALLOWED_HOSTS} (hosts exactly as written in the URL, which may resolve to anything) and
 * {@value #ALLOW_PRIVATE} (loopback and private addresses for every host).
 */
@Component
class WebhookGuard {

    static final String ALLOWED_HOSTS = "touchstone.webhook.allowed-hosts";
    static final String ALLOW_PRIVATE = "touchstone.webhook.allow-private-networks";
    static final int MAX_URL = 2000;

    private final NetworkAddresses.Guard guard;

    WebhookGuard(@Value("${" + ALLOWED_HOSTS + ":}") List<String> allowedHosts,
                 @Value("${" + ALLOW_PRIVATE + ":false}") boolean allowPrivate) {
        this.guard = NetworkAddresses.guard("webhook", ALLOWED_HOSTS, allowedHosts, allowPrivate);
    }

    /**
     * The URL as the endpoint stores it.
     *
     * @throws IllegalArgumentException for a URL that is not absolute http(s) with a host, too long, or whose host
     *                                  does not resolve or resolves to a refused address
     */
    URI parse(String url) {
        String u = url == null ? "" : url.strip();
        if (u.isEmpty() || u.length() > MAX_URL) {
            throw new IllegalArgumentException("url is required: an http or https address of at most " + MAX_URL
                    + " characters");
        }
        URI uri;
        try {
            uri = new URI(u);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("url is not a valid address: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null || uri.getHost().isBlank()) {
            throw new IllegalArgumentException("url must be an absolute http or https address with a host, e.g. "
                    + "https://example.com/hooks/touchstone");
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("url must not carry a user name or password; the signature "
                    + "authenticates Touchstone to the receiver");
        }
        check(uri);
        return uri;
    }

    /**
     * Resolves the host and refuses it when one of its addresses is of a refused kind ({@link NetworkAddresses}).
     *
     * @throws NetworkAddresses.RefusedAddressException naming the address and why
     * @throws IllegalArgumentException                 when the host does not resolve
     */
    void check(URI url) {
        guard.check(url);
    }
}
