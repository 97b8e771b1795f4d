package dev.touchstone.sso;

import dev.touchstone.organization.ExternalSignIn;
import dev.touchstone.organization.Role;
import dev.touchstone.organization.TouchstoneUser;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.oauth2.client.OAuth2LoginConfigurer;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestRedirectFilter;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.WebAuthenticationDetailsSource;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Sign-in through an organization's OpenID Connect provider (docs/security.md, "Single sign-on"). The sign-in page
 * of an organization ({@code /login?org=<slug>}) links to {@code /oauth2/authorization/<slug>}; Spring's OAuth2
 * client sends the person to the provider (authorization code flow with state and nonce) and takes the code
 * back at {@code /login/oauth2/code/<slug>}, where it checks the ID token's signature, issuer, audience, expiry and
 * nonce. This class then refuses an unverified e-mail, matches the person to a member ({@link ExternalSignIn}) and
 * replaces the OAuth2 authentication with the principal a password sign-in makes, confined to that organization.
 * A refusal goes back to the organization's sign-in page with the reason.
 */
@Component
public class SingleSignOn {

    /** The session attribute holding the last refusal's message for the sign-in page. */
    public static final String FAILURE = SingleSignOn.class.getName() + ".FAILURE";

    private static final Logger log = LoggerFactory.getLogger(SingleSignOn.class);

    private final SsoRegistrations registrations;
    private final ExternalSignIn signIn;
    private final SecurityContextHolderStrategy securityContexts;
    private final ApplicationEventPublisher events;
    private final OidcUserService provider = new OidcUserService();
    private final SsoProviderCalls calls;
    private final HttpSessionSecurityContextRepository sessions = new HttpSessionSecurityContextRepository();

    SingleSignOn(SsoRegistrations registrations, ExternalSignIn signIn,
                 SecurityContextHolderStrategy securityContexts, ApplicationEventPublisher events,
                 SsoProviderCalls calls) {
        this.calls = calls;
        // The user-info call with our timeouts; the ID token's keys are read by SsoProviderCalls as the decoder
        // factory the login configuration finds in the context.
        this.provider.setOauth2UserService(calls.userInfo());
        this.registrations = registrations;
        this.signIn = signIn;
        this.securityContexts = securityContexts;
        this.events = events;
    }

    /** The button's label on the organization's sign-in page, when it has single sign-on enabled. */
    public Optional<String> providerName(String organizationSlug) {
        return registrations.provider(organizationSlug).map(found -> found.settings().providerName());
    }

    /** Where the sign-in through the organization's provider starts. */
    public static String start(String organizationSlug) {
        return OAuth2AuthorizationRequestRedirectFilter.DEFAULT_AUTHORIZATION_REQUEST_BASE_URI + "/"
                + organizationSlug;
    }

    /** Installs the OAuth2 login on the security configuration's {@code oauth2Login(...)}. */
    public void configure(OAuth2LoginConfigurer<HttpSecurity> login) {
        AuthenticationFailureHandler failure = this::refused;
        login.loginPage("/login")
                .clientRegistrationRepository(registrations)
                // Nothing calls the provider's APIs after sign-in: its access token is not kept anywhere.
                .authorizedClientRepository(new NothingKept())
                .tokenEndpoint(token -> token.accessTokenResponseClient(calls.tokenClient()))
                .userInfoEndpoint(userInfo -> userInfo.oidcUserService(this::member))
                .successHandler(this::signedIn)
                .failureHandler(failure)
                // An unknown organization or a provider whose discovery fails at the start of the flow is a
                // refusal on the sign-in page too, not a bare 500.
                .withObjectPostProcessor(new ObjectPostProcessor<OAuth2AuthorizationRequestRedirectFilter>() {
                    @Override
                    public <O extends OAuth2AuthorizationRequestRedirectFilter> O postProcess(O filter) {
                        filter.setAuthenticationFailureHandler(failure);
                        return filter;
                    }
                });
    }

    private OidcUser member(OidcUserRequest request) {
        OidcUser user = provider.loadUser(request);
        String slug = request.getClientRegistration().getRegistrationId();
        SsoRegistrations.Provider found = registrations.provider(slug)
                .orElseThrow(() -> refusal("client_registration_not_found",
                        "Single sign-on is not enabled for this organization."));
        String email = user.getEmail();
        Object verified = user.getClaims().get("email_verified");
        if (email == null || !(Boolean.TRUE.equals(verified) || "true".equals(verified))) {
            throw refusal("email_not_verified", "Your identity provider has not verified the e-mail address "
                    + (email == null ? "(none sent)" : email) + ", so it cannot be matched to a member.");
        }
        Set<Role> claimed = claimedRoles(found.settings(), user.getClaims());
        try {
            TouchstoneUser member = signIn.signIn(found.organization().id(), email, user.getFullName(), claimed,
                    found.settings().defaultRole()).signedInThrough(found.organization().id());
            member.eraseCredentials();
            return new SsoUser(user, member);
        } catch (DisabledException e) {
            throw refusal("membership_deactivated", e.getMessage() + ".");
        } catch (IllegalArgumentException e) {
            throw refusal("invalid_email", e.getMessage() + ".");
        }
    }

    /** The roles the claim's values map to; a value may be a string or a list of strings. */
    static Set<Role> claimedRoles(SsoSettings settings, Map<String, Object> claims) {
        EnumSet<Role> roles = EnumSet.noneOf(Role.class);
        if (settings.roleClaim() == null) {
            return roles;
        }
        Object claim = claims.get(settings.roleClaim());
        Collection<?> values = claim instanceof Collection<?> many ? many : claim == null ? List.of() : List.of(claim);
        for (Object value : values) {
            Role role = settings.roleMapping().get(String.valueOf(value));
            if (role != null) {
                roles.add(role);
            }
        }
        return roles;
    }

    private void signedIn(HttpServletRequest request, HttpServletResponse response, Authentication authentication)
            throws IOException, jakarta.servlet.ServletException {
        TouchstoneUser member = ((SsoUser) authentication.getPrincipal()).member();
        // The same authentication a password sign-in leaves in the session, so MemberSessionFilter re-checks it.
        var signedIn = UsernamePasswordAuthenticationToken.authenticated(member, null, member.getAuthorities());
        signedIn.setDetails(new WebAuthenticationDetailsSource().buildDetails(request));
        SecurityContext context = securityContexts.createEmptyContext();
        context.setAuthentication(signedIn);
        securityContexts.setContext(context);
        sessions.saveContext(context, request, response);
        if (request.getSession(false) != null) {
            request.getSession(false).removeAttribute(FAILURE);
        }
        log.info("Single sign-on: {} signed in to {}", member.email(), member.organization().slug());
        // The audit log's sign-in line, as for the password form (whose event carries the same principal).
        events.publishEvent(new AuthenticationSuccessEvent(signedIn));
        new SavedRequestAwareAuthenticationSuccessHandler().onAuthenticationSuccess(request, response,
                context.getAuthentication());
    }

    private void refused(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        String slug = request.getRequestURI().substring(request.getRequestURI().lastIndexOf('/') + 1);
        String message = message(e);
        log.info("Single sign-on to {} refused: {}", slug, e.getMessage());
        request.getSession().setAttribute(FAILURE, message);
        response.sendRedirect(request.getContextPath() + "/login?org="
                + URLEncoder.encode(slug, StandardCharsets.UTF_8) + "&sso-error");
    }

    private static String message(AuthenticationException e) {
        if (!(e instanceof OAuth2AuthenticationException oauth)) {
            return "Single sign-on failed. Try again, or sign in with your password.";
        }
        OAuth2Error error = oauth.getError();
        String detail = error.getDescription() == null ? "" : " (" + error.getDescription() + ")";
        return switch (error.getErrorCode()) {
            case "invalid_id_token" -> "The identity provider's token was refused: it was not issued for this"
                    + " organization's sign-in by its configured issuer, or it has expired" + detail + ".";
            case "client_registration_not_found" ->
                    "Single sign-on is not set up for this organization, or its identity provider cannot be reached.";
            case "access_denied" -> "The identity provider did not let you in" + detail + ".";
            case "authorization_request_not_found" ->
                    "The sign-in took too long or was started in another browser. Start again.";
            case "email_not_verified", "membership_deactivated", "invalid_email" -> error.getDescription();
            default -> "Single sign-on failed: " + error.getErrorCode() + detail + ".";
        };
    }

    private static OAuth2AuthenticationException refusal(String code, String message) {
        return new OAuth2AuthenticationException(new OAuth2Error(code, message, null), message);
    }

    private static final class NothingKept implements OAuth2AuthorizedClientRepository {
        @Override
        public <T extends OAuth2AuthorizedClient> T loadAuthorizedClient(String registrationId,
                                                                          Authentication principal,
                                                                          HttpServletRequest request) {
            return null;
        }

        @Override
        public void saveAuthorizedClient(OAuth2AuthorizedClient client, Authentication principal,
                                         HttpServletRequest request, HttpServletResponse response) {
        }

        @Override
        public void removeAuthorizedClient(String registrationId, Authentication principal,
                                           HttpServletRequest request, HttpServletResponse response) {
        }
    }
}
