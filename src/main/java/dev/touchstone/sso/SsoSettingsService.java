package dev.touchstone.sso;

import dev.touchstone.organization.CurrentOrganization;
import dev.touchstone.organization.Role;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/** Admins read and change their own organization's identity provider. */
@Service
@PreAuthorize("hasRole('ADMIN')")
public class SsoSettingsService {

    /**
     * The roles a first sign-in may get when the claim maps to none: any but Admin, which a provider's say-so alone
     * never grants.
     */
    public static final List<Role> DEFAULT_ROLE_CHOICES = Arrays.stream(Role.values())
            .filter(role -> role != Role.ADMIN).toList();
    /** The default role of a new configuration: the least a member can do in a labeling project. */
    public static final Role SUGGESTED_DEFAULT_ROLE = Role.ANNOTATOR;

    /** The longest client secret taken. */
    public static final int MAX_SECRET = 512;

    private final CurrentOrganization current;
    private final SsoSettingsRepository settings;
    private final SsoRegistrations registrations;
    private final SsoSecrets secrets;
    private final SsoProviderCalls provider;

    SsoSettingsService(CurrentOrganization current, SsoSettingsRepository settings, SsoRegistrations registrations,
                       SsoSecrets secrets, SsoProviderCalls provider) {
        this.current = current;
        this.settings = settings;
        this.registrations = registrations;
        this.secrets = secrets;
        this.provider = provider;
    }

    public Optional<SsoSettings> settings() {
        return settings.find(current.id()).map(SsoSettingsRepository.Stored::settings);
    }

    /** The redirect URI to register at the provider, for a server reached at {@code baseUrl}. */
    public String redirectUri(String baseUrl) {
        return baseUrl + "/login/oauth2/code/" + current.requireUser().organization().slug();
    }

    /** The organization's own sign-in address, which shows its provider's button. */
    public String signInAddress(String baseUrl) {
        return baseUrl + "/login?org=" + current.requireUser().organization().slug();
    }

    /**
     * Saves the settings, the client secret encrypted. An issuer whose host resolves into the server's own network
     * is refused; when single sign-on is enabled, the provider's discovery document is read first (with the timeout),
     * so settings that cannot work are refused with the reason. The metadata is read again at the next sign-in.
     *
     * @throws IllegalArgumentException for a missing or malformed field, no client secret on the first save, a refused
     *                                  issuer address, or a provider that does not answer or answers no discovery
     *                                  document for this issuer
     */
    @Transactional
    public SsoSettings save(SsoSettingsUpdate update) {
        UUID organizationId = current.id();
        String secret = blankToNull(update.clientSecret());
        String stored;
        if (secret == null) {
            stored = settings.find(organizationId).map(SsoSettingsRepository.Stored::storedSecret)
                    .orElseThrow(() -> new IllegalArgumentException("Enter the client secret."));
        } else if (secret.length() > MAX_SECRET) {
            throw new IllegalArgumentException("The client secret is at most " + MAX_SECRET + " characters.");
        } else {
            stored = secrets.encrypt(organizationId, secret);
        }
        SsoSettingsUpdate clean = new SsoSettingsUpdate(required(update.providerName(), "provider name"),
                issuer(update.issuerUri()), required(update.clientId(), "client id"), null,
                blankToNull(update.roleClaim()), mapping(update.roleMapping()),
                update.defaultRole() == null ? Role.ANNOTATOR : update.defaultRole(), update.enabled());
        if (clean.defaultRole() == Role.ADMIN) {
            throw new IllegalArgumentException("A first sign-in cannot make an admin by default: map a claim value"
                    + " to Admin instead.");
        }
        provider.checkAddress(clean.issuerUri());
        if (clean.enabled()) {
            provider.discover(clean.issuerUri());
        }
        settings.save(organizationId, clean, stored, current.requireUser().userId());
        registrations.forget(organizationId);
        return settings().orElseThrow();
    }

    private static String issuer(String value) {
        String issuer = required(value, "issuer URL");
        URI uri;
        try {
            uri = URI.create(issuer);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("The issuer URL is not a URL.");
        }
        if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalArgumentException("The issuer URL must start with https:// and name a host.");
        }
        return issuer;
    }

    private static Map<String, Role> mapping(Map<String, Role> mapping) {
        Map<String, Role> clean = new TreeMap<>();
        if (mapping != null) {
            mapping.forEach((value, role) -> {
                if (value != null && !value.isBlank() && role != null) {
                    clean.put(value.trim(), role);
                }
            });
        }
        return clean;
    }

    private static String required(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("Enter the " + what + ".");
        }
        return value.trim();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
