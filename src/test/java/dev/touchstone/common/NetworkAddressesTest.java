package dev.touchstone.common;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The one address check the ML backend, webhooks and single sign-on share: each guard names its feature and its
 * operator property in the refusal, refuses a host when any of its addresses is refused, lets allowed hosts through
 * as written (case and IPv6 brackets aside), and says when a host does not resolve.
 */
class NetworkAddressesTest {

    @Test
    void aGuardRefusesAHostWithOneRefusedAddressNamingItsFeatureAndProperty() throws Exception {
        InetAddress[] both = {InetAddress.getByName("93.184.215.14"), InetAddress.getByName("10.0.0.7")};
        NetworkAddresses.Guard guard = NetworkAddresses.guard("identity provider", "touchstone.sso.allowed-hosts",
                List.of(), false, host -> both);
        assertThatThrownBy(() -> guard.check(URI.create("https://idp.example.com/realms/acme")))
                .isInstanceOf(NetworkAddresses.RefusedAddressException.class)
                .hasMessage("The identity provider's host 'idp.example.com' resolves to 10.0.0.7, a private address; "
                        + "Touchstone does not call into its own network unless the operator allows the host "
                        + "(touchstone.sso.allowed-hosts)");

        NetworkAddresses.Guard publicOnly = NetworkAddresses.guard("webhook", "p", List.of(), false,
                host -> new InetAddress[]{InetAddress.getByName("93.184.215.14")});
        assertThatCode(() -> publicOnly.check(URI.create("https://hooks.example.com/x"))).doesNotThrowAnyException();
    }

    @Test
    void allowedHostsAndPrivateNetworksAreTheOperatorsWaysOutButNotForTheMetadataAddress() {
        NetworkAddresses.Guard hosts = NetworkAddresses.guard("ML backend", "p", List.of(" LocalHost ", "[::1]"),
                false, host -> {
                    throw new AssertionError("an allowed host is not resolved");
                });
        assertThatCode(() -> hosts.check(URI.create("http://localhost:8080/predict"))).doesNotThrowAnyException();
        assertThatCode(() -> hosts.check(URI.create("http://[::1]:8080/predict"))).doesNotThrowAnyException();

        NetworkAddresses.Guard privateNetworks = NetworkAddresses.guard("webhook", "p", List.of(), true);
        assertThatCode(() -> privateNetworks.check(URI.create("http://127.0.0.1/x"))).doesNotThrowAnyException();
        assertThatCode(() -> privateNetworks.check(URI.create("http://192.168.1.2/x"))).doesNotThrowAnyException();
        assertThatThrownBy(() -> privateNetworks.check(URI.create("http://169.254.169.254/latest/meta-data")))
                .hasMessageContaining("a link-local address");
    }

    @Test
    void aHostThatDoesNotResolveIsRefusedSaying() {
        NetworkAddresses.Guard guard = NetworkAddresses.guard("webhook", "p", List.of(), false, host -> {
            throw new UnknownHostException(host);
        });
        assertThatThrownBy(() -> guard.check(URI.create("https://nowhere.invalid/x")))
                .isInstanceOf(IllegalArgumentException.class)
                .isNotInstanceOf(NetworkAddresses.RefusedAddressException.class)
                .hasMessage("The webhook's host 'nowhere.invalid' does not resolve to an address");
    }
}
