package dev.touchstone.shell;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.server.WebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks {@code TOUCHSTONE_TRUSTED_PROXIES} before the web server starts. Tomcat reads the value (passed on as
 * {@code server.tomcat.remoteip.internal-proxies}) as a CIDR list only when it contains a {@code /}, and as a
 * regular expression otherwise, so "10.0.0.5,10.0.0.6" would silently trust nobody and a typo could trust more than
 * meant. Every entry must therefore be an address with a prefix length; anything else stops the start and names
 * the entry.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class TrustedProxies implements WebServerFactoryCustomizer<WebServerFactory> {

    /** Dotted-quad IPv4 (InetAddress would also take the legacy "10.1" forms) or an IPv6 literal, then a prefix. */
    private static final Pattern CIDR = Pattern.compile("(\\d{1,3}(?:\\.\\d{1,3}){3}|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*)"
            + "/(\\d{1,3})");

    private final String setting;

    TrustedProxies(@Value("${touchstone.trusted-proxies:}") String setting) {
        this.setting = setting;
    }

    @Override
    public void customize(WebServerFactory factory) {
        cidrs(setting);
    }

    /** The CIDRs of the setting, empty for none; {@link IllegalStateException} naming a bad entry. */
    static List<String> cidrs(String setting) {
        if (setting == null || setting.isBlank()) {
            return List.of();
        }
        return Arrays.stream(setting.split(",", -1)).map(String::strip).map(TrustedProxies::checked).toList();
    }

    private static String checked(String entry) {
        var m = CIDR.matcher(entry);
        if (m.matches()) {
            try {
                InetAddress address = InetAddress.ofLiteral(m.group(1));
                int bits = address instanceof Inet4Address ? 32 : 128;
                if (Integer.parseInt(m.group(2)) <= bits) {
                    return entry;
                }
            } catch (IllegalArgumentException e) {
                // falls through to the error below
            }
        }
        throw new IllegalStateException("TOUCHSTONE_TRUSTED_PROXIES: '" + entry + "' is not a CIDR. Write address/"
                + "prefix, comma-separated, e.g. 10.42.0.0/16,10.0.0.5/32,fd00:42::/56");
    }
}
