package dev.touchstone.shell;

import com.vaadin.flow.spring.security.RequestUtil;
import com.vaadin.flow.spring.security.VaadinSecurityConfigurer;
import dev.touchstone.apitoken.ApiTokenAuthenticator;
import dev.touchstone.apitoken.ApiTokenFilter;
import dev.touchstone.audit.AuditService;
import dev.touchstone.common.ApiProblem;
import dev.touchstone.organization.MemberPrincipals;
import dev.touchstone.organization.MemberSessionFilter;
import dev.touchstone.organization.SessionPrincipal;
import dev.touchstone.shell.ui.LoginView;
import dev.touchstone.sso.SingleSignOn;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.autoconfigure.condition.ConditionalOnNotWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRequestHandler;
import org.springframework.security.web.csrf.XorCsrfTokenRequestAttributeHandler;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

import java.io.IOException;
import java.util.function.Supplier;

/**
 * Form sign-in through the Vaadin login view; every view declares who may open it, and services check roles again
 * ({@code @PreAuthorize}) so that a view is never the only guard. Health probes are public; the JSON API and the media
 * data plane answer 401 instead of redirecting to the sign-in page (the API with a problem body, and 403 with one
 * when its CSRF token is missing).
 * <p>
 * CSRF: Spring's CSRF protection is on for every request that is not Vaadin's own (those carry Vaadin's token),
 * including the sign-in form: Vaadin's configurer would exempt {@code POST /login}, which lets another site sign a
 * visitor in as someone else (login CSRF), so this configuration sets CSRF up itself. The sign-in form sends the
 * token of its page ({@code _csrf} parameter, which Vaadin's login form copies from the page's meta tag); a form
 * whose token does not match (a forged post, or a page whose session ended) is sent back to {@code /login?expired}.
 * The JSON API takes the token only in its header: a token in the query string would end up in logs and
 * {@code Referer}s. All of them share Spring's default {@code HttpSessionCsrfTokenRepository}, so the token a page
 * reads from its request attribute ({@code CsrfToken}) is the one {@code POST /api/**} checks.
 * <p>
 * Content-Security-Policy: {@link ContentSecurityPolicy}.
 * <p>
 * API tokens: {@link ApiTokenFilter} runs after the security context is loaded and before CSRF. A request with
 * {@code Authorization: Bearer ...} is authenticated by its token for that request alone (no session), and only
 * where the token's scope allows (GET/HEAD under {@code /api/v1/releases}, POST of predictions); anything else with
 * a token is refused there. CSRF skips requests with a bearer token: those that get past the token filter were
 * authenticated by the token, which a browser does not send to another site by itself. The OpenAPI description of
 * the public API is public.
 * <p>
 * Single sign-on: {@link SingleSignOn} (OpenID Connect per organization) ends in the same session principal.
 * <p>
 * Sessions: {@link MemberSessionFilter} runs right after the token filter and compares a signed-in session's
 * principal with the membership and password in the database on every request (see docs/security.md).
 */
@Configuration
@EnableWebSecurity
@EnableMethodSecurity(jsr250Enabled = true)
class SecurityConfiguration {

    /** Where the OpenAPI description of the public API is served (springdoc; JSON, and YAML at {@code .yaml}). */
    static final String OPENAPI = "/api/v1/openapi";

    /**
     * Without a web server (the import command) Vaadin's security auto-configuration, which needs the servlet, is
     * left out; services still read the signed-in (or system) principal through this strategy.
     */
    @Bean
    @ConditionalOnNotWebApplication
    SecurityContextHolderStrategy plainSecurityContextHolderStrategy() {
        return SecurityContextHolder.getContextHolderStrategy();
    }

    /** Only with a web server: the import command runs the application without one, method security still on. */
    @Bean
    @ConditionalOnWebApplication
    SecurityFilterChain securityFilterChain(HttpSecurity http, ApiTokenAuthenticator tokens,
                                            SecurityContextHolderStrategy securityContexts,
                                            MemberPrincipals members, SessionPrincipal sessionPrincipal,
                                            RequestUtil vaadinRequests, ContentSecurityPolicy contentSecurityPolicy,
                                            AuditService audit, SingleSignOn singleSignOn)
            throws Exception {
        http.authorizeHttpRequests(requests -> requests
                // The container's error page renders the status a request already failed with; denying it turned
                // every such failure into a 403 "Not allowed".
                .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info").permitAll()
                .requestMatchers("/actuator/**").denyAll()
                .requestMatchers(OPENAPI, OPENAPI + ".yaml").permitAll()
                .requestMatchers("/api/**", "/media/**").authenticated());
        // Data-plane clients (the player's fetches, API clients) need a status, not the HTML sign-in page; the JSON
        // API also gets its usual problem body (ApiProblem), for a refused CSRF token too (a 403 that says why).
        // CSRF stays on for /api/**: the browser sends the session cookie, so the token is what proves the page.
        var api = PathPatternRequestMatcher.withDefaults().matcher("/api/**");
        var signInForm = PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, "/login");
        // A request with a bearer token reaches CSRF only when ApiTokenFilter authenticated it within its scope
        // (predictions:write POSTs): a browser never adds that header to a cross-site request by itself.
        RequestMatcher bearer = request -> request.getHeader(HttpHeaders.AUTHORIZATION) != null
                && request.getHeader(HttpHeaders.AUTHORIZATION).regionMatches(true, 0, "Bearer", 0, 6);
        http.csrf(csrf -> csrf.ignoringRequestMatchers(vaadinRequests::isFrameworkInternalRequest)
                .ignoringRequestMatchers(bearer)
                .csrfTokenRequestHandler(headerOnlyFor(api)));
        var denied = new AccessDeniedHandlerImpl();
        http.exceptionHandling(errors -> errors
                .defaultAccessDeniedHandlerFor((request, response, e) -> {
                    if (e instanceof CsrfException) {
                        response.sendRedirect(request.getContextPath() + "/login?expired");
                    } else {
                        denied.handle(request, response, e);
                    }
                }, signInForm)
                .defaultAuthenticationEntryPointFor((request, response, e) -> jsonError(response,
                        HttpStatus.UNAUTHORIZED, "Sign in first"), api)
                .defaultAccessDeniedHandlerFor((request, response, e) -> jsonError(response, HttpStatus.FORBIDDEN,
                        e instanceof CsrfException
                                ? "Missing or invalid CSRF token: send the session's token in the X-CSRF-TOKEN "
                                + "header (GET /api/v1/csrf, or the page's _csrf meta tag)"
                                : "Not allowed"), api)
                .defaultAuthenticationEntryPointFor(new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED),
                        PathPatternRequestMatcher.withDefaults().matcher("/media/**")));
        http.addFilterBefore(new ApiTokenFilter(tokens, securityContexts, audit), CsrfFilter.class);
        // Sessions are re-checked against the membership on every request (deactivation, roles, password).
        http.addFilterAfter(new MemberSessionFilter(members, sessionPrincipal, securityContexts),
                ApiTokenFilter.class);
        // Single sign-on per organization (OpenID Connect): /oauth2/authorization/<slug> starts it and
        // /login/oauth2/code/<slug> finishes it; both are GETs guarded by the flow's state, not CSRF. It ends in the
        // same session principal as the password form, so everything above applies to it unchanged.
        http.oauth2Login(singleSignOn::configure);
        http.sessionManagement(sessions -> sessions.sessionFixation(fixation -> fixation.changeSessionId()));
        // Addresses carry task, episode and release ids: no other site learns them from a Referer header.
        http.headers(headers -> headers.frameOptions(frame -> frame.deny())
                .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.SAME_ORIGIN))
                .addHeaderWriter(contentSecurityPolicy));
        return http.with(VaadinSecurityConfigurer.vaadin(), vaadin -> vaadin.loginView(LoginView.class)
                .enableCsrfConfiguration(false)).build();
    }

    /**
     * Spring's default handling (masked tokens against BREACH), except that under {@code api} only the header
     * counts: without it the token is missing, whatever the query string or a form body holds. Elsewhere (the
     * sign-in form) the {@code _csrf} parameter counts too.
     */
    private static CsrfTokenRequestHandler headerOnlyFor(RequestMatcher api) {
        var masked = new XorCsrfTokenRequestAttributeHandler();
        return new CsrfTokenRequestHandler() {
            @Override
            public void handle(HttpServletRequest request, HttpServletResponse response,
                               Supplier<CsrfToken> token) {
                masked.handle(request, response, token);
            }

            @Override
            public String resolveCsrfTokenValue(HttpServletRequest request, CsrfToken token) {
                if (api.matches(request) && request.getHeader(token.getHeaderName()) == null) {
                    return null;
                }
                // With the header present, Spring reads the header and never the parameter.
                return masked.resolveCsrfTokenValue(request, token);
            }
        };
    }

    private static void jsonError(HttpServletResponse response, HttpStatus status, String message) throws IOException {
        ApiProblem.write(response, status, message);
    }
}
