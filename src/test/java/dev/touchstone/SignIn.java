package dev.touchstone;

import org.springframework.boot.test.context.TestComponent;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;

/**
 * Service-level tests act as a real demo member: the principal is loaded exactly as sign-in loads it, and set on
 * this application context's strategy (a second test context in the same JVM installs its own static one). It is
 * also set on the static {@link SecurityContextHolder}, which Vaadin's browserless tests read for the navigating
 * user: once another context has replaced the static strategy, the two differ, and a browserless test signed in only
 * on the bean was sent to the login page.
 */
@TestComponent
public class SignIn {

    private final UserDetailsService users;
    private final SecurityContextHolderStrategy securityContexts;

    SignIn(UserDetailsService users, SecurityContextHolderStrategy securityContexts) {
        this.users = users;
        this.securityContexts = securityContexts;
    }

    public UserDetails as(String email) {
        UserDetails user = users.loadUserByUsername(email);
        var context = securityContexts.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(user, null,
                user.getAuthorities()));
        securityContexts.setContext(context);
        SecurityContextHolder.getContextHolderStrategy().setContext(context);
        return user;
    }

    public void out() {
        securityContexts.clearContext();
        SecurityContextHolder.clearContext();
    }
}
