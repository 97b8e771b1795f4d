package dev.touchstone.sso;

import dev.touchstone.organization.TouchstoneUser;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

import java.io.Serial;

/** The provider's user, carrying the member it was matched to; lives only until the success handler replaces it. */
final class SsoUser extends DefaultOidcUser {

    @Serial
    private static final long serialVersionUID = 1L;

    private final TouchstoneUser member;

    SsoUser(OidcUser user, TouchstoneUser member) {
        super(member.getAuthorities(), user.getIdToken(), user.getUserInfo());
        this.member = member;
    }

    TouchstoneUser member() {
        return member;
    }
}
