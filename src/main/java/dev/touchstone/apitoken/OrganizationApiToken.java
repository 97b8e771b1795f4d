package dev.touchstone.apitoken;

import java.util.UUID;

/**
 * A token as an admin sees it in the organization's list: the token and whose it is.
 *
 * @param ownerName the owner's display name
 */
public record OrganizationApiToken(ApiToken token, UUID ownerId, String ownerName) {
}
