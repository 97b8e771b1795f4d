package dev.touchstone;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;

/** Service-level tests act as a real demo member: the principal is loaded exactly as sign-in loads it. */
public final class SignIn {

    private SignIn() {
    }

    public static UserDetails as(UserDetailsService users, String email) {
        UserDetails user = users.loadUserByUsername(email);
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(user, null,
                user.getAuthorities()));
        SecurityContextHolder.setContext(context);
        return user;
    }

    public static void out() {
        SecurityContextHolder.clearContext();
    }
}
