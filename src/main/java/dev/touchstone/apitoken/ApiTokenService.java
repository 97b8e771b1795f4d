package dev.touchstone.apitoken;

import dev.touchstone.audit.AuditService;
import dev.touchstone.organization.Ability;
import dev.touchstone.organization.CurrentOrganization;
import dev.touchstone.organization.NotFoundInOrganizationException;
import dev.touchstone.organization.TouchstoneUser;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The signed-in member's own API tokens in the organization they act in: make one (the secret is returned once),
 * list them, revoke one. Admins also list and revoke every member's tokens in the organization. Customers, project managers, QA leads and admins have tokens; annotators do not (there is
 * nothing a token could read for them). Making and revoking are audited ({@code api_token.created},
 * {@code api_token.revoked}). A request authenticated by a token cannot make or revoke tokens.
 */
@Service
@PreAuthorize(ApiTokenService.MEMBERS)
public class ApiTokenService {

    static final String MEMBERS = "hasAnyRole('ADMIN', 'PROJECT_MANAGER', 'QA_LEAD', 'ANNOTATOR', 'CUSTOMER')";
    public static final int DEFAULT_DAYS = 90;
    public static final int MIN_DAYS = 1;
    public static final int MAX_DAYS = 365;
    public static final int MAX_NAME = 100;

    private final ApiTokenRepository tokens;
    private final CurrentOrganization current;
    private final AuditService audit;
    private final SecurityContextHolderStrategy securityContexts;

    ApiTokenService(ApiTokenRepository tokens, CurrentOrganization current, AuditService audit,
                    SecurityContextHolderStrategy securityContexts) {
        this.tokens = tokens;
        this.current = current;
        this.audit = audit;
        this.securityContexts = securityContexts;
    }

    /** Makes a token with the scope {@code releases:read}; see {@link #create(String, int, Set)}. */
    @Transactional
    public CreatedApiToken create(String name, int days) {
        return create(name, days, EnumSet.of(ApiTokenScope.RELEASES_READ));
    }

    /**
     * Makes a token for the signed-in member in their current organization.
     *
     * @param name   what the member calls it ("nightly download"), 1 to 100 characters
     * @param days   how long it works, 1 to 365
     * @param scopes what it may do, at least one; {@code predictions:write} only for members who may manage
     *               projects (admins, project managers), who alone may store predictions
     * @throws IllegalArgumentException with a message for the member for a blank or long name, a bad expiry, no
     *                                  scope, or a scope their role cannot use
     */
    @Transactional
    public CreatedApiToken create(String name, int days, Set<ApiTokenScope> scopes) {
        TouchstoneUser me = sessionMember();
        String n = name == null ? "" : name.strip();
        if (n.isEmpty()) {
            throw new IllegalArgumentException("Give the token a name, e.g. where it is used.");
        }
        if (n.length() > MAX_NAME) {
            throw new IllegalArgumentException("A token name is at most " + MAX_NAME + " characters.");
        }
        if (days < MIN_DAYS || days > MAX_DAYS) {
            throw new IllegalArgumentException("A token expires after " + MIN_DAYS + " to " + MAX_DAYS + " days.");
        }
        if (scopes == null || scopes.isEmpty()) {
            throw new IllegalArgumentException("Choose at least one scope: what the token may do.");
        }
        for (ApiTokenScope scope : scopes) {
            if (!scope.availableTo(me)) {
                throw new IllegalArgumentException("Your role cannot use the scope " + scope.key() + " ("
                        + scope.description() + "), so a token of yours cannot have it.");
            }
        }
        String secret = ApiTokenSecrets.generate();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        List<String> keys = EnumSet.copyOf(scopes).stream().map(ApiTokenScope::key).toList();
        ApiToken token = tokens.insert(me.organization().id(), me.userId(), n, ApiTokenSecrets.hash(secret),
                ApiTokenSecrets.shown(secret), keys, now, now.plus(Duration.ofDays(days)));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("name", token.name());
        details.put("prefix", token.prefix());
        details.put("scopes", token.scopes());
        details.put("expiresAt", token.expiresAt().toString());
        audit.record("api_token.created", "api_token", token.id().toString(), details);
        return new CreatedApiToken(token, secret);
    }

    /** The scopes the signed-in member may give a token ({@link ApiTokenScope#availableTo}). */
    public Set<ApiTokenScope> scopesForMe() {
        TouchstoneUser me = current.requireUser();
        Set<ApiTokenScope> mine = EnumSet.noneOf(ApiTokenScope.class);
        for (ApiTokenScope scope : ApiTokenScope.values()) {
            if (scope.availableTo(me)) {
                mine.add(scope);
            }
        }
        return mine;
    }

    /** The signed-in member's tokens in the current organization (revoked and expired ones too), newest first. */
    @Transactional(readOnly = true)
    public List<ApiToken> mine() {
        TouchstoneUser me = current.requireUser();
        return tokens.tokens(me.organization().id(), me.userId());
    }

    /**
     * Revokes one of the member's own tokens; the next request with it is refused. Revoking a revoked token
     * changes nothing.
     *
     * @throws NotFoundInOrganizationException for a token that is not the member's in this organization
     */
    @Transactional
    public ApiToken revoke(UUID tokenId) {
        TouchstoneUser me = sessionMember();
        UUID org = me.organization().id();
        ApiToken token = tokens.token(org, me.userId(), tokenId).orElseThrow(() -> new NotFoundInOrganizationException("API token"));
        if (tokens.revoke(org, me.userId(), tokenId, me.userId()) == 1) {
            audit.record("api_token.revoked", "api_token", tokenId.toString(),
                    Map.of("name", token.name(), "prefix", token.prefix()));
        }
        return tokens.token(org, me.userId(), tokenId).orElseThrow();
    }

    /** Every token of the current organization, whoever owns it (revoked and expired ones too), newest first. */
    @Transactional(readOnly = true)
    @PreAuthorize(Ability.Expressions.API_TOKENS)
    public List<OrganizationApiToken> organizationTokens() {
        return tokens.organizationTokens(current.requireUser().organization().id());
    }

    /**
     * Revokes any member's token in the current organization, e.g. one that leaked from a script; audited like
     * {@link #revoke}, naming the owner. Revoking a revoked token changes nothing.
     *
     * @throws NotFoundInOrganizationException for a token that is not this organization's
     */
    @Transactional
    @PreAuthorize(Ability.Expressions.API_TOKENS)
    public ApiToken revokeAny(UUID tokenId) {
        TouchstoneUser me = sessionMember();
        UUID org = me.organization().id();
        OrganizationApiToken found = tokens.organizationToken(org, tokenId)
                .orElseThrow(() -> new NotFoundInOrganizationException("API token"));
        if (tokens.revokeAny(org, tokenId, me.userId()) == 1) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("name", found.token().name());
            details.put("prefix", found.token().prefix());
            details.put("ownerId", found.ownerId().toString());
            details.put("ownerName", found.ownerName());
            audit.record("api_token.revoked", "api_token", tokenId.toString(), details);
        }
        return tokens.organizationToken(org, tokenId).orElseThrow().token();
    }

    /** The member, signed in with their password: a token never makes or revokes tokens, whatever it is allowed. */
    private TouchstoneUser sessionMember() {
        if (securityContexts.getContext().getAuthentication() instanceof ApiTokenAuthentication) {
            throw new AccessDeniedException("API tokens cannot manage API tokens; sign in");
        }
        return current.requireUser();
    }
}
