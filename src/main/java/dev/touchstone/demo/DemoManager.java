package dev.touchstone.demo;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.stereotype.Component;

/**
 * Runs demo set-up as the demo project manager, so that it goes through the same services, checks and audit as a
 * person on the pages would, instead of around them.
 */
@Component
class DemoManager {

    static final String EMAIL = "pm@acme.test";

    private final UserDetailsService users;
    private final SecurityContextHolderStrategy securityContexts;

    DemoManager(UserDetailsService users, SecurityContextHolderStrategy securityContexts) {
        this.users = users;
        this.securityContexts = securityContexts;
    }

    void run(Runnable work) {
        UserDetails user = users.loadUserByUsername(EMAIL);
        var previous = securityContexts.getContext();
        var context = securityContexts.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(user, null, user.getAuthorities()));
        securityContexts.setContext(context);
        try {
            work.run();
        } finally {
            securityContexts.setContext(previous);
        }
    }
}
