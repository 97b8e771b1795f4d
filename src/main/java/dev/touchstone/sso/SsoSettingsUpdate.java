package dev.touchstone.sso;

import dev.touchstone.organization.Role;

import java.util.Map;

/**
 * What an admin saves. {@code clientSecret} null or blank keeps the stored secret (the page never shows it);
 * the first save must bring one.
 */
public record SsoSettingsUpdate(String providerName, String issuerUri, String clientId, String clientSecret,
                                String roleClaim, Map<String, Role> roleMapping, Role defaultRole, boolean enabled) {
}
