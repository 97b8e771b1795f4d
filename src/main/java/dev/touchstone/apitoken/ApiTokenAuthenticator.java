package dev.touchstone.apitoken;

import dev.touchstone.organization.MemberPrincipals;
import org.springframework.stereotype.Component;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a presented secret into an authentication: the token must exist (found by the secret's SHA-256), be neither
 * revoked nor expired, and its member must still be an active member of the token's organization. Every request
 * checks all of it against the database, so revoking a token or deactivating a member takes effect at once.
 */
@Component
public class ApiTokenAuthenticator {

    private final ApiTokenRepository tokens;
    private final MemberPrincipals members;

    ApiTokenAuthenticator(ApiTokenRepository tokens, MemberPrincipals members) {
        this.tokens = tokens;
        this.members = members;
    }

    /** Empty for anything that does not authenticate; deliberately says nothing about why. */
    public Optional<ApiTokenAuthentication> authenticate(String secret) {
        if (!ApiTokenSecrets.wellFormed(secret)) {
            return Optional.empty();
        }
        return tokens.usable(ApiTokenSecrets.hash(secret)).flatMap(token ->
                members.activeMember(token.userId(), token.organizationId()).map(member -> {
                    tokens.used(token.id());
                    Set<ApiTokenScope> scopes = EnumSet.noneOf(ApiTokenScope.class);
                    token.scopes().forEach(key -> ApiTokenScope.of(key).ifPresent(scopes::add));
                    return new ApiTokenAuthentication(member, token.id(), token.name(), scopes);
                }));
    }
}
