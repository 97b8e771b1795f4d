package dev.touchstone.organization;

import dev.touchstone.common.ApiProblem;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Optional;
import java.util.Set;

/**
 * Re-checks a signed-in session against the database on every request (JSON API, media, Vaadin pages and their
 * UIDL and push requests), so what an admin or the person changes takes effect at the session's next request:
 * <ul>
 *     <li>membership deactivated or removed, or the password changed in another session: the session is
 *     invalidated and the request goes on anonymously, so the API and media answer 401 and a page redirects to the
 *     sign-in page;</li>
 *     <li>roles changed, or the one-time password replaced: the session's principal (and its authorities) is
 *     replaced by the current one, so a demoted customer gets 403 from the release API at once;</li>
 *     <li>a one-time password still pending: the API and media answer 403 saying so, except the two calls needed to
 *     set a new password ({@code GET /api/v1/csrf}, {@code POST /api/v1/me/password}); pages send the person to the
 *     account page ({@code MainLayout}).</li>
 * </ul>
 * API token requests are not sessions and pass untouched: {@code ApiTokenFilter} re-checks their member itself.
 * The security configuration places this filter after the security context is loaded and after the token filter.
 * Two small indexed queries per signed-in request; nothing is cached, so no window exists in which a change has
 * not yet arrived. A lookup that fails (the database down) is thrown on, never read as an ended membership: the
 * session stays, and the API and media answer 503 ({@code shell.api.ApiFailureFilter}) until the database is back.
 */
public final class MemberSessionFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(MemberSessionFilter.class);

    static final String PASSWORD_PENDING = "Set a new password first: you signed in with a one-time password "
            + "(Account page, or POST /api/v1/me/password)";
    private static final Set<String> ALLOWED_WHILE_PASSWORD_PENDING = Set.of("/api/v1/csrf", "/api/v1/me/password");

    private final MemberPrincipals principals;
    private final SessionPrincipal sessionPrincipal;
    private final SecurityContextHolderStrategy securityContexts;

    public MemberSessionFilter(MemberPrincipals principals, SessionPrincipal sessionPrincipal,
                               SecurityContextHolderStrategy securityContexts) {
        this.principals = principals;
        this.sessionPrincipal = sessionPrincipal;
        this.securityContexts = securityContexts;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = securityContexts.getContext().getAuthentication();
        HttpSession session = request.getSession(false);
        if (!(authentication instanceof UsernamePasswordAuthenticationToken)
                || !(authentication.getPrincipal() instanceof TouchstoneUser signedIn) || session == null) {
            chain.doFilter(request, response);
            return;
        }
        Optional<TouchstoneUser> current = principals.current(signedIn);
        if (current.isEmpty()) {
            // A request that loaded the context just before another request of this session changed the password
            // (and stored the new principal) must not end the session that changed it: look again.
            current = storedPrincipal(session).filter(stored -> stored != signedIn).flatMap(principals::current);
        }
        if (current.isEmpty()) {
            log.info("Ending the session of {}: membership in {} inactive or password changed elsewhere",
                    signedIn.email(), signedIn.organization() == null ? "-" : signedIn.organization().slug());
            securityContexts.clearContext();
            session.invalidate();
            chain.doFilter(request, response);
            return;
        }
        TouchstoneUser now = current.get();
        if (!now.roles().equals(signedIn.roles()) || now.mustChangePassword() != signedIn.mustChangePassword()
                || !now.passwordChangedAt().equals(signedIn.passwordChangedAt())) {
            sessionPrincipal.replace(now, session);
        }
        if (now.mustChangePassword() && isDataPlane(request)
                && !ALLOWED_WHILE_PASSWORD_PENDING.contains(path(request))) {
            ApiProblem.write(response, HttpStatus.FORBIDDEN, PASSWORD_PENDING);
            return;
        }
        chain.doFilter(request, response);
    }

    private static Optional<TouchstoneUser> storedPrincipal(HttpSession session) {
        try {
            return session.getAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY)
                    instanceof SecurityContext context && context.getAuthentication() != null
                    && context.getAuthentication().getPrincipal() instanceof TouchstoneUser stored
                    ? Optional.of(stored) : Optional.empty();
        } catch (IllegalStateException invalidated) {
            return Optional.empty();
        }
    }

    private static boolean isDataPlane(HttpServletRequest request) {
        String path = path(request);
        return path.startsWith("/api/") || path.startsWith("/media/");
    }

    private static String path(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }
}
