package dev.touchstone.proposal;

import dev.touchstone.common.NetworkAddresses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which addresses an ML backend may have, checked on literal addresses and on names the system resolves. */
class MlBackendGuardTest {

    private final MlBackendGuard strict = new MlBackendGuard(List.of(), false);

    @ParameterizedTest(name = "{0} is refused as {1}")
    @CsvSource(delimiter = '|', value = {
            "http://127.0.0.1:8080/predict        | 127.0.0.1, a loopback address",
            "http://127.1.2.3/predict             | 127.1.2.3, a loopback address",
            "http://[::1]/predict                 | 0:0:0:0:0:0:0:1, a loopback address",
            "http://[::ffff:127.0.0.1]/predict    | 127.0.0.1, a loopback address",
            "http://169.254.169.254/latest/meta-data | 169.254.169.254, a link-local address (where cloud metadata",
            "http://[fe80::1]/predict             | fe80:0:0:0:0:0:0:1, a link-local address",
            "http://10.1.2.3/predict              | 10.1.2.3, a private address",
            "http://172.16.0.1/predict            | 172.16.0.1, a private address",
            "http://172.31.255.254/predict        | 172.31.255.254, a private address",
            "http://192.168.1.1/predict           | 192.168.1.1, a private address",
            "http://[fd12:3456::1]/predict        | fd12:3456:0:0:0:0:0:1, a private address",
            "http://[fc00::1]/predict             | fc00:0:0:0:0:0:0:1, a private address",
            "http://0.0.0.0/predict               | 0.0.0.0, an unspecified address",
            "http://0.1.2.3/predict               | 0.1.2.3, an unspecified address",
            "http://[::]/predict                  | 0:0:0:0:0:0:0:0, an unspecified address",
            "http://224.0.0.1/predict             | 224.0.0.1, a multicast address",
            "http://[ff02::1]/predict             | ff02:0:0:0:0:0:0:1, a multicast address",
    })
    void everyRefusedKindIsNamedInTheMessage(String url, String says) {
        assertThatThrownBy(() -> strict.check(URI.create(url)))
                .isInstanceOf(NetworkAddresses.RefusedAddressException.class)
                .hasMessageContaining("resolves to " + says)
                .hasMessageContaining("touchstone.proposal.ml-backend.allowed-hosts");
    }

    @Test
    void aNameIsCheckedByWhatItResolvesTo() {
        // localhost is a name, not an address: the system resolver answers loopback for it.
        assertThatThrownBy(() -> strict.check(URI.create("http://localhost:9000/predict")))
                .isInstanceOf(NetworkAddresses.RefusedAddressException.class)
                .hasMessageContaining("host 'localhost' resolves to")
                .hasMessageContaining("a loopback address");
    }

    @Test
    void publicAddressesPass() {
        assertThatCode(() -> strict.check(URI.create("https://203.0.113.10/predict"))).doesNotThrowAnyException();
        assertThatCode(() -> strict.check(URI.create("http://172.32.0.1/predict"))).doesNotThrowAnyException();
        assertThatCode(() -> strict.check(URI.create("http://[2001:db8::1]/predict"))).doesNotThrowAnyException();
    }

    @Test
    void theOperatorAllowsHostsOrPrivateNetworks() {
        MlBackendGuard hosts = new MlBackendGuard(List.of("LocalHost", " 10.0.0.7 ", "[::1]"), false);
        assertThatCode(() -> hosts.check(URI.create("http://localhost:9000/p"))).doesNotThrowAnyException();
        assertThatCode(() -> hosts.check(URI.create("http://10.0.0.7/p"))).doesNotThrowAnyException();
        assertThatCode(() -> hosts.check(URI.create("http://[::1]/p"))).doesNotThrowAnyException();
        assertThatThrownBy(() -> hosts.check(URI.create("http://10.0.0.8/p")))
                .hasMessageContaining("a private address");

        MlBackendGuard privateNetworks = new MlBackendGuard(List.of(), true);
        assertThatCode(() -> privateNetworks.check(URI.create("http://127.0.0.1/p"))).doesNotThrowAnyException();
        assertThatCode(() -> privateNetworks.check(URI.create("http://192.168.4.4/p"))).doesNotThrowAnyException();
        assertThatCode(() -> privateNetworks.check(URI.create("http://[fd00::4]/p"))).doesNotThrowAnyException();
        assertThatThrownBy(() -> privateNetworks.check(URI.create("http://169.254.169.254/latest/meta-data")))
                .as("private networks do not open the metadata address")
                .hasMessageContaining("a link-local address");
        assertThatThrownBy(() -> privateNetworks.check(URI.create("http://224.0.0.1/p")))
                .hasMessageContaining("a multicast address");
    }

    @Test
    void aNameThatResolvesToAPublicAndAPrivateAddressIsRefused() throws UnknownHostException {
        InetAddress[] both = {InetAddress.getByName("203.0.113.10"), InetAddress.getByName("10.0.0.1")};
        MlBackendGuard guard = new MlBackendGuard(List.of(), false, host -> both);
        assertThatThrownBy(() -> guard.check(URI.create("http://models.example.com/p")))
                .hasMessageContaining("host 'models.example.com' resolves to 10.0.0.1, a private address");
    }

    @Test
    void aNameThatNoLongerResolvesToAPublicAddressIsRefusedOnTheNextCheck() throws UnknownHostException {
        // DNS rebinding: public when saved, loopback when called.
        InetAddress[] public_ = {InetAddress.getByName("203.0.113.10")};
        InetAddress[] loopback = {InetAddress.getByName("127.0.0.1")};
        AtomicInteger lookups = new AtomicInteger();
        MlBackendGuard guard = new MlBackendGuard(List.of(), false,
                host -> lookups.getAndIncrement() == 0 ? public_ : loopback);
        URI url = URI.create("http://rebind.example.com/p");
        assertThatCode(() -> guard.check(url)).doesNotThrowAnyException();
        assertThatThrownBy(() -> guard.check(url)).hasMessageContaining("127.0.0.1, a loopback address");
    }

    @Test
    void aNameThatDoesNotResolveIsRefused() {
        MlBackendGuard guard = new MlBackendGuard(List.of(), false, host -> {
            throw new UnknownHostException(host);
        });
        assertThatThrownBy(() -> guard.check(URI.create("http://nowhere.invalid/p")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The ML backend's host 'nowhere.invalid' does not resolve to an address");
    }
}
