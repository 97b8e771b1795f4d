package dev.touchstone.proposal;

import dev.touchstone.common.NetworkAddresses;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Keeps a project manager from making the server call into its own network (server-side request forgery): an ML
 * backend's host must resolve only to public addresses. Refused, unless the operator allows them: loopback, private
 * (10/8, 172.16/12, 192.168/16, fc00::/7), link-local (169.254/16 with the cloud metadata service, fe80::/10),
 * unspecified (0.0.0.0/8, ::) and multicast addresses. Checked when the URL is saved and again before every request,
 * because what a name resolves to can change after it was saved (DNS rebinding).
 * <p>
 * The operator's ways out: {@code touchstone.proposal.ml-backend.allowed-hosts}, host names or addresses exactly as
 * written in the URL that may resolve to anything; {@code touchstone.proposal.ml-backend.allow-private-networks=true},
 * loopback and private addresses for every host (link-local, unspecified and multicast stay refused: a backend on a
 * private network has no business at the metadata address).
 */
@Component
class MlBackendGuard {

    /** The property naming hosts that may resolve to any address. */
    static final String ALLOWED_HOSTS = "touchstone.proposal.ml-backend.allowed-hosts";
    /** The property allowing loopback and private addresses for every host. */
    static final String ALLOW_PRIVATE = "touchstone.proposal.ml-backend.allow-private-networks";

    /** A URL whose host Touchstone will not call; the message says which address and why. */
    static final class RefusedAddressException extends IllegalArgumentException {
        RefusedAddressException(String message) {
            super(message);
        }
    }

    /** Name resolution; the system's resolver in the application. */
    @FunctionalInterface
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final Set<String> allowedHosts;
    private final boolean allowPrivate;
    private final Resolver resolver;

    @Autowired
    MlBackendGuard(@Value("${" + ALLOWED_HOSTS + ":}") List<String> allowedHosts,
                   @Value("${" + ALLOW_PRIVATE + ":false}") boolean allowPrivate) {
        this(allowedHosts, allowPrivate, InetAddress::getAllByName);
    }

    MlBackendGuard(List<String> allowedHosts, boolean allowPrivate, Resolver resolver) {
        this.allowedHosts = allowedHosts.stream().map(String::strip).filter(h -> !h.isEmpty())
                .map(MlBackendGuard::bare).collect(Collectors.toUnmodifiableSet());
        this.allowPrivate = allowPrivate;
        this.resolver = resolver;
    }

    /**
     * Resolves the URL's host and checks every address it resolves to.
     *
     * @throws RefusedAddressException  when one of them is of a refused kind and the operator did not allow it
     * @throws IllegalArgumentException when the host does not resolve
     */
    void check(URI url) {
        String host = bare(url.getHost() == null ? "" : url.getHost());
        if (allowedHosts.contains(host)) {
            return;
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("The ML backend's host '" + host + "' does not resolve to an address");
        }
        for (InetAddress address : addresses) {
            String kind = refusedKind(address, allowPrivate);
            if (kind != null) {
                throw new RefusedAddressException("The ML backend's host '" + host + "' resolves to "
                        + address.getHostAddress() + ", " + kind + "; Touchstone does not call into its own network"
                        + " unless the operator allows the host (" + ALLOWED_HOSTS + ")");
            }
        }
    }

    /** Why the address is refused (a phrase for the message), or null when it may be called. */
    static String refusedKind(InetAddress address, boolean allowPrivate) {
        return NetworkAddresses.refusedKind(address, allowPrivate);
    }

    private static String bare(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    }
}
