package dev.touchstone.audit;

import dev.touchstone.organization.MemberActivationChanged;
import dev.touchstone.organization.MemberAdded;
import dev.touchstone.organization.MemberRolesChanged;
import dev.touchstone.organization.OrganizationProvisioning;
import dev.touchstone.organization.OrganizationSwitched;
import dev.touchstone.organization.PasswordChanged;
import dev.touchstone.organization.TouchstoneUser;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.authentication.event.LogoutSuccessEvent;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Turns security events and organization events into audit lines. Listeners run synchronously in the publisher's
 * transaction: a change that rolls back leaves no audit line, and a change never commits without one.
 */
@Component
class AuditListener {

    private final AuditService audit;
    private final OrganizationProvisioning accounts;

    AuditListener(AuditService audit, OrganizationProvisioning accounts) {
        this.audit = audit;
        this.accounts = accounts;
    }

    @EventListener
    void on(AuthenticationSuccessEvent event) {
        if (event.getAuthentication().getPrincipal() instanceof TouchstoneUser user) {
            audit.write(user.organization().id(), user.userId(), user.email(), "auth.login.succeeded", "user",
                    user.userId().toString(), Map.of(), address(event.getAuthentication()));
        }
    }

    @EventListener
    void on(AbstractAuthenticationFailureEvent event) {
        String name = String.valueOf(event.getAuthentication().getName());
        String action = switch (event.getException()) {
            case LockedException ignored -> "auth.login.throttled";
            case DisabledException ignored -> "auth.login.deactivated";
            default -> "auth.login.failed";
        };
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("reason", event.getException().getClass().getSimpleName());
        String address = address(event.getAuthentication());
        var account = accounts.accountOrganizations(name);
        if (account.isEmpty() || account.get().organizationIds().isEmpty()) {
            // Unknown e-mail: no organization to file it under; kept for operators with a null organization.
            details.put("knownAccount", false);
            audit.write(null, null, name, action, "user", null, details, address);
            return;
        }
        for (UUID organizationId : account.get().organizationIds()) {
            audit.write(organizationId, account.get().userId(), name, action, "user",
                    account.get().userId().toString(), details, address);
        }
    }

    @EventListener
    void on(LogoutSuccessEvent event) {
        if (event.getAuthentication().getPrincipal() instanceof TouchstoneUser user && user.organization() != null) {
            audit.write(user.organization().id(), user.userId(), user.email(), "auth.logout", "user",
                    user.userId().toString(), Map.of(), null);
        }
    }

    @EventListener
    void on(MemberAdded event) {
        audit.write(event.organizationId(), event.actorUserId(), null,
                event.newAccount() ? "user.created" : "member.added", "user", event.userId().toString(),
                Map.of("email", event.email(), "roles", event.roles()), null);
    }

    @EventListener
    void on(MemberRolesChanged event) {
        audit.write(event.organizationId(), event.actorUserId(), null, "member.roles.changed", "user",
                event.userId().toString(), Map.of("before", event.before(), "after", event.after()), null);
    }

    @EventListener
    void on(MemberActivationChanged event) {
        audit.write(event.organizationId(), event.actorUserId(), null,
                event.active() ? "member.reactivated" : "member.deactivated", "user", event.userId().toString(),
                Map.of(), null);
    }

    @EventListener
    void on(PasswordChanged event) {
        audit.write(event.organizationId(), event.userId(), null, "user.password.changed", "user",
                event.userId().toString(), Map.of(), null);
    }

    @EventListener
    void on(OrganizationSwitched event) {
        audit.write(event.toOrganizationId(), event.userId(), null, "auth.organization.switched", "organization",
                event.toOrganizationId().toString(), Map.of("from", event.fromOrganizationId().toString()), null);
    }

    private static String address(Authentication authentication) {
        return authentication.getDetails() instanceof WebAuthenticationDetails details
                ? details.getRemoteAddress() : null;
    }
}
