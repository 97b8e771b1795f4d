package dev.touchstone.sso;

import dev.touchstone.ApiClient;
import dev.touchstone.SignIn;
import dev.touchstone.TouchstoneSpringTest;
import dev.touchstone.organization.MemberPrincipals;
import dev.touchstone.organization.MemberService;
import dev.touchstone.organization.NotFoundInOrganizationException;
import dev.touchstone.organization.Organization;
import dev.touchstone.organization.OrganizationProvisioning;
import dev.touchstone.organization.OrganizationService;
import dev.touchstone.organization.Role;
import dev.touchstone.organization.TouchstoneUser;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Single sign-on against a real OpenID Connect provider started here (mock-oauth2-server: discovery, authorization
 * and token endpoints, JWKS, user info; one issuer per organization). Each sign-in is the whole authorization code
 * flow over real HTTP as a browser makes it: the application's start address, the provider's authorization
 * endpoint, the application's redirect URI (which exchanges the code at the provider and checks the ID token), each
 * redirect followed by hand with the client's cookies.
 */
@TouchstoneSpringTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SingleSignOnTest {

    private static final String ACME_IDP = "acme-idp";
    private static final String GLOBEX_IDP = "globex-idp";

    @Autowired SignIn signIn;
    @Autowired SsoSettingsService ssoSettings;
    @Autowired MemberService members;
    @Autowired OrganizationProvisioning provisioning;
    @Autowired OrganizationService organizations;
    @Autowired MemberPrincipals principals;
    @Autowired SecurityContextHolderStrategy securityContexts;
    @Autowired JsonMapper json;
    @Autowired dev.touchstone.audit.AuditService audit;
    @Autowired SsoRegistrations registrations;
    @Autowired org.jooq.DSLContext dsl;
    @LocalServerPort int port;

    private final MockOAuth2Server idp = new MockOAuth2Server();
    private Organization acme;
    private Organization globex;

    @BeforeAll
    void providers() {
        idp.start();
        acme = provisioning.organization("acme").orElseThrow();
        globex = provisioning.organization("globex").orElseThrow();
        configure("admin@acme.test", ACME_IDP, true);
        configure("admin@globex.test", GLOBEX_IDP, true);
    }

    @AfterAll
    void stop() {
        // The test context (and its database) is shared with other test classes: leave SSO off, as it was.
        configure("admin@acme.test", ACME_IDP, false);
        configure("admin@globex.test", GLOBEX_IDP, false);
        idp.shutdown();
    }

    @AfterEach
    void signOut() {
        signIn.out();
    }

    private void configure(String admin, String issuerId, boolean enabled) {
        signIn.as(admin);
        ssoSettings.save(new SsoSettingsUpdate("Test IdP", idp.issuerUrl(issuerId).toString(), "touchstone",
                "client-secret", "groups", Map.of("qa", Role.QA_LEAD, "labelers", Role.ANNOTATOR), Role.CUSTOMER,
                enabled));
        signIn.out();
    }

    /** The claims a provider sends for a person with a verified e-mail in the given groups. */
    private static Map<String, Object> person(String email, String... groups) {
        Map<String, Object> claims = new HashMap<>();
        claims.put("email", email);
        claims.put("email_verified", true);
        claims.put("name", "SSO " + email);
        claims.put("groups", List.of(groups));
        return claims;
    }

    /** The whole flow; answers the application's last answer (the redirect after sign-in or refusal). */
    private HttpResponse<String> signInWithSso(ApiClient client, String slug, String issuerId,
                                               Map<String, Object> claims) throws Exception {
        idp.enqueueCallback(new DefaultOAuth2TokenCallback(issuerId, (String) claims.get("email"), "JWT", null,
                claims, 3600));
        HttpResponse<String> start = client.get(SingleSignOn.start(slug));
        assertThat(start.statusCode()).as(start.body()).isEqualTo(302);
        URI authorize = URI.create(start.headers().firstValue("Location").orElseThrow());
        assertThat(authorize.toString()).startsWith(idp.authorizationEndpointUrl(issuerId).toString());
        HttpResponse<String> provider = client.http.send(HttpRequest.newBuilder(authorize).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(provider.statusCode()).as(provider.body()).isEqualTo(302);
        URI callback = URI.create(provider.headers().firstValue("Location").orElseThrow());
        assertThat(callback.getPath()).isEqualTo("/login/oauth2/code/" + slug);
        return client.http.send(HttpRequest.newBuilder(callback).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private ApiClient signedInWithSso(String slug, String issuerId, Map<String, Object> claims) throws Exception {
        ApiClient client = new ApiClient(port, json);
        HttpResponse<String> done = signInWithSso(client, slug, issuerId, claims);
        assertThat(done.statusCode()).isEqualTo(302);
        assertThat(done.headers().firstValue("Location").orElseThrow()).doesNotContain("login");
        return client;
    }

    private static void assertRefused(HttpResponse<String> done, String slug) {
        assertThat(done.statusCode()).isEqualTo(302);
        assertThat(done.headers().firstValue("Location").orElseThrow())
                .endsWith("/login?org=" + slug + "&sso-error");
    }

    private static Set<String> roles(JsonNode me) {
        Set<String> roles = new java.util.TreeSet<>();
        me.get("roles").forEach(role -> roles.add(role.asString()));
        return roles;
    }

    private boolean isMember(String admin, String email) {
        signIn.as(admin);
        try {
            return members.members().stream().anyMatch(m -> m.email().equals(email));
        } finally {
            signIn.out();
        }
    }

    @Test
    void aFirstSignInMakesTheMemberWithTheClaimedRoleAndALaterOneFollowsTheClaim() throws Exception {
        ApiClient first = signedInWithSso("acme", ACME_IDP, person("sso-qa@acme.test", "qa", "everyone"));
        JsonNode me = first.getJson("/api/v1/me", 200);
        assertThat(me.get("email").asString()).isEqualTo("sso-qa@acme.test");
        assertThat(me.get("organization").get("slug").asString()).isEqualTo("acme");
        assertThat(roles(me)).containsExactly("QA_LEAD");
        assertThat(me.get("displayName").asString()).isEqualTo("SSO sso-qa@acme.test");
        assertThat(isMember("admin@acme.test", "sso-qa@acme.test")).isTrue();
        signIn.as("admin@acme.test");
        assertThat(audit.page("auth.login.succeeded", 0, 50)).anySatisfy(entry -> {
            assertThat(entry.actorName()).isEqualTo("sso-qa@acme.test");
            assertThat(entry.clientAddress()).isEqualTo("127.0.0.1");
        });
        assertThat(audit.page("user.created", 0, 50))
                .anySatisfy(entry -> assertThat(entry.details()).contains("sso-qa@acme.test"));
        signIn.out();

        // The provider moved the person to another group: the next sign-in brings the membership in line, and the
        // first session (a session like any password session) sees the change at its next request.
        ApiClient second = signedInWithSso("acme", ACME_IDP, person("sso-qa@acme.test", "labelers"));
        assertThat(roles(second.getJson("/api/v1/me", 200))).containsExactly("ANNOTATOR");
        assertThat(roles(first.getJson("/api/v1/me", 200))).containsExactly("ANNOTATOR");

        // A token whose claim maps to nothing leaves the roles as they are.
        ApiClient third = signedInWithSso("acme", ACME_IDP, person("sso-qa@acme.test", "everyone"));
        assertThat(roles(third.getJson("/api/v1/me", 200))).containsExactly("ANNOTATOR");
    }

    @Test
    void aFirstSignInWhoseClaimMapsToNoRoleGetsTheDefaultRole() throws Exception {
        ApiClient client = signedInWithSso("acme", ACME_IDP, person("sso-default@acme.test", "everyone"));
        assertThat(roles(client.getJson("/api/v1/me", 200))).containsExactly("CUSTOMER");
    }

    @Test
    void anExistingAccountIsMatchedByItsVerifiedEmail() throws Exception {
        // The demo QA lead (password account, member of acme) signs in through acme's provider: same person.
        ApiClient client = signedInWithSso("acme", ACME_IDP, person("QA@acme.test"));
        JsonNode me = client.getJson("/api/v1/me", 200);
        assertThat(me.get("email").asString()).isEqualTo("qa@acme.test");
        assertThat(roles(me)).containsExactly("QA_LEAD");
    }

    @Test
    void aTokenFromAnotherIssuerIsRefused() throws Exception {
        // Signed with the acme issuer's key but naming globex's issuer: the ID token's "iss" is not the one
        // acme's configuration discovered.
        Map<String, Object> claims = person("sso-wrong-issuer@acme.test", "qa");
        claims.put("iss", idp.issuerUrl(GLOBEX_IDP).toString());
        ApiClient client = new ApiClient(port, json);
        assertRefused(signInWithSso(client, "acme", ACME_IDP, claims), "acme");
        assertThat(client.get("/api/v1/me").statusCode()).isEqualTo(401);
        assertThat(isMember("admin@acme.test", "sso-wrong-issuer@acme.test")).isFalse();
    }

    @Test
    void anUnverifiedEmailIsRefused() throws Exception {
        Map<String, Object> claims = person("sso-unverified@acme.test", "qa");
        claims.put("email_verified", false);
        ApiClient client = new ApiClient(port, json);
        assertRefused(signInWithSso(client, "acme", ACME_IDP, claims), "acme");
        assertThat(client.get("/api/v1/me").statusCode()).isEqualTo(401);
        assertThat(isMember("admin@acme.test", "sso-unverified@acme.test")).isFalse();

        claims.remove("email_verified");
        assertRefused(signInWithSso(client, "acme", ACME_IDP, claims), "acme");
        assertThat(client.get("/api/v1/me").statusCode()).isEqualTo(401);
    }

    @Test
    void aDeactivatedMemberIsOutAndCannotSignInAgain() throws Exception {
        ApiClient client = signedInWithSso("acme", ACME_IDP, person("sso-leaver@acme.test", "labelers"));
        UUID userId = UUID.fromString(client.getJson("/api/v1/me", 200).get("userId").asString());
        signIn.as("admin@acme.test");
        members.setActive(userId, false);
        signIn.out();

        assertThat(client.get("/api/v1/me").statusCode()).isEqualTo(401);
        assertRefused(signInWithSso(new ApiClient(port, json), "acme", ACME_IDP,
                person("sso-leaver@acme.test", "labelers")), "acme");
    }

    @Test
    void theClientSecretIsStoredEncryptedAndSignInStillUsesIt() throws Exception {
        String stored = storedSecret(acme.id());
        assertThat(stored).startsWith("enc:v1:").doesNotContain("client-secret");
        registrations.forget(acme.id());
        assertThat(registrations.findByRegistrationId("acme").getClientSecret())
                .as("decrypted for the token exchange").isEqualTo("client-secret");
        signedInWithSso("acme", ACME_IDP, person("sso-encrypted@acme.test", "labelers"));

        try {
            // Another organization's ciphertext does not decrypt in this row (the organization id is authenticated).
            dsl.execute("update sso_configuration set client_secret = ? where organization_id = ?",
                    storedSecret(globex.id()), acme.id());
            registrations.forget(acme.id());
            assertThat(registrations.findByRegistrationId("acme")).as("refused, not used").isNull();
            assertRefused(new ApiClient(port, json).get(SingleSignOn.start("acme")), "acme");

            // A row written before V26, in plain text, is encrypted at start-up.
            dsl.execute("update sso_configuration set client_secret = 'legacy-plain-secret' "
                    + "where organization_id = ?", acme.id());
            registrations.encryptPlainSecrets();
            assertThat(storedSecret(acme.id())).startsWith("enc:v1:").doesNotContain("legacy-plain-secret");
            registrations.forget(acme.id());
            assertThat(registrations.findByRegistrationId("acme").getClientSecret())
                    .isEqualTo("legacy-plain-secret");
        } finally {
            configure("admin@acme.test", ACME_IDP, true);
        }
        signedInWithSso("acme", ACME_IDP, person("sso-encrypted@acme.test", "labelers"));
    }

    @Test
    void anIssuerInThePrivateNetworkIsRefused() {
        signIn.as("admin@acme.test");
        for (String issuer : List.of("http://10.0.0.5/realms/acme", "http://169.254.169.254/latest")) {
            assertThatThrownBy(() -> ssoSettings.save(new SsoSettingsUpdate("Inside", issuer, "touchstone", "x",
                    null, Map.of(), Role.CUSTOMER, false)))
                    .as("even disabled: %s", issuer)
                    .isInstanceOf(dev.touchstone.common.NetworkAddresses.RefusedAddressException.class)
                    .hasMessageStartingWith("The identity provider's host '" + issuer.split("/")[2] + "' resolves to");
        }
        assertThat(ssoSettings.settings().orElseThrow().issuerUri()).isEqualTo(idp.issuerUrl(ACME_IDP).toString());
    }

    private String storedSecret(UUID organizationId) {
        return dsl.fetchValue("select client_secret from sso_configuration where organization_id = ?",
                organizationId).toString();
    }

    @Test
    void passwordSignInStays() throws Exception {
        ApiClient client = ApiClient.signedIn(port, json, "pm@acme.test");
        assertThat(roles(client.getJson("/api/v1/me", 200))).containsExactly("PROJECT_MANAGER");
    }

    @Test
    void anotherOrganizationsProviderGivesNoAccessToThisOne() throws Exception {
        UUID person = provisioning.addMember(acme, "sso-both@acme.test", "Both", "correct horse battery 1",
                Set.of(Role.ADMIN));
        // Globex's provider vouches for an e-mail that is an acme admin's: it signs the person in to globex only.
        ApiClient client = signedInWithSso("globex", GLOBEX_IDP, person("sso-both@acme.test"));
        JsonNode me = client.getJson("/api/v1/me", 200);
        assertThat(me.get("organization").get("slug").asString()).isEqualTo("globex");
        assertThat(roles(me)).containsExactly("CUSTOMER");
        assertThat(client.get("/api/v1/organizations/" + acme.id() + "/members").statusCode()).isEqualTo(404);

        // ...and the session cannot switch to acme, although the account is an acme member.
        TouchstoneUser ssoSession = principals.activeMember(person, globex.id()).orElseThrow()
                .signedInThrough(globex.id());
        var context = securityContexts.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(ssoSession, null,
                ssoSession.getAuthorities()));
        securityContexts.setContext(context);
        assertThat(organizations.mine()).extracting(Organization::slug).containsExactly("globex");
        assertThatThrownBy(() -> organizations.switchTo(acme.id()))
                .isInstanceOf(NotFoundInOrganizationException.class);

        // Acme's own provider is not fooled by globex's: a token from globex's issuer is refused at acme.
        Map<String, Object> claims = person("sso-both@acme.test");
        claims.put("iss", idp.issuerUrl(GLOBEX_IDP).toString());
        assertRefused(signInWithSso(new ApiClient(port, json), "acme", ACME_IDP, claims), "acme");
    }

    @Test
    void theLastActiveAdminKeepsAdminWhenTheClaimDropsIt() throws Exception {
        // An organization of its own whose only admin comes from the provider's "admins" group.
        String slug = "sso-last-admin-" + UUID.randomUUID().toString().substring(0, 8);
        Organization organization = provisioning.createOrganization(slug, "Last admin");
        provisioning.addMember(organization, "setup@" + slug + ".test", "Setup", "correct horse battery 1",
                Set.of(Role.ADMIN));
        signIn.as("setup@" + slug + ".test");
        ssoSettings.save(new SsoSettingsUpdate("Test IdP", idp.issuerUrl(slug).toString(), "touchstone",
                "client-secret", "groups", Map.of("admins", Role.ADMIN, "labelers", Role.ANNOTATOR), Role.CUSTOMER,
                true));
        signIn.out();
        ApiClient first = signedInWithSso(slug, slug, person("boss@" + slug + ".test", "admins"));
        UUID setup = members(first, organization).stream()
                .filter(member -> member.get("email").asString().startsWith("setup@")).findFirst()
                .map(member -> UUID.fromString(member.get("userId").asString())).orElseThrow();
        signIn.as("boss@" + slug + ".test");
        members.setActive(setup, false);
        signIn.out();

        // The provider moves the only active admin to the labelers: they keep Admin and gain Annotator.
        ApiClient second = signedInWithSso(slug, slug, person("boss@" + slug + ".test", "labelers"));
        assertThat(roles(second.getJson("/api/v1/me", 200))).containsExactly("ADMIN", "ANNOTATOR");
    }

    private static List<JsonNode> members(ApiClient client, Organization organization) throws Exception {
        List<JsonNode> all = new java.util.ArrayList<>();
        client.getJson("/api/v1/organizations/" + organization.id() + "/members", 200).forEach(all::add);
        return all;
    }

    @Test
    void anOrganizationWithoutSingleSignOnIsRefusedOnTheSignInPage() throws Exception {
        ApiClient client = new ApiClient(port, json);
        HttpResponse<String> start = client.get(SingleSignOn.start("no-such-organization"));
        assertRefused(start, "no-such-organization");
    }
}
