package dev.touchstone.sso;

import dev.touchstone.organization.Role;

import java.time.Instant;
import java.util.Map;

/**
 * An organization's identity provider as the admin page shows it. The client secret is never read back: only
 * whether one is stored.
 *
 * @param roleClaim   the ID token or user-info claim that carries the person's groups or roles (a string or a list
 *                    of strings), or null when roles are assigned on first sign-in only
 * @param roleMapping claim value to role; values that map to nothing are ignored
 * @param defaultRole the role of a first sign-in whose claim maps to no role
 */
public record SsoSettings(String providerName, String issuerUri, String clientId, boolean clientSecretSet,
                          String roleClaim, Map<String, Role> roleMapping, Role defaultRole, boolean enabled,
                          Instant updatedAt) {
}
