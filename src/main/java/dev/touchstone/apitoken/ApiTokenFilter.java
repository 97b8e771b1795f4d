package dev.touchstone.apitoken;

import dev.touchstone.audit.AuditService;
import dev.touchstone.common.ApiProblem;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Authenticates requests that carry {@code Authorization: Bearer ...}; every other request passes untouched (session
 * sign-in as before). The security configuration places it after the security context is loaded and before CSRF.
 * <ul>
 *     <li>A request no scope allows (another path, or another method) is refused with 403 before the token is
 *     looked up, whatever the token; a request the token's own scopes do not allow is refused with 403 after.</li>
 *     <li>An unknown, malformed, expired or revoked token, or one whose member was deactivated, gets 401 with the
 *     same message for all of them, so nobody learns which.</li>
 *     <li>A good token sets the request's security context to its {@link ApiTokenAuthentication} for this request
 *     only: nothing is written to a session and none is created, and a session cookie sent along is ignored.</li>
 *     <li>Every call with a good token, refused by its scopes or answered, is audited ({@link #AUDIT_ACTION}) with
 *     the token's name, method, path and status.</li>
 * </ul>
 * Errors are the API's usual problems ({@link ApiProblem}). CSRF does not apply to a request this filter
 * authenticated (the security configuration exempts requests with a bearer token: a browser does not send that
 * header to another site by itself, so it proves the caller as a CSRF token would). A
 * lookup that fails (the database down) is thrown on, not answered 401: {@code shell.api.ApiFailureFilter} answers
 * 503.
 */
public final class ApiTokenFilter extends OncePerRequestFilter {

    static final String BEARER = "Bearer ";
    static final String OUT_OF_SCOPE = "Not within this API token's scopes: releases:read allows GET or HEAD under"
            + " /api/v1/releases, read allows GET or HEAD under /api/v1, data:write datasets, uploads, imports,"
            + " episodes, schemas and projects, labels:write the work loop (work, tasks, drafts, assignments), predictions:write POST to"
            + " /api/v1/projects/{id}/episodes/{id}/predictions, admin everything under /api/v1";
    static final String INVALID = "Invalid or expired API token";

    /** The audit action of a call made with a token; the audit page filters by it. */
    public static final String AUDIT_ACTION = "api.call";

    private static final Logger log = LoggerFactory.getLogger(ApiTokenFilter.class);

    private final ApiTokenAuthenticator authenticator;
    private final SecurityContextHolderStrategy securityContexts;
    private final AuditService audit;

    public ApiTokenFilter(ApiTokenAuthenticator authenticator, SecurityContextHolderStrategy securityContexts,
                          AuditService audit) {
        this.authenticator = authenticator;
        this.securityContexts = securityContexts;
        this.audit = audit;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        // "Bearer" alone (an empty token, its space trimmed on the way) is a token request too, and a bad one.
        if (header == null || !(header.regionMatches(true, 0, BEARER, 0, BEARER.length())
                || header.strip().equalsIgnoreCase(BEARER.strip()))) {
            chain.doFilter(request, response);
            return;
        }
        // An error dispatch (a 404 or 500 being rendered) follows a request whose scope was already checked.
        boolean errorDispatch = request.getDispatcherType() == DispatcherType.ERROR;
        if (!errorDispatch && Arrays.stream(ApiTokenScope.values()).noneMatch(scope -> scope.allows(request))) {
            error(response, HttpStatus.FORBIDDEN, OUT_OF_SCOPE);
            return;
        }
        Optional<ApiTokenAuthentication> authentication = authenticator.authenticate(
                header.length() <= BEARER.length() ? "" : header.substring(BEARER.length()).strip());
        if (authentication.isEmpty()) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
            error(response, HttpStatus.UNAUTHORIZED, INVALID);
            return;
        }
        SecurityContext context = securityContexts.createEmptyContext();
        context.setAuthentication(authentication.get());
        securityContexts.setContext(context);
        boolean failed = true;
        try {
            if (!errorDispatch && authentication.get().scopes().stream().noneMatch(scope -> scope.allows(request))) {
                error(response, HttpStatus.FORBIDDEN, OUT_OF_SCOPE);
            } else {
                chain.doFilter(request, response);
            }
            failed = false;
        } finally {
            try {
                if (!errorDispatch) {
                    // The error dispatch of a failed call is the same call: audited once, with its final status.
                    audit(authentication.get(), request, failed ? 500 : response.getStatus());
                }
            } finally {
                securityContexts.clearContext();
            }
        }
    }

    /**
     * One audit row per call made with a token (issue 21): who (the member), with which token (its name and id),
     * method, path (without the query) and status; the row's time is when the call ended. A failure to write it is
     * logged, not answered: the call itself has been answered already.
     */
    private void audit(ApiTokenAuthentication token, HttpServletRequest request, int status) {
        try {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("token", token.tokenName());
            details.put("method", request.getMethod());
            details.put("path", request.getRequestURI());
            details.put("status", status);
            audit.record(AUDIT_ACTION, "api_token", token.tokenId().toString(), details);
        } catch (RuntimeException e) {
            log.warn("{} {} with API token {} could not be audited: {}", request.getMethod(),
                    request.getRequestURI(), token.tokenId(), e.toString());
        }
    }

    /** The error page of a token request is rendered for the token's member too, not as an anonymous request. */
    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return false;
    }

    private static void error(HttpServletResponse response, HttpStatus status, String message) throws IOException {
        ApiProblem.write(response, status, message);
    }
}
