package dev.touchstone.sso;

import dev.touchstone.organization.ExternalSignIn;
import dev.touchstone.organization.Organization;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The OAuth2 client's registrations, one per organization with single sign-on enabled, the organization's slug as
 * the registration id. A registration is built from the stored settings and the provider's discovery document
 * ({@code <issuer>/.well-known/openid-configuration}, read by {@link SsoProviderCalls} with its timeouts and address
 * check), which also fixes the issuer every ID token must carry; it is
 * kept until the settings change ({@link #forget}) so that a sign-in does not fetch the document twice.
 */
@Component
class SsoRegistrations implements ClientRegistrationRepository {

    private static final Logger log = LoggerFactory.getLogger(SsoRegistrations.class);

    /** What the registration was built from, so a change saved on another server node is noticed too. */
    private record Built(Instant settingsUpdatedAt, ClientRegistration registration) {
    }

    /** What a sign-in needs besides the registration: the organization and how its roles are read. */
    record Provider(Organization organization, SsoSettings settings) {
    }

    private final ExternalSignIn signIn;
    private final SsoSettingsRepository settings;
    private final SsoSecrets secrets;
    private final SsoProviderCalls provider;
    private final Map<UUID, Built> built = new ConcurrentHashMap<>();

    SsoRegistrations(ExternalSignIn signIn, SsoSettingsRepository settings, SsoSecrets secrets,
                     SsoProviderCalls provider) {
        this.signIn = signIn;
        this.settings = settings;
        this.secrets = secrets;
        this.provider = provider;
    }

    /**
     * Encrypts the client secrets stored in plain text before V26, once, at start-up; a server that finds them
     * already encrypted (by another node) changes nothing.
     */
    @EventListener(ApplicationReadyEvent.class)
    void encryptPlainSecrets() {
        for (SsoSettingsRepository.Plain plain : settings.plainSecrets()) {
            if (settings.replaceSecret(plain.organizationId(), plain.secret(),
                    secrets.encrypt(plain.organizationId(), plain.secret())) > 0) {
                log.info("Single sign-on: encrypted the stored client secret of organization {}",
                        plain.organizationId());
            }
        }
    }

    /** The enabled provider of the organization with this slug. */
    Optional<Provider> provider(String slug) {
        return signIn.organization(slug).flatMap(organization -> settings.find(organization.id())
                .map(SsoSettingsRepository.Stored::settings)
                .filter(SsoSettings::enabled)
                .map(found -> new Provider(organization, found)));
    }

    /** Null (as the interface asks) for an unknown slug, disabled SSO or a provider whose discovery failed. */
    @Override
    public ClientRegistration findByRegistrationId(String slug) {
        Optional<Organization> organization = signIn.organization(slug);
        if (organization.isEmpty()) {
            return null;
        }
        UUID id = organization.get().id();
        Optional<SsoSettingsRepository.Stored> stored = settings.find(id)
                .filter(found -> found.settings().enabled());
        if (stored.isEmpty()) {
            built.remove(id);
            return null;
        }
        Instant version = stored.get().settings().updatedAt();
        Built cached = built.get(id);
        if (cached != null && cached.settingsUpdatedAt().equals(version)) {
            return cached.registration();
        }
        try {
            ClientRegistration registration = provider.discover(stored.get().settings().issuerUri())
                    .registrationId(slug)
                    .clientId(stored.get().settings().clientId())
                    .clientSecret(secrets.decrypt(id, stored.get().storedSecret()))
                    .clientName(stored.get().settings().providerName())
                    .scope("openid", "email", "profile")
                    .redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
                    .build();
            built.put(id, new Built(version, registration));
            return registration;
        } catch (RuntimeException e) {
            log.warn("Single sign-on of {}: no registration from {}: {}", slug,
                    stored.get().settings().issuerUri(), e.getMessage());
            return null;
        }
    }

    void forget(UUID organizationId) {
        built.remove(organizationId);
    }
}
