package dev.touchstone.shell;

import com.zaxxer.hikari.HikariDataSource;
import dev.touchstone.ApiClient;
import dev.touchstone.SignIn;
import dev.touchstone.TouchstoneSpringTest;
import dev.touchstone.apitoken.ApiTokenService;
import dev.touchstone.dataset.DatasetService;
import dev.touchstone.dataset.EpisodeStore;
import dev.touchstone.labeling.Draft;
import dev.touchstone.labeling.DraftFixture;
import dev.touchstone.labeling.DraftService;
import dev.touchstone.labeling.LabelSchemaService;
import dev.touchstone.organization.CurrentOrganization;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The database really goes away under a running server (its own context and embedded PostgreSQL): every pooled
 * connection is terminated and PostgreSQL refuses new ones, as while it restarts after a crash or a full disk. The
 * JSON API then answers 503 with {@code Retry-After} and a problem, for a signed-in session (whose membership cannot
 * be checked) and for an API token alike: not 401 or 403, which told the workspace its annotator was signed out or
 * their assignment had ended. The session survives the outage: once the database is back the same session saves
 * again, without signing in.
 * <p>
 * The pool's connection timeout is 1 s here (an operator's Hikari properties file, {@code hikaricp.configurationFile},
 * which {@code HikariConfig} reads), so that a request gives up after 1 s instead of the default 30 s.
 */
@TouchstoneSpringTest
@ContextConfiguration(initializers = DatabaseUnavailableTest.ShortConnectionTimeout.class)
@DirtiesContext
class DatabaseUnavailableTest {

    private static final String HIKARI_PROPERTIES = "hikaricp.configurationFile";

    @LocalServerPort int port;
    @Autowired JsonMapper json;
    @Autowired SignIn signIn;
    @Autowired DraftService drafts;
    @Autowired LabelSchemaService schemas;
    @Autowired DatasetService datasets;
    @Autowired EpisodeStore store;
    @Autowired CurrentOrganization current;
    @Autowired ApiTokenService tokens;
    @Autowired HikariDataSource dataSource;

    /** Sets the Hikari properties file for this context's pool only, and takes it away once the pool is made. */
    static class ShortConnectionTimeout implements ApplicationContextInitializer<ConfigurableApplicationContext> {
        @Override
        public void initialize(ConfigurableApplicationContext context) {
            try {
                Path file = Files.createTempFile("touchstone-hikari", ".properties");
                Files.writeString(file, "connectionTimeout=1000\n");
                file.toFile().deleteOnExit();
                System.setProperty(HIKARI_PROPERTIES, file.toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            context.getBeanFactory().addBeanPostProcessor(new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String name) {
                    if (bean instanceof HikariDataSource) {
                        System.clearProperty(HIKARI_PROPERTIES);
                    }
                    return bean;
                }
            });
        }
    }

    @AfterAll
    static void noOtherContextGetsTheShortTimeout() {
        System.clearProperty(HIKARI_PROPERTIES);
    }

    @AfterEach
    void databaseBack() throws SQLException {
        allowConnections(true);
        signIn.out();
    }

    @Test
    void aSessionAndATokenGet503WithRetryAfterWhileTheDatabaseIsDownAndWorkAgainAfter() throws Exception {
        assertThat(dataSource.getConnectionTimeout()).as("the test's pool timeout").isEqualTo(1000);
        Draft draft = openDraft("pm@acme.test");
        String token = token("customer@acme.test");
        ApiClient pm = ApiClient.signedIn(port, json, "pm@acme.test");
        pm.csrfFromApi();
        String saves = "/api/v1/drafts/" + draft.id() + "/saves";
        String saveId = UUID.randomUUID().toString();
        assertThat(pm.get("/api/v1/drafts/" + draft.id()).statusCode()).isEqualTo(200);
        assertThat(tokenGet(token, "/api/v1/releases").statusCode()).isEqualTo(200);

        allowConnections(false);

        unavailable(pm.post(saves, save(saveId)));
        unavailable(pm.get("/api/v1/drafts/" + draft.id()));
        unavailable(pm.post("/api/v1/assignments/" + UUID.randomUUID() + "/heartbeat", ""));
        unavailable(tokenGet(token, "/api/v1/releases"));
        HttpResponse<String> media = pm.get("/media/v1/streams/" + UUID.randomUUID() + "/signal?from=0&to=1");
        assertThat(media.statusCode()).as("media: " + media.body()).isEqualTo(503);
        assertThat(media.headers().firstValue("Retry-After")).hasValue("5");

        allowConnections(true);

        // The same session and CSRF token: the outage did not sign anybody out, and the retried save applies once.
        // The pool reconnects on demand, but a connection attempt that failed during the outage makes it pause before
        // the next one, so the first retry may still get a 503: the client retries as Retry-After says.
        HttpResponse<String> retried = pm.post(saves, save(saveId));
        for (int attempt = 0; attempt < 50 && retried.statusCode() == 503; attempt++) {
            Thread.sleep(200);
            retried = pm.post(saves, save(saveId));
        }
        assertThat(retried.statusCode()).as(retried.body()).isEqualTo(200);
        JsonNode saved = json.readTree(retried.body());
        assertThat(saved.path("revision").asLong()).isEqualTo(1);
        assertThat(pm.postJson(saves, save(saveId), 200).path("replayed").asBoolean()).isTrue();
        assertThat(pm.getJson("/api/v1/drafts/" + draft.id(), 200).path("revision").asLong()).isEqualTo(1);
        assertThat(tokenGet(token, "/api/v1/releases").statusCode()).isEqualTo(200);
    }

    private void unavailable(HttpResponse<String> response) throws Exception {
        String what = response.request().method() + " " + response.uri().getPath() + " -> " + response.body();
        assertThat(response.statusCode()).as(what).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).as(what).hasValue("5");
        assertThat(response.headers().firstValue("Content-Type").orElse("")).as(what)
                .startsWith("application/problem+json");
        JsonNode body = json.readTree(response.body());
        assertThat(body.path("status").asInt()).isEqualTo(503);
        assertThat(body.path("title").asString()).isEqualTo("Service Unavailable");
        assertThat(body.path("detail").asString()).as(what).containsIgnoringCase("try again")
                .doesNotContainIgnoringCase("sql").doesNotContain("Exception").doesNotContain("jdbc");
        assertThat(body.path("error").asString()).isEqualTo(body.path("detail").asString());
    }

    private HttpResponse<String> tokenGet(String token, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(new ApiClient(port, json).uri(path))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String save(String saveId) {
        String label = "{\"kind\":\"phase\",\"id\":\"" + UUID.randomUUID() + "\",\"definition\":\"phase\","
                + "\"track\":\"main\",\"classKey\":\"reach\",\"start\":0,\"end\":1000000000}";
        return "{\"saveId\":\"" + saveId + "\",\"clientId\":\"tab\",\"ops\":[{\"op\":\"put\",\"label\":" + label
                + ",\"baseRevision\":0}]}";
    }

    /**
     * Down: PostgreSQL refuses every new connection to the application's database and ends the open ones (the
     * pool's). Up: connections are allowed again. Done from the {@code template1} database, which stays open.
     */
    private void allowConnections(boolean allowed) throws SQLException {
        String url = dataSource.getJdbcUrl().replaceFirst("/postgres(\\?|$)", "/template1$1");
        try (Connection admin = DriverManager.getConnection(url, dataSource.getUsername(), dataSource.getPassword());
             Statement statement = admin.createStatement()) {
            statement.execute("ALTER DATABASE postgres ALLOW_CONNECTIONS " + allowed);
            if (!allowed) {
                statement.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'postgres'");
            }
        }
    }

    private Draft openDraft(String email) throws Exception {
        signIn.as(email);
        try {
            DraftFixture.EpisodeAndSchema made = DraftFixture.tenSecondEpisodeAndStarterCopy("unavailable", datasets,
                    store, schemas, current);
            return drafts.openDirect(made.episode(), made.schemaVersion());
        } finally {
            signIn.out();
        }
    }

    private String token(String email) {
        signIn.as(email);
        try {
            return tokens.create("outage script", 7).secret();
        } finally {
            signIn.out();
        }
    }
}
