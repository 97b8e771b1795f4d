package dev.touchstone.shell;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** TOUCHSTONE_TRUSTED_PROXIES accepts CIDRs only, since Tomcat would read anything else as a regular expression. */
class TrustedProxiesTest {

    @Test
    void emptyTrustsNobody() {
        assertThat(TrustedProxies.cidrs("")).isEmpty();
        assertThat(TrustedProxies.cidrs(null)).isEmpty();
    }

    @Test
    void cidrListsOfBothFamiliesAreAccepted() {
        assertThat(TrustedProxies.cidrs(" 10.42.0.0/16, 10.0.0.5/32,fd00:42::/56,::1/128"))
                .containsExactly("10.42.0.0/16", "10.0.0.5/32", "fd00:42::/56", "::1/128");
    }

    @Test
    void anythingElseStopsTheStartNamingTheEntry() {
        for (String bad : new String[]{"10.0.0.5", "10.0.0.0/33", "10.0.0/8", "10\\.0\\..*", "ingress/16",
                "fd00::/129", "10.42.0.0/16,"}) {
            assertThatThrownBy(() -> TrustedProxies.cidrs(bad)).as(bad)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("is not a CIDR");
        }
    }
}
