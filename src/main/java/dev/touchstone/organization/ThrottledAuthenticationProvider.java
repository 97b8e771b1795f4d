package dev.touchstone.organization;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.authentication.AccountStatusUserDetailsChecker;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/**
 * Password sign-in with throttling in front: a locked e-mail or address is refused before the password is checked,
 * and only a wrong password counts as a failure.
 */
@Component
class ThrottledAuthenticationProvider implements AuthenticationProvider {

    private final DaoAuthenticationProvider passwords;
    private final LoginThrottle throttle;

    ThrottledAuthenticationProvider(TouchstoneUserDetailsService users, PasswordEncoder encoder,
                                    LoginThrottle throttle) {
        this.passwords = new DaoAuthenticationProvider(users);
        this.passwords.setPasswordEncoder(encoder);
        // Account status is checked only after the password, so a wrong password never reveals that an
        // account exists but is deactivated.
        this.passwords.setPreAuthenticationChecks(user -> {
        });
        this.passwords.setPostAuthenticationChecks(new AccountStatusUserDetailsChecker());
        this.throttle = throttle;
    }

    @Override
    public Authentication authenticate(Authentication authentication) throws AuthenticationException {
        String email = String.valueOf(authentication.getName());
        String address = authentication.getDetails() instanceof WebAuthenticationDetails details
                ? details.getRemoteAddress() : null;
        List<String> keys = new ArrayList<>(List.of(LoginThrottle.userKey(email)));
        if (address != null) {
            keys.add(LoginThrottle.addressKey(address));
        }
        var lock = throttle.lockedFor(keys);
        if (lock.isPresent()) {
            throw new LoginThrottledException(lock.get());
        }
        try {
            Authentication result = passwords.authenticate(authentication);
            throttle.clear(email);
            return result;
        } catch (BadCredentialsException e) {
            throttle.recordFailure(email, address);
            throw e;
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
