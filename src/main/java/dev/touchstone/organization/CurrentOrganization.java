package dev.touchstone.organization;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.stereotype.Component;

import java.util.Optional;
import java.util.UUID;

/**
 * The tenant context: who is asking and in which organization. It is derived from the authenticated principal on
 * every call, never from request parameters, so no URL or form can move a query into another organization.
 */
@Component
public class CurrentOrganization {

    private final SecurityContextHolderStrategy securityContexts;

    /** The application context's strategy (Vaadin's session-aware one), not whatever is installed statically. */
    CurrentOrganization(SecurityContextHolderStrategy securityContexts) {
        this.securityContexts = securityContexts;
    }

    public Optional<TouchstoneUser> user() {
        Authentication authentication = securityContexts.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof TouchstoneUser user
                && user.organization() != null) {
            return Optional.of(user);
        }
        return Optional.empty();
    }

    public TouchstoneUser requireUser() {
        return user().orElseThrow(() -> new AccessDeniedException("No signed-in member of an organization"));
    }

    /** The id every organization-scoped query filters by. */
    public UUID id() {
        return requireUser().organization().id();
    }
}
