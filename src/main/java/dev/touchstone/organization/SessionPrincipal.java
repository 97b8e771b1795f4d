package dev.touchstone.organization;

import com.vaadin.flow.server.VaadinSession;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.stereotype.Component;

/** Replaces the signed-in principal of the current Vaadin session (after an organization switch or password change). */
@Component
public class SessionPrincipal {

    private final SecurityContextHolderStrategy securityContexts;

    SessionPrincipal(SecurityContextHolderStrategy securityContexts) {
        this.securityContexts = securityContexts;
    }

    public void replace(TouchstoneUser updated) {
        SecurityContext context = securityContexts.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(updated, null,
                updated.getAuthorities()));
        securityContexts.setContext(context);
        // Spring Security reads the context from the HTTP session on the next request; Vaadin requests do not
        // save it back by themselves.
        VaadinSession.getCurrent().getSession()
                .setAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY, context);
    }
}
