package dev.touchstone.client;

import dev.touchstone.SignIn;
import dev.touchstone.TouchstoneSpringTest;
import dev.touchstone.apitoken.ApiTokenScope;
import dev.touchstone.apitoken.ApiTokenService;
import dev.touchstone.dataset.DatasetService;
import dev.touchstone.dataset.EpisodeStore;
import dev.touchstone.labeling.LabelSchemaService;
import dev.touchstone.organization.CurrentOrganization;
import dev.touchstone.organization.OrganizationProvisioning;
import dev.touchstone.release.Release;
import dev.touchstone.release.ReleaseService;
import dev.touchstone.release.ReleaseState;
import dev.touchstone.workflow.Assignment;
import dev.touchstone.workflow.Project;
import dev.touchstone.workflow.WorkService;
import dev.touchstone.workflow.WorkflowFixtures;
import dev.touchstone.workflow.WorkflowService;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Python client (clients/python, issue 21 item 4) tested against this real server: the harness makes the data
 * and API tokens the Python tests need, then runs {@code python3 -m unittest discover -s clients/python/tests -v}
 * with {@code TOUCHSTONE_URL}, {@code TOUCHSTONE_TOKEN_*} and fixture ids in the environment, and fails on a non-zero
 * exit with the Python output. The interpreter is {@code $TOUCHSTONE_PYTHON} or {@code python3}
 * (scripts/ensure-python.sh installs it in CI).
 */
@TouchstoneSpringTest
class PythonClientTest {

    @Autowired SignIn signIn;
    @Autowired ApiTokenService tokens;
    @Autowired WorkflowService workflow;
    @Autowired WorkService work;
    @Autowired DatasetService datasets;
    @Autowired EpisodeStore store;
    @Autowired LabelSchemaService schemas;
    @Autowired CurrentOrganization current;
    @Autowired OrganizationProvisioning provisioning;
    @Autowired ReleaseService releases;
    @Autowired DSLContext dsl;
    @LocalServerPort int port;

    @Test
    void thePythonClientsTestsPassAgainstTheRealServer() throws Exception {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("TOUCHSTONE_URL", "http://localhost:" + port);

        WorkflowFixtures fixtures = new WorkflowFixtures(signIn, datasets, store, current, schemas, provisioning,
                workflow);
        // Two episodes, one annotation each: one task for the annotator's assignment, one for predictions.
        Project project = fixtures.project(2, 10, WorkflowFixtures.settings(1, 0, 600));
        List<UUID> episodes = dsl.fetch("select distinct episode_id from task where project_id = ? order by 1",
                project.id()).getValues(0, UUID.class);
        Release release = readyRelease(project.id());
        env.put("TOUCHSTONE_PROJECT_ID", project.id().toString());
        env.put("TOUCHSTONE_DATASET_ID", project.datasetId().toString());
        env.put("TOUCHSTONE_EPISODE_ID", episodes.getLast().toString());
        env.put("TOUCHSTONE_RELEASE_ID", release.id().toString());

        signIn.as("annotator@acme.test");
        try {
            Assignment assignment = workflow.claimNext(project.id()).orElseThrow();
            env.put("TOUCHSTONE_ASSIGNMENT_ID", assignment.id().toString());
            env.put("TOUCHSTONE_DRAFT_ID", work.open(assignment.id()).draft().id().toString());
        } finally {
            signIn.out();
        }

        String releasesRead = token("pm@acme.test", EnumSet.of(ApiTokenScope.RELEASES_READ));
        env.put("TOUCHSTONE_TOKEN", releasesRead);
        env.put("TOUCHSTONE_TOKEN_RELEASES", releasesRead);
        env.put("TOUCHSTONE_TOKEN_PREDICTIONS", token("pm@acme.test", EnumSet.of(ApiTokenScope.PREDICTIONS_WRITE)));
        env.put("TOUCHSTONE_TOKEN_GLOBEX", token("admin@globex.test", EnumSet.of(ApiTokenScope.RELEASES_READ)));
        // Each member's token with the scopes their part of the loop needs (annotators, the QA lead: the loop;
        // the project manager: data; admins: everything).
        Set<ApiTokenScope> labeler = EnumSet.of(ApiTokenScope.READ, ApiTokenScope.LABELS_WRITE);
        env.put("TOUCHSTONE_TOKEN_ANNOTATOR", token("annotator@acme.test", labeler));
        env.put("TOUCHSTONE_TOKEN_ANNOTATOR2", token("annotator2@acme.test", labeler));
        env.put("TOUCHSTONE_TOKEN_QA", token("qa@acme.test", labeler));
        env.put("TOUCHSTONE_TOKEN_PM", token("pm@acme.test", EnumSet.of(ApiTokenScope.READ, ApiTokenScope.DATA_WRITE)));
        env.put("TOUCHSTONE_TOKEN_ADMIN", token("admin@acme.test", EnumSet.of(ApiTokenScope.ADMIN)));
        env.put("TOUCHSTONE_TOKEN_GLOBEX_ADMIN", token("admin@globex.test", EnumSet.of(ApiTokenScope.ADMIN)));

        Path client = Path.of("clients", "python").toAbsolutePath();
        String python = System.getenv().getOrDefault("TOUCHSTONE_PYTHON", "python3");
        ProcessBuilder builder = new ProcessBuilder(python, "-m", "unittest", "discover", "-s",
                client.resolve("tests").toString(), "-v")
                .directory(client.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        builder.environment().put("PYTHONPATH", client.toString());
        builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        builder.environment().put("PYTHONUNBUFFERED", "1");
        Process process = builder.start();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Thread reader = Thread.ofVirtual().start(() -> {
            try (InputStream in = process.getInputStream()) {
                in.transferTo(output);
            } catch (java.io.IOException ignored) {
                // The process ended; what was read is shown below.
            }
        });
        boolean ended = process.waitFor(10, TimeUnit.MINUTES);
        if (!ended) {
            process.destroyForcibly();
        }
        reader.join(Duration.ofSeconds(10));
        String text = output.toString(StandardCharsets.UTF_8);
        System.out.println(text);
        assertThat(ended).as("the Python tests end within 10 minutes:\n" + text).isTrue();
        assertThat(process.exitValue()).as("python3 -m unittest exit status; its output:\n" + text).isZero();
        // Guard against a discovery that finds nothing (an empty run also exits 0).
        assertThat(text).as(text).containsPattern("Ran [1-9][0-9]* tests?").contains("OK");
        assertThat(Files.isDirectory(client.resolve("touchstone_client"))).isTrue();
    }

    /** As pm@acme.test: a release of the project (no accepted task yet: an empty labels.jsonl and a report). */
    private Release readyRelease(UUID projectId) throws InterruptedException {
        signIn.as("pm@acme.test");
        try {
            Release release = releases.create(projectId, "1.0.0", "for the Python client", false, Set.of());
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!releases.progress(release.id()).finished()) {
                assertThat(System.nanoTime()).as("the release build finishes").isLessThan(deadline);
                Thread.sleep(100);
            }
            Release done = releases.release(release.id());
            assertThat(done.state()).as(String.valueOf(done.progress().error())).isEqualTo(ReleaseState.READY);
            return done;
        } finally {
            signIn.out();
        }
    }

    private String token(String email, Set<ApiTokenScope> scopes) {
        signIn.as(email);
        try {
            return tokens.create("python client " + UUID.randomUUID(), 1, scopes).secret();
        } finally {
            signIn.out();
        }
    }
}
