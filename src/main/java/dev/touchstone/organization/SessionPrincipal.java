package dev.touchstone.organization;

import com.vaadin.flow.server.VaadinSession;
import jakarta.servlet.http.HttpSession;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Replaces the signed-in principal of the current session (after an organization switch, a password change, or a
 * membership change seen by {@link MemberSessionFilter}).
 */
@Component
public class SessionPrincipal {

    private final SecurityContextHolderStrategy securityContexts;

    SessionPrincipal(SecurityContextHolderStrategy securityContexts) {
        this.securityContexts = securityContexts;
    }

    /** In the current Vaadin session, else the current request's HTTP session, else only this thread. */
    public void replace(TouchstoneUser updated) {
        SecurityContext context = install(updated);
        // Spring Security reads the context from the HTTP session on the next request; Vaadin requests (and JSON
        // requests, whose context is not saved back either) do not save it by themselves.
        VaadinSession vaadin = VaadinSession.getCurrent();
        if (vaadin != null) {
            vaadin.getSession().setAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY,
                    context);
        } else if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes request
                && request.getRequest().getSession(false) != null) {
            request.getRequest().getSession(false)
                    .setAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY, context);
        }
    }

    void replace(TouchstoneUser updated, HttpSession session) {
        session.setAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY, install(updated));
    }

    private SecurityContext install(TouchstoneUser updated) {
        SecurityContext context = securityContexts.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(updated, null,
                updated.getAuthorities()));
        securityContexts.setContext(context);
        return context;
    }
}
