package dev.touchstone.apitoken;

import dev.touchstone.organization.TouchstoneUser;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

import java.io.Serial;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A request authenticated by an API token: the principal is the token's member acting in the token's organization
 * (so {@code CurrentOrganization} and every role check work exactly as for that member signed in), with the
 * membership's roles and one {@code SCOPE_...} authority per scope as authorities. It never holds the secret.
 */
public final class ApiTokenAuthentication extends AbstractAuthenticationToken {

    @Serial
    private static final long serialVersionUID = 1L;

    private final TouchstoneUser member;
    private final UUID tokenId;
    private final String tokenName;
    private final Set<ApiTokenScope> scopes;

    ApiTokenAuthentication(TouchstoneUser member, UUID tokenId, String tokenName, Set<ApiTokenScope> scopes) {
        super(authorities(member, scopes));
        this.member = member;
        this.tokenId = tokenId;
        this.tokenName = tokenName;
        this.scopes = Set.copyOf(scopes);
        setAuthenticated(true);
    }

    private static List<GrantedAuthority> authorities(TouchstoneUser member, Set<ApiTokenScope> scopes) {
        List<GrantedAuthority> authorities = new ArrayList<>(member.getAuthorities());
        scopes.forEach(scope -> authorities.add(new SimpleGrantedAuthority("SCOPE_" + scope.key())));
        return authorities;
    }

    @Override
    public TouchstoneUser getPrincipal() {
        return member;
    }

    @Override
    public Object getCredentials() {
        return null;
    }

    @Override
    public String getName() {
        return member.getUsername();
    }

    public UUID tokenId() {
        return tokenId;
    }

    /** The name its member gave the token, e.g. where it is used; what the audit log shows for its calls. */
    public String tokenName() {
        return tokenName;
    }

    public Set<ApiTokenScope> scopes() {
        return scopes;
    }
}
