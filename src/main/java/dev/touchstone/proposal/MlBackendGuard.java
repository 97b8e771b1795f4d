package dev.touchstone.proposal;

import dev.touchstone.common.NetworkAddresses;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;

/**
 * Keeps a project manager from making the server call into its own network (server-side request forgery): an ML
 * backend's host must resolve only to public addresses, checked when the URL is saved and again before every request
 * (DNS rebinding). The rule and the check are {@link NetworkAddresses}', shared with webhooks and single sign-on; this
 * names the ML backend's two operator properties: {@value #ALLOWED_HOSTS}, host names or addresses exactly as written
 * in the URL that may resolve to anything, and {@value #ALLOW_PRIVATE}, loopback and private addresses for every host
 * (link-local, unspecified and multicast stay refused: a backend on a private network has no business at the
 * metadata address).
 */
@Component
class MlBackendGuard {

    /** The property naming hosts that may resolve to any address. */
    static final String ALLOWED_HOSTS = "touchstone.proposal.ml-backend.allowed-hosts";
    /** The property allowing loopback and private addresses for every host. */
    static final String ALLOW_PRIVATE = "touchstone.proposal.ml-backend.allow-private-networks";

    private final NetworkAddresses.Guard guard;

    @Autowired
    MlBackendGuard(@Value("${" + ALLOWED_HOSTS + ":}") List<String> allowedHosts,
                   @Value("${" + ALLOW_PRIVATE + ":false}") boolean allowPrivate) {
        this(allowedHosts, allowPrivate, InetAddress::getAllByName);
    }

    MlBackendGuard(List<String> allowedHosts, boolean allowPrivate, NetworkAddresses.Resolver resolver) {
        this.guard = NetworkAddresses.guard("ML backend", ALLOWED_HOSTS, allowedHosts, allowPrivate, resolver);
    }

    /**
     * Resolves the URL's host and checks every address it resolves to.
     *
     * @throws NetworkAddresses.RefusedAddressException when one of them is of a refused kind and the operator did not
     *                                                  allow it
     * @throws IllegalArgumentException                 when the host does not resolve
     */
    void check(URI url) {
        guard.check(url);
    }
}
