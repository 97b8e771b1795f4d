package dev.touchstone.proposal.ui;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.vaadin.flow.component.html.H2;
import com.vaadin.browserless.SpringBrowserlessTest;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import dev.touchstone.SignIn;
import dev.touchstone.TouchstoneSpringTest;
import dev.touchstone.dataset.DatasetService;
import dev.touchstone.dataset.EpisodeStore;
import dev.touchstone.labeling.LabelSchemaService;
import dev.touchstone.organization.CurrentOrganization;
import dev.touchstone.organization.OrganizationProvisioning;
import dev.touchstone.proposal.MlBackendCall;
import dev.touchstone.proposal.MlBackendRun;
import dev.touchstone.proposal.ProposalService;
import dev.touchstone.proposal.ProposalSet;
import dev.touchstone.workflow.Project;
import dev.touchstone.workflow.WorkflowFixtures;
import dev.touchstone.workflow.WorkflowService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The proposals screen without a browser, against the real services, the embedded database and an ML backend
 * started here on loopback (allowed by the tests' properties): the form's validators and the server's address guard
 * speak on the URL field, the secret is never shown back, a call for one episode and a run over all of them land in
 * the recent calls with their outcome and message, and the stored sets show per source@version with their notes.
 * A QA lead reads the calls and sets but gets no form.
 */
@TouchstoneSpringTest
class ProposalsViewTest extends SpringBrowserlessTest {

    private static final String SECRET = "a shared secret of the test backend";

    @Autowired SignIn signIn;
    @Autowired WorkflowService workflow;
    @Autowired DatasetService datasets;
    @Autowired EpisodeStore store;
    @Autowired CurrentOrganization current;
    @Autowired LabelSchemaService schemas;
    @Autowired OrganizationProvisioning provisioning;
    @Autowired ProposalService proposals;

    HttpServer server;

    @AfterEach
    void stop() {
        signIn.out();
        if (server != null) {
            server.stop(0);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        boolean ok = exchange.getRequestURI().getPath().equals("/ok");
        UUID id = UUID.randomUUID();
        byte[] body = (ok ? """
                {"source": "ml-screen", "version": "3", "labels": [
                  {"kind": "event", "id": "%s", "definition": "contact", "classKey": "contact-on",
                   "time": 1000000000}]}""".formatted(id) : "{\"error\": \"unknown schema\"}")
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(ok ? 200 : 400, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    @Test
    void aProjectManagerSetsTheBackendCallsItAndSeesCallsAndSets() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        Project project = new WorkflowFixtures(signIn, datasets, store, current, schemas, provisioning, workflow)
                .project(2, 12, WorkflowFixtures.settings(1, 0, 600));
        signIn.as("pm@acme.test");
        open(project);
        assertThat(find(H2.class).withId("proposals-title").single().getText())
                .isEqualTo("Proposals · " + project.name());

        // the form's validators
        TextField url = find(TextField.class).withId("ml-backend-url").single();
        PasswordField secret = find(PasswordField.class).withId("ml-backend-secret").single();
        test(url).setValue("ftp://models.example.com/x");
        test(secret).setValue("short");
        test(find(Button.class).withId("ml-backend-save").single()).click();
        assertThat(url.isInvalid()).isTrue();
        assertThat(url.getErrorMessage()).isEqualTo("The URL must start with http:// or https://");
        assertThat(secret.isInvalid()).isTrue();
        assertThat(secret.getErrorMessage()).isEqualTo("The secret must be 16 to 200 characters");
        assertThat(find(Button.class).withId("ml-backend-call-one").single().isEnabled())
                .as("nothing to call yet").isFalse();

        // the server's guard: the cloud metadata address
        test(url).setValue("http://169.254.169.254/latest/meta-data");
        test(secret).setValue(SECRET);
        test(find(Button.class).withId("ml-backend-save").single()).click();
        assertThat(url.isInvalid()).isTrue();
        assertThat(url.getErrorMessage()).contains("169.254.169.254, a link-local address");
        assertThat(proposals.mlBackend(project.id())).isEmpty();

        // saved: the URL is shown again, the secret never
        test(url).setValue(base + "/ok");
        test(secret).setValue(SECRET);
        test(find(Button.class).withId("ml-backend-save").single()).click();
        assertThat(proposals.mlBackend(project.id())).hasValueSatisfying(b -> assertThat(b.url())
                .isEqualTo(base + "/ok"));
        assertThat(find(TextField.class).withId("ml-backend-url").single().getValue()).isEqualTo(base + "/ok");
        assertThat(find(PasswordField.class).withId("ml-backend-secret").single().getValue()).isEmpty();
        assertThat(find(Span.class).withId("ml-backend-saved").single().getText()).startsWith("Set ");

        // one episode
        @SuppressWarnings("unchecked")
        ComboBox<UUID> episode = find(ComboBox.class).withId("ml-backend-episode").single();
        List<UUID> episodes = proposals.episodes(project.id());
        assertThat(episodes).hasSize(2);
        test(episode).selectItem(datasets.episode(episodes.getFirst()).orElseThrow().episode().name());
        test(find(Button.class).withId("ml-backend-call-one").single()).click();
        @SuppressWarnings("unchecked")
        Grid<MlBackendCall> calls = find(Grid.class).withId("ml-backend-calls").single();
        assertThat(test(calls).size()).isEqualTo(1);
        assertThat(test(calls).getCellText(0, 2)).isEqualTo("stored");
        assertThat(test(calls).getCellText(0, 3)).isEqualTo("1 labels from ml-screen@3");

        // all episodes, against a backend that answers 400: a run in the background, then its failures
        proposals.setMlBackend(project.id(), base + "/bad", SECRET);
        open(project);
        Button all = find(Button.class).withId("ml-backend-call-all").single();
        assertThat(all.getText()).isEqualTo("Call for all 2 episodes");
        test(all).click();
        long deadline = System.currentTimeMillis() + 30_000;
        while (proposals.mlBackendRun(project.id()).map(MlBackendRun::running).orElse(true)
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        open(project);
        assertThat(find(Span.class).withId("ml-backend-progress").single().getText())
                .isEqualTo("2 of 2 episodes called: 0 stored, 2 failed");
        @SuppressWarnings("unchecked")
        Grid<MlBackendCall> after = find(Grid.class).withId("ml-backend-calls").single();
        assertThat(test(after).size()).isEqualTo(3);
        assertThat(test(after).getCellText(0, 2)).isEqualTo("failed");
        assertThat(test(after).getCellText(0, 3)).contains("HTTP 400 (not retried)", "unknown schema");

        // stored sets per source@version; the signal proposers' sets of the episode carry why they proposed nothing
        proposals.proposalsFor(project.id(), episodes.getFirst());
        open(project);
        List<ProposalSet> sets = proposals.sets(project.id());
        @SuppressWarnings("unchecked")
        Grid<ProposalSet> grid = find(Grid.class).withId("proposal-sets").single();
        assertThat(test(grid).size()).isEqualTo(sets.size());
        List<String> sources = new java.util.ArrayList<>();
        for (int row = 0; row < test(grid).size(); row++) {
            sources.add(test(grid).getCellText(row, 0) + " " + test(grid).getCellText(row, 2) + " "
                    + test(grid).getCellText(row, 3));
        }
        assertThat(sources).contains("ml-screen@3 1 ");
        assertThat(find(Paragraph.class).withId("proposal-sets-summary").single().getText())
                .contains("ml-screen@3: 1 episode, 1 labels");
        // the fixture's episodes have joints only: the signal proposers say which stream they miss
        ProposalSet noted = sets.stream().filter(s -> s.note() != null).findFirst().orElseThrow();
        assertThat(sources).anyMatch(row -> row.equals(noted.source() + "@" + noted.version() + " 0 "
                + noted.note()));
        signIn.out();

        // a QA lead reads the calls and sets, without the form
        signIn.as("qa@acme.test");
        open(project);
        assertThat(find(TextField.class).withId("ml-backend-url").all()).isEmpty();
        assertThat(find(Button.class).withId("ml-backend-call-all").all()).isEmpty();
        assertThat(test((Grid<?>) find(Grid.class).withId("ml-backend-calls").single()).size()).isEqualTo(3);
        assertThat(test((Grid<?>) find(Grid.class).withId("proposal-sets").single()).size()).isEqualTo(sets.size());
    }

    private void open(Project project) {
        navigate("projects/" + project.id() + "/proposals", ProposalsView.class);
    }
}
