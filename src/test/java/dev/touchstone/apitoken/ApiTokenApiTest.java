package dev.touchstone.apitoken;

import dev.touchstone.ApiClient;
import dev.touchstone.SignIn;
import dev.touchstone.TouchstoneSpringTest;
import dev.touchstone.dataset.Dataset;
import dev.touchstone.dataset.DatasetService;
import dev.touchstone.dataset.EpisodeDescription;
import dev.touchstone.dataset.EpisodeRecorder;
import dev.touchstone.dataset.EpisodeStore;
import dev.touchstone.dataset.StreamSource;
import dev.touchstone.dataset.signal.SignalChannel;
import dev.touchstone.labeling.LabelSchema;
import dev.touchstone.labeling.LabelSchemaJson;
import dev.touchstone.labeling.LabelSchemaService;
import dev.touchstone.organization.CurrentOrganization;
import dev.touchstone.organization.MemberService;
import dev.touchstone.organization.NotFoundInOrganizationException;
import dev.touchstone.organization.Organization;
import dev.touchstone.organization.OrganizationProvisioning;
import dev.touchstone.organization.OrganizationService;
import dev.touchstone.organization.Role;
import dev.touchstone.organization.TouchstoneUser;
import dev.touchstone.release.Release;
import dev.touchstone.release.ReleaseService;
import dev.touchstone.release.ReleaseState;
import dev.touchstone.workflow.NewProject;
import dev.touchstone.workflow.Project;
import dev.touchstone.workflow.WorkflowService;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * API tokens over real HTTP against the embedded PostgreSQL: a token reads its organization's releases (list, read,
 * progress, report, ranged downloads) as its member and nothing else; tokens of another organization, or made in
 * another of the same person's organizations, see nothing of a release (404, absent from the list); expired,
 * revoked, unknown and malformed tokens, and tokens of a deactivated member, all get the same 401; a token on any
 * other path or with any other method is refused; no session is created; the secret is stored only as its SHA-256.
 * And {@code POST /api/v1/releases}: project managers make a release with a session and CSRF header (201, 400, 422, 404,
 * 409), customers and tokens cannot.
 */
@TouchstoneSpringTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiTokenApiTest {

    static final long SECOND = 1_000_000_000L;
    static final String PASSWORD = "correct horse battery 1";
    static final String TWO_ORGS = "tokens-two-orgs@touchstone.test";
    static final String LEAVER = "tokens-leaver@acme.test";
    static final String DEMOTED = "tokens-demoted@acme.test";

    @Autowired SignIn signIn;
    @Autowired ApiTokenService tokens;
    @Autowired ReleaseService releases;
    @Autowired WorkflowService workflow;
    @Autowired DatasetService datasets;
    @Autowired EpisodeStore store;
    @Autowired LabelSchemaService schemas;
    @Autowired CurrentOrganization current;
    @Autowired OrganizationProvisioning provisioning;
    @Autowired OrganizationService organizations;
    @Autowired MemberService members;
    @Autowired SecurityContextHolderStrategy securityContexts;
    @Autowired DSLContext dsl;
    @Autowired JsonMapper json;
    @LocalServerPort int port;

    final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    Organization acme;
    Organization globex;
    Project acmeProject;
    Release acmeRelease;
    Release globexRelease;

    @BeforeAll
    void releasesInBothOrganizations() throws Exception {
        acme = provisioning.organization("acme").orElseThrow();
        globex = provisioning.organization("globex").orElseThrow();
        if (provisioning.accountOrganizations(TWO_ORGS).isEmpty()) {
            provisioning.addMember(acme, TWO_ORGS, "Tess Twoorgs", PASSWORD, Set.of(Role.CUSTOMER));
            provisioning.addMember(globex, TWO_ORGS, "Tess Twoorgs", PASSWORD, Set.of(Role.CUSTOMER));
        }
        if (provisioning.accountOrganizations(LEAVER).isEmpty()) {
            provisioning.addMember(acme, LEAVER, "Lee Leaver", PASSWORD, Set.of(Role.CUSTOMER));
        }
        if (provisioning.accountOrganizations(DEMOTED).isEmpty()) {
            provisioning.addMember(acme, DEMOTED, "Dee Demoted", PASSWORD, Set.of(Role.CUSTOMER));
        }
        acmeProject = project("pm@acme.test");
        acmeRelease = release("pm@acme.test", acmeProject.id(), "1");
        globexRelease = release("admin@globex.test", project("admin@globex.test").id(), "1");
    }

    @AfterEach
    void signOut() {
        signIn.out();
    }

    @Test
    void aCustomersTokenReadsAndDownloadsItsOrganizationsReleasesWithoutASession() throws Exception {
        String token = token("customer@acme.test", "nightly download", 30);
        String base = "/api/v1/releases/" + acmeRelease.id();

        HttpResponse<String> list = get("/api/v1/releases", token);
        assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
        assertThat(ids(json.readTree(list.body()))).contains(acmeRelease.id()).doesNotContain(globexRelease.id());
        assertThat(json.readTree(get(base, token).body()).path("version").asString()).isEqualTo("1");
        assertThat(json.readTree(get(base + "/progress", token).body()).path("state").asString()).isEqualTo("READY");
        assertThat(json.readTree(get(base + "/report", token).body()).path("tasks").asInt()).isZero();

        String path = base + "/files/quality-report.json";
        HttpResponse<byte[]> whole = bytes(request(path, token).GET());
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
        byte[] file = whole.body();
        assertThat(json.readTree(file).path("releaseId").asString()).isEqualTo(acmeRelease.id().toString());

        int offset = file.length / 3;
        HttpResponse<byte[]> rest = bytes(request(path, token).header("Range", "bytes=" + offset + "-").GET());
        assertThat(rest.statusCode()).isEqualTo(206);
        assertThat(rest.headers().firstValue("Content-Range").orElseThrow())
                .isEqualTo("bytes " + offset + "-" + (file.length - 1) + "/" + file.length);
        assertThat(rest.body()).isEqualTo(Arrays.copyOfRange(file, offset, file.length));
        HttpResponse<byte[]> middle = bytes(request(path, token).header("Range", "bytes=2-9").GET());
        assertThat(middle.statusCode()).isEqualTo(206);
        assertThat(middle.body()).isEqualTo(Arrays.copyOfRange(file, 2, 10));
        HttpResponse<byte[]> beyond = bytes(request(path, token).header("Range", "bytes=" + file.length + "-").GET());
        assertThat(beyond.statusCode()).isEqualTo(416);
        assertThat(beyond.headers().firstValue("Content-Range").orElseThrow()).isEqualTo("bytes */" + file.length);
        HttpResponse<byte[]> head = bytes(request(path, token).method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValueAsLong("Content-Length").orElseThrow()).isEqualTo(file.length);

        for (HttpResponse<?> response : List.of(list, whole, rest, head)) {
            assertThat(response.headers().allValues("Set-Cookie")).as("no session for a token request").isEmpty();
        }
        assertThat(dsl.resultQuery("""
                select count(*)::int from audit_event
                 where action = 'release.downloaded' and target_id = ? and actor_name = 'customer@acme.test'""",
                acmeRelease.id().toString()).fetchSingle(0, Integer.class)).as("downloads audited as the member")
                .isGreaterThanOrEqualTo(5);
        signIn.as("customer@acme.test");
        assertThat(tokens.mine()).filteredOn(t -> t.name().equals("nightly download")).singleElement()
                .satisfies(t -> assertThat(t.lastUsedAt()).isNotNull());
    }

    @Test
    void aTokenActsOnlyInTheOrganizationItWasMadeIn() throws Exception {
        String globexAdmin = token("admin@globex.test", "globex script", 7);
        String acmeId = acmeRelease.id().toString();
        assertThat(ids(json.readTree(get("/api/v1/releases", globexAdmin).body())))
                .contains(globexRelease.id()).doesNotContain(acmeRelease.id());
        for (String path : List.of("", "/progress", "/report", "/files/quality-report.json", "/files/labels.jsonl")) {
            HttpResponse<String> response = get("/api/v1/releases/" + acmeId + path, globexAdmin);
            assertThat(response.statusCode()).as(path).isEqualTo(404);
            assertThat(response.body()).as(path).doesNotContain(acmeId).contains("\"error\"");
        }

        // One person in both organizations: each token reads only the organization it was made in.
        String madeInGlobex = tokenIn(TWO_ORGS, globex, "globex copy");
        String madeInAcme = tokenIn(TWO_ORGS, acme, "acme copy");
        assertThat(ids(json.readTree(get("/api/v1/releases", madeInGlobex).body())))
                .contains(globexRelease.id()).doesNotContain(acmeRelease.id());
        assertThat(get("/api/v1/releases/" + acmeId, madeInGlobex).statusCode()).isEqualTo(404);
        assertThat(ids(json.readTree(get("/api/v1/releases", madeInAcme).body())))
                .contains(acmeRelease.id()).doesNotContain(globexRelease.id());
        assertThat(get("/api/v1/releases/" + globexRelease.id(), madeInAcme).statusCode()).isEqualTo(404);
    }

    @Test
    void expiredRevokedUnknownAndDeactivatedTokensAllGetTheSame401() throws Exception {
        String revoked = token("customer@acme.test", "to revoke", 1);
        assertThat(get("/api/v1/releases", revoked).statusCode()).isEqualTo(200);
        signIn.as("customer@acme.test");
        UUID revokedId = tokens.mine().stream().filter(t -> t.name().equals("to revoke")).findFirst().orElseThrow().id();
        ApiToken after = tokens.revoke(revokedId);
        assertThat(after.revokedAt()).isNotNull();
        assertThat(after.status(Instant.now())).isEqualTo(ApiToken.Status.REVOKED);
        assertThat(tokens.revoke(revokedId).revokedAt()).as("revoking again changes nothing")
                .isEqualTo(after.revokedAt());
        signIn.out();

        String expired = ApiTokenSecrets.generate();
        UUID customer = provisioning.accountOrganizations("customer@acme.test").orElseThrow().userId();
        dsl.execute("""
                insert into api_token (organization_id, user_id, name, secret_hash, prefix, scopes, created_at, expires_at)
                values (?, ?, 'expired', ?, ?, array['releases:read'], now() - interval '10 days', now() - interval '1 second')""",
                acme.id(), customer, ApiTokenSecrets.hash(expired), ApiTokenSecrets.shown(expired));

        String leaver = token(LEAVER, "leaving soon", 30);
        assertThat(get("/api/v1/releases", leaver).statusCode()).isEqualTo(200);
        UUID leaverId = provisioning.accountOrganizations(LEAVER).orElseThrow().userId();
        signIn.as("admin@acme.test");
        members.setActive(leaverId, false);
        signIn.out();

        String unknown = ApiTokenSecrets.generate();
        String body = null;
        for (String secret : List.of(revoked, expired, leaver, unknown, "ts_short", "not-a-token", "")) {
            HttpResponse<String> response = get("/api/v1/releases/" + acmeRelease.id(), secret);
            assertThat(response.statusCode()).as(secret).isEqualTo(401);
            assertThat(response.headers().firstValue("Content-Type").orElseThrow())
                    .startsWith("application/problem+json");
            assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow()).startsWith("Bearer");
            body = body == null ? response.body() : body;
            assertThat(response.body()).as("no hint which").isEqualTo(body);
        }
        assertThat(json.readTree(body).path("error").asString()).isEqualTo(ApiTokenFilter.INVALID);

        signIn.as("admin@acme.test");
        members.setActive(leaverId, true);
        signIn.out();
        assertThat(get("/api/v1/releases", leaver).statusCode()).as("a reinstated member's token works again")
                .isEqualTo(200);
        assertThat(dsl.resultQuery("select count(*)::int from audit_event where action = 'api_token.revoked'"
                + " and target_id = ?", revokedId.toString()).fetchSingle(0, Integer.class)).isEqualTo(1);
    }

    @Test
    void aTokenOnlyReadsReleases() throws Exception {
        String token = token("pm@acme.test", "read only", 30);
        for (String path : List.of("/api/v1/me", "/api/v1/csrf", "/api/v1/organizations/" + acme.id() + "/members",
                "/media/v1/streams/" + UUID.randomUUID() + "/video", "/", "/releases", "/tokens", "/api/v1/releasesx",
                "/api/v1/openapi")) {
            HttpResponse<String> response = get(path, token);
            assertThat(response.statusCode()).as(path).isEqualTo(403);
            assertThat(json.readTree(response.body()).path("error").asString()).as(path)
                    .isEqualTo(ApiTokenFilter.OUT_OF_SCOPE);
        }
        String body = newRelease(acmeProject.id(), "77");
        for (String method : List.of("POST", "PUT", "DELETE", "PATCH")) {
            HttpResponse<String> response = http.send(request("/api/v1/releases", token)
                    .header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(method).isEqualTo(403);
            assertThat(response.body()).contains(ApiTokenFilter.OUT_OF_SCOPE);
        }
        signIn.as("pm@acme.test");
        assertThat(releases.releases(acmeProject.id())).extracting(Release::version).doesNotContain("77");
        signIn.out();

        // An unknown address inside the scope is the API's JSON 404, not the web application's page with a session.
        for (String path : List.of("/" + acmeRelease.id() + "/nothing/here", "/x", "/" + acmeRelease.id() + "/files")) {
            HttpResponse<String> missing = get("/api/v1/releases" + path, token);
            assertThat(missing.statusCode()).as(path + ": " + missing.body()).isEqualTo(404);
            assertThat(json.readTree(missing.body()).path("error").asString()).isNotEmpty();
            assertThat(missing.headers().allValues("Set-Cookie")).as(path).isEmpty();
        }
        // The token carries the member's roles of now: a customer made an annotator reads nothing with it any more.
        String demoted = token(DEMOTED, "before the change", 30);
        assertThat(get("/api/v1/releases", demoted).statusCode()).isEqualTo(200);
        signIn.as("admin@acme.test");
        members.changeRoles(provisioning.accountOrganizations(DEMOTED).orElseThrow().userId(), Set.of(Role.ANNOTATOR));
        signIn.out();
        HttpResponse<String> refused = get("/api/v1/releases", demoted);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("Your role may not read releases");

        // A request authenticated by a token cannot manage tokens, even inside the application.
        TouchstoneUser pm = (TouchstoneUser) signIn.as("pm@acme.test");
        var context = securityContexts.createEmptyContext();
        context.setAuthentication(new ApiTokenAuthentication(pm, UUID.randomUUID(), "test",
                EnumSet.allOf(ApiTokenScope.class)));
        securityContexts.setContext(context);
        assertThatThrownBy(() -> tokens.create("from a token", 30)).isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void anAdminListsAndRevokesAnyMembersTokenInTheirOrganizationOnly() throws Exception {
        String secret = token("pm@acme.test", "leaked from CI", 7);
        assertThat(get("/api/v1/releases", secret).statusCode()).isEqualTo(200);
        signIn.as("pm@acme.test");
        UUID id = tokens.mine().stream().filter(t -> t.name().equals("leaked from CI")).findFirst().orElseThrow().id();
        assertThatThrownBy(() -> tokens.organizationTokens()).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> tokens.revokeAny(id)).isInstanceOf(AccessDeniedException.class);
        signIn.out();

        signIn.as("admin@globex.test");
        assertThatThrownBy(() -> tokens.revokeAny(id)).isInstanceOf(NotFoundInOrganizationException.class);
        assertThat(tokens.organizationTokens()).extracting(t -> t.token().id()).doesNotContain(id);
        signIn.out();
        assertThat(get("/api/v1/releases", secret).statusCode()).as("another organization's admin changed nothing")
                .isEqualTo(200);

        signIn.as("admin@acme.test");
        List<OrganizationApiToken> all = tokens.organizationTokens();
        OrganizationApiToken listed = all.stream().filter(t -> t.token().id().equals(id)).findFirst().orElseThrow();
        assertThat(listed.ownerName()).isEqualTo("Pat Manager");
        assertThat(listed.token().name()).isEqualTo("leaked from CI");
        assertThat(all).extracting(t -> t.token().createdAt()).as("newest first")
                .isSortedAccordingTo(java.util.Comparator.reverseOrder());
        ApiToken revoked = tokens.revokeAny(id);
        assertThat(revoked.revokedAt()).isNotNull();
        assertThat(tokens.revokeAny(id).revokedAt()).as("revoking again changes nothing").isEqualTo(revoked.revokedAt());
        signIn.out();

        assertThat(get("/api/v1/releases", secret).statusCode()).isEqualTo(401);
        assertThat(dsl.resultQuery("select count(*)::int from audit_event where action = 'api_token.revoked'"
                + " and target_id = ? and details ->> 'ownerName' = 'Pat Manager'", id.toString())
                .fetchSingle(0, Integer.class)).isEqualTo(1);
    }

    @Test
    void theSecretIsShownOnceAndStoredOnlyAsItsHash() {
        signIn.as("qa@acme.test");
        CreatedApiToken created = tokens.create("  QA export  ", 90);
        String secret = created.secret();
        assertThat(secret).matches("ts_[A-Za-z0-9_-]{43}");
        assertThat(created.toString()).doesNotContain(secret);
        ApiToken token = created.token();
        assertThat(token.name()).isEqualTo("QA export");
        assertThat(token.prefix()).isEqualTo(secret.substring(0, 11));
        assertThat(token.scopes()).containsExactly("releases:read");
        assertThat(Duration.between(token.createdAt(), token.expiresAt())).isEqualTo(Duration.ofDays(90));
        assertThat(token.lastUsedAt()).isNull();
        assertThat(tokens.mine()).extracting(ApiToken::id).contains(token.id());

        String row = dsl.resultQuery("select row_to_json(t)::text from api_token t where id = ?", token.id())
                .fetchSingle(0, String.class);
        String random = secret.substring(3);
        assertThat(row).doesNotContain(random).doesNotContain(random.substring(8, 24));
        byte[] stored = dsl.resultQuery("select secret_hash from api_token where id = ?", token.id())
                .fetchSingle(0, byte[].class);
        assertThat(HexFormat.of().formatHex(stored)).isEqualTo(HexFormat.of().formatHex(ApiTokenSecrets.hash(secret)));
        String audit = dsl.resultQuery("select details::text from audit_event where action = 'api_token.created'"
                + " and target_id = ?", token.id().toString()).fetchSingle(0, String.class);
        assertThat(audit).contains("QA export", token.prefix()).doesNotContain(random);

        assertThatThrownBy(() -> tokens.create(" ", 90)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tokens.create("x".repeat(101), 90)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tokens.create("zero", 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tokens.create("too long", 366)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> dsl.execute("update api_token set expires_at = expires_at + interval '1 day'"
                + " where id = ?", token.id())).hasMessageContaining("cannot change");

        signIn.as("customer@acme.test");
        assertThat(tokens.mine()).extracting(ApiToken::id).as("only one's own tokens").doesNotContain(token.id());
        assertThatThrownBy(() -> tokens.revoke(token.id())).isInstanceOf(NotFoundInOrganizationException.class);
        // An annotator makes tokens for the labeling loop, never for releases, which their role cannot read.
        signIn.as("annotator@acme.test");
        assertThat(tokens.scopesForMe()).containsExactlyInAnyOrder(ApiTokenScope.READ, ApiTokenScope.LABELS_WRITE);
        assertThatThrownBy(() -> tokens.create("annotator", 30)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("releases:read");
        assertThat(tokens.create("annotator loop", 30, EnumSet.of(ApiTokenScope.LABELS_WRITE)).token().scopes())
                .containsExactly("labels:write");
    }

    @Test
    void projectManagersMakeReleasesOverHttpAndCustomersCannot() throws Exception {
        ApiClient pm = ApiClient.signedIn(port, json, "pm@acme.test");
        assertThat(pm.postJson("/api/v1/releases", newRelease(acmeProject.id(), "2"), 403).path("error").asString())
                .as("the session's CSRF token is required").contains("CSRF");
        pm.csrfFromApi();
        HttpResponse<String> made = pm.post("/api/v1/releases", """
                {"projectId": "%s", "version": "2.0.0", "notes": "over HTTP", "verdictAcceptOnly": true,
                 "labelTypes": ["phase", "category"]}""".formatted(acmeProject.id()));
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        JsonNode release = json.readTree(made.body());
        UUID id = UUID.fromString(release.path("id").asString());
        assertThat(made.headers().firstValue("Location").orElseThrow()).endsWith("/api/v1/releases/" + id);
        assertThat(release.path("version").asString()).isEqualTo("2.0.0");
        assertThat(release.path("verdictAcceptOnly").asBoolean()).isTrue();
        assertThat(release.path("labelTypes").size()).isEqualTo(2);
        assertThat(pm.getJson("/api/v1/releases/" + id, 200).path("notes").asString()).isEqualTo("over HTTP");

        assertThat(pm.postJson("/api/v1/releases", newRelease(acmeProject.id(), "2.0.0"), 409).path("error")
                .asString()).contains("already has a release 2.0.0");
        assertThat(pm.postJson("/api/v1/releases", newRelease(acmeProject.id(), "two"), 422).path("error").asString())
                .contains("major.minor.patch");
        assertThat(pm.postJson("/api/v1/releases", "{\"version\": \"3\"}", 422).path("error").asString())
                .contains("projectId");
        assertThat(pm.postJson("/api/v1/releases", """
                {"projectId": "%s", "version": "3", "labelTypes": ["polygon"]}""".formatted(acmeProject.id()), 422)
                .path("error").asString()).contains("polygon", "phase");
        assertThat(pm.postJson("/api/v1/releases", "{not json", 400).path("error").asString()).contains("JSON");
        assertThat(pm.postJson("/api/v1/releases", "{\"projectId\": \"nope\", \"version\": \"3\"}", 400)
                .path("error").asString()).contains("projectId");
        pm.postJson("/api/v1/releases", newRelease(UUID.randomUUID(), "3"), 404);

        ApiClient globexAdmin = ApiClient.signedIn(port, json, "admin@globex.test");
        globexAdmin.csrfFromApi();
        globexAdmin.postJson("/api/v1/releases", newRelease(acmeProject.id(), "4"), 404);

        ApiClient customer = ApiClient.signedIn(port, json, "customer@acme.test");
        customer.csrfFromApi();
        assertThat(customer.postJson("/api/v1/releases", newRelease(acmeProject.id(), "5"), 403).path("error")
                .asString()).contains("project managers");
        signIn.as("pm@acme.test");
        assertThat(releases.releases(acmeProject.id())).extracting(Release::version)
                .contains("2.0.0").doesNotContain("2", "3", "4", "5");
    }

    // -------------------------------------------------------------------------------------------------------------

    private static String newRelease(UUID projectId, String version) {
        return "{\"projectId\": \"" + projectId + "\", \"version\": \"" + version + "\"}";
    }

    private HttpRequest.Builder request(String path, String token) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + token);
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        return http.send(request(path, token).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<byte[]> bytes(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** The ids of a page of releases (the list is paged; these tests make few enough for one page). */
    private static List<UUID> ids(JsonNode page) {
        assertThat(page.path("items").isArray()).as(page.toString()).isTrue();
        assertThat(page.path("nextCursor").isNull()).as("one page").isTrue();
        return page.path("items").valueStream().map(r -> UUID.fromString(r.path("id").asString())).toList();
    }

    /** A token made by the member, signed in as usual (in the organization they land in). */
    private String token(String email, String name, int days) {
        signIn.as(email);
        try {
            return tokens.create(name, days).secret();
        } finally {
            signIn.out();
        }
    }

    /** A token made by the member after switching to the organization, as the header's switcher does. */
    private String tokenIn(String email, Organization organization, String name) {
        signIn.as(email);
        try {
            TouchstoneUser switched = organizations.switchTo(organization.id());
            var context = securityContexts.createEmptyContext();
            context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(switched, null,
                    switched.getAuthorities()));
            securityContexts.setContext(context);
            assertThat(current.id()).isEqualTo(organization.id());
            return tokens.create(name, 7).secret();
        } finally {
            signIn.out();
        }
    }

    /** As the member (project manager or admin): a dataset with one short episode and a project over it. */
    private Project project(String email) {
        signIn.as(email);
        try {
            Dataset dataset = datasets.create("tokens " + UUID.randomUUID(), "");
            try (EpisodeRecorder recorder = store.record(current.id(), dataset.id(), null)) {
                recorder.describe(EpisodeDescription.of("episode 0", "x.mcap", "test"));
                EpisodeRecorder.SignalStreamWriter joints = recorder.signal("joints", StreamSource.of("x.mcap"),
                        List.of(new SignalChannel("j1", "rad")));
                joints.append(0, 0.0);
                joints.append(10 * SECOND, 0.0);
                recorder.commit();
            }
            LabelSchema starter = LabelSchemaJson.humanoidStarter();
            UUID version = schemas.create(new LabelSchema("tokens " + UUID.randomUUID(), "", starter.definitions()))
                    .id();
            return workflow.createProject(NewProject.of("tokens " + UUID.randomUUID(), dataset.id(), version, 2, 0,
                    600));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            signIn.out();
        }
    }

    /** A release of the project (no accepted tasks: an empty labels.jsonl and a quality report), built. */
    private Release release(String email, UUID projectId, String version) throws InterruptedException {
        signIn.as(email);
        try {
            Release release = releases.create(projectId, version, "", false, Set.of());
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!releases.progress(release.id()).finished()) {
                assertThat(System.nanoTime()).as("the build finishes").isLessThan(deadline);
                Thread.sleep(100);
            }
            Release done = releases.release(release.id());
            assertThat(done.state()).as(String.valueOf(done.progress().error())).isEqualTo(ReleaseState.READY);
            return done;
        } finally {
            signIn.out();
        }
    }
}
