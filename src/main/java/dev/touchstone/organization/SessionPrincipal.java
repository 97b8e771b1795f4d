package dev.touchstone.organization;

import com.vaadin.flow.server.VaadinSession;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;

/** Replaces the signed-in principal of the current Vaadin session (after an organization switch or password change). */
public final class SessionPrincipal {

    private SessionPrincipal() {
    }

    public static void replace(TouchstoneUser updated) {
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(updated, null,
                updated.getAuthorities()));
        SecurityContextHolder.setContext(context);
        // Spring Security reads the context from the HTTP session on the next request; Vaadin requests do not
        // save it back by themselves.
        VaadinSession.getCurrent().getSession()
                .setAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY, context);
    }
}
