package dev.touchstone.common;

import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * Which addresses a server-side call must not reach unless an operator allows them (server-side request forgery):
 * shared by the ML backend guard (proposal) and the webhook guard (webhook), which call URLs that members type in.
 */
public final class NetworkAddresses {

    private NetworkAddresses() {
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
}
