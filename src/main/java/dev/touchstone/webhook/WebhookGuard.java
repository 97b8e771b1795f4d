package dev.touchstone.webhook;

import dev.touchstone.common.NetworkAddresses;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Keeps an admin from making the server POST into its own network (server-side request forgery), as the ML backend's
 * guard does: an endpoint's host must resolve only to public addresses ({@link NetworkAddresses}), checked when the
 * endpoint is saved and again before every attempt (what a name resolves to can change). The operator's ways out:
 * {@value #ALLOWED_HOSTS} (hosts exactly as written in the URL, which may resolve to anything) and
 * {@value #ALLOW_PRIVATE} (loopback and private addresses for every host).
 */
@Component
class WebhookGuard {

    static final String ALLOWED_HOSTS = "touchstone.webhook.allowed-hosts";
    static final String ALLOW_PRIVATE = "touchstone.webhook.allow-private-networks";
    static final int MAX_URL = 2000;

    private final Set<String> allowedHosts;
    private final boolean allowPrivate;

    WebhookGuard(@Value("${" + ALLOWED_HOSTS + ":}") List<String> allowedHosts,
                 @Value("${" + ALLOW_PRIVATE + ":false}") boolean allowPrivate) {
        this.allowedHosts = allowedHosts.stream().map(String::strip).filter(h -> !h.isEmpty())
                .map(WebhookGuard::bare).collect(Collectors.toUnmodifiableSet());
        this.allowPrivate = allowPrivate;
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

    /** Resolves the host and refuses it when one of its addresses is of a refused kind. */
    void check(URI url) {
        String host = bare(url.getHost() == null ? "" : url.getHost());
        if (allowedHosts.contains(host)) {
            return;
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("The webhook's host '" + host + "' does not resolve to an address");
        }
        for (InetAddress address : addresses) {
            String kind = NetworkAddresses.refusedKind(address, allowPrivate);
            if (kind != null) {
                throw new IllegalArgumentException("The webhook's host '" + host + "' resolves to "
                        + address.getHostAddress() + ", " + kind + "; Touchstone does not call into its own network"
                        + " unless the operator allows the host (" + ALLOWED_HOSTS + ")");
            }
        }
    }

    private static String bare(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    }
}
