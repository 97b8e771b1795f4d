package dev.touchstone.common;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which addresses a server-side call must not reach unless an operator allows them (server-side request forgery),
 * and the check every caller of a URL that members type in makes before calling it: the ML backend (proposal),
 * webhooks (webhook) and the single sign-on provider (sso), each through a {@link Guard} with its own properties.
 */
public final class NetworkAddresses {

    private NetworkAddresses() {
    }

    /** A URL whose host Touchstone will not call; the message says which address and why. */
    public static final class RefusedAddressException extends IllegalArgumentException {
        public RefusedAddressException(String message) {
            super(message);
        }
    }

    /** Name resolution; the system's resolver in the application. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /**
     * One feature's check. The operator's ways out: {@code allowedHosts}, host names or addresses exactly as written in
     * the URL that may resolve to anything; {@code allowPrivate}, loopback and private addresses for every host
     * (link-local, unspecified and multicast stay refused).
     *
     * @param what                 the feature's name in messages, e.g. "webhook" ("The webhook's host ...")
     * @param allowedHostsProperty the property that lists allowed hosts, named in the message of a refusal
     */
    public static Guard guard(String what, String allowedHostsProperty, List<String> allowedHosts,
                              boolean allowPrivate) {
        return guard(what, allowedHostsProperty, allowedHosts, allowPrivate, InetAddress::getAllByName);
    }

    /** {@link #guard(String, String, List, boolean)} with another resolver (tests). */
    public static Guard guard(String what, String allowedHostsProperty, List<String> allowedHosts,
                              boolean allowPrivate, Resolver resolver) {
        Set<String> hosts = allowedHosts.stream().map(String::strip).filter(h -> !h.isEmpty())
                .map(NetworkAddresses::bare).collect(Collectors.toUnmodifiableSet());
        return new Guard(what, allowedHostsProperty, hosts, allowPrivate, resolver);
    }

    /** See {@link NetworkAddresses#guard}. */
    public static final class Guard {

        private final String what;
        private final String allowedHostsProperty;
        private final Set<String> allowedHosts;
        private final boolean allowPrivate;
        private final Resolver resolver;

        private Guard(String what, String allowedHostsProperty, Set<String> allowedHosts, boolean allowPrivate,
                      Resolver resolver) {
            this.what = what;
            this.allowedHostsProperty = allowedHostsProperty;
            this.allowedHosts = allowedHosts;
            this.allowPrivate = allowPrivate;
            this.resolver = resolver;
        }

        /**
         * Resolves the URL's host and checks every address it resolves to; called when a URL is saved and again
         * before every call, because what a name resolves to can change after it was saved (DNS rebinding).
         *
         * @throws RefusedAddressException  when one of them is of a refused kind and the operator did not allow it
         * @throws IllegalArgumentException when the host does not resolve
         */
        public void check(URI url) {
            String host = bare(url.getHost() == null ? "" : url.getHost());
            if (allowedHosts.contains(host)) {
                return;
            }
            InetAddress[] addresses;
            try {
                addresses = resolver.resolve(host);
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("The " + what + "'s host '" + host
                        + "' does not resolve to an address");
            }
            for (InetAddress address : addresses) {
                String kind = refusedKind(address, allowPrivate);
                if (kind != null) {
                    throw new RefusedAddressException("The " + what + "'s host '" + host + "' resolves to "
                            + address.getHostAddress() + ", " + kind + "; Touchstone does not call into its own "
                            + "network unless the operator allows the host (" + allowedHostsProperty + ")");
                }
            }
        }
    }

    /**
     * Why the address is refused (a phrase for the message), or null when it may be called. Always refused:
     * unspecified (0.0.0.0/8, ::), multicast and link-local (169.254/16 with the cloud metadata service, fe80::/10)
     * addresses; unless {@code allowPrivate}: loopback and private (10/8, 172.16/12, 192.168/16, fc00::/7) ones.
     */
    public static String refusedKind(InetAddress address, boolean allowPrivate) {
        byte[] b = address.getAddress();
        if (address.isAnyLocalAddress() || (b.length == 4 && b[0] == 0)) {
            return "an unspecified address";
        }
        if (address.isMulticastAddress()) {
            return "a multicast address";
        }
        if (address.isLinkLocalAddress()) {
            return "a link-local address (where cloud metadata services answer)";
        }
        if (allowPrivate) {
            return null;
        }
        if (address.isLoopbackAddress()) {
            return "a loopback address";
        }
        if (address.isSiteLocalAddress() || (address instanceof Inet6Address && (b[0] & 0xfe) == 0xfc)) {
            return "a private address";
        }
        return null;
    }

    /** A host as written in a URL, lower case, without an IPv6 literal's brackets. */
    private static String bare(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    }
}
