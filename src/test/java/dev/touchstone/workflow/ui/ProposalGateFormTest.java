package dev.touchstone.workflow.ui;

import com.vaadin.browserless.SpringBrowserlessTest;
import com.vaadin.flow.component.notification.Notification;
import dev.touchstone.SignIn;
import dev.touchstone.TouchstoneSpringTest;
import dev.touchstone.dataset.Dataset;
import dev.touchstone.dataset.DatasetService;
import dev.touchstone.labeling.LabelSchemaService;
import dev.touchstone.workflow.NewProject;
import dev.touchstone.workflow.Project;
import dev.touchstone.workflow.ProjectSettings;
import dev.touchstone.workflow.ProposalGate;
import dev.touchstone.workflow.WorkflowService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The proposal gate on a project's settings form, without a browser (docs/workflow/screens.md): off by default with
 * its numbers disabled, checked only while it is on, saved and read back.
 */
@TouchstoneSpringTest
class ProposalGateFormTest extends SpringBrowserlessTest {

    private static final String DEMO_DATASET = "Pick and place (synthetic)";

    @Autowired
    SignIn signIn;
    @Autowired
    WorkflowService workflow;
    @Autowired
    DatasetService datasets;
    @Autowired
    LabelSchemaService schemas;

    @AfterEach
    void signOut() {
        signIn.out();
    }

    @Test
    void theGateIsOffByDefaultAndItsNumbersAreCheckedOnlyWhenItIsOn() {
        signIn.as("pm@acme.test");
        Project project = project();
        ProjectSettingsForm form = openSettings(project);
        assertThat(form.gate.getValue()).isFalse();
        assertThat(form.gatePhaseF1.isEnabled()).isFalse();
        assertThat(form.gatePhaseF1.getValue()).as("the defaults, ready to be turned on").isEqualTo(0.8);
        assertThat(form.gateGoldEpisodes.getValue()).isEqualTo(5);

        // a wrong number while the gate is off is not in the way: nothing of the gate is saved
        form.gateEventF1.setValue(1.5);
        test(form.save).click();
        assertThat(form.gateEventF1.isInvalid()).isFalse();
        assertThat(test(find(Notification.class).single()).getText()).isEqualTo("Settings saved");
        assertThat(workflow.settings(project.id()).proposalGate()).isNull();

        ProjectSettings before = workflow.settings(project.id());
        form = openSettings(project);
        test(form.gate).click();
        assertThat(form.gatePhaseF1.isEnabled()).isTrue();
        // What a user types past the fields' min and max reaches the server as is; the tester would refuse it.
        form.gatePhaseF1.setValue(1.2);
        form.gateEventF1.setValue(-0.1);
        form.gateValueAccuracy.clear();
        form.gateGoldEpisodes.setValue(0);
        test(form.save).click();

        assertThat(form.gatePhaseF1.getErrorMessage()).isEqualTo("The phase F1@50 a source must reach is between 0 and 1");
        assertThat(form.gateEventF1.getErrorMessage()).isEqualTo("The event F1 a source must reach is between 0 and 1");
        assertThat(form.gateValueAccuracy.getErrorMessage())
                .isEqualTo("The value accuracy a source must reach is between 0 and 1");
        assertThat(form.gateGoldEpisodes.getErrorMessage()).isEqualTo("Gold episodes before a source is proven: 1-1000");
        assertThat(workflow.settings(project.id())).as("nothing of an invalid form is saved").isEqualTo(before);

        // turning the gate off again clears the marks: its numbers no longer matter
        test(form.gate).click();
        assertThat(form.gatePhaseF1.isInvalid()).isFalse();
        assertThat(form.gateGoldEpisodes.isInvalid()).isFalse();
    }

    @Test
    void aValidGateIsSavedAndReadBack() {
        signIn.as("pm@acme.test");
        Project project = project();
        ProjectSettingsForm form = openSettings(project);
        test(form.gate).click();
        test(form.gatePhaseF1).setValue(0.7);
        test(form.gateEventF1).setValue(0.85);
        test(form.gateValueAccuracy).setValue(1.0);
        test(form.gateGoldEpisodes).setValue(10);
        test(form.save).click();

        assertThat(test(find(Notification.class).single()).getText()).isEqualTo("Settings saved");
        assertThat(workflow.settings(project.id()).proposalGate()).isEqualTo(new ProposalGate(0.7, 0.85, 1.0, 10));
        ProjectSettingsForm reopened = openSettings(project);
        assertThat(reopened.gate.getValue()).isTrue();
        assertThat(reopened.gateEventF1.getValue()).isEqualTo(0.85);
        assertThat(reopened.gateGoldEpisodes.getValue()).isEqualTo(10);

        test(reopened.gate).click();
        test(reopened.save).click();
        assertThat(workflow.settings(project.id()).proposalGate()).as("turned off").isNull();
        assertThat(workflow.settings(project.id()).showProposals()).as("annotators still see proposals").isTrue();
    }

    private ProjectSettingsForm openSettings(Project project) {
        navigate("projects/" + project.id(), ProjectView.class);
        return findInView(ProjectSettingsForm.class).single();
    }

    /** A fresh project on the demo dataset, made through the service as the signed-in manager. */
    private Project project() {
        Dataset demo = datasets.datasets().stream().filter(d -> d.name().equals(DEMO_DATASET)).findFirst()
                .orElseThrow();
        return workflow.createProject(NewProject.of("Gate " + UUID.randomUUID(), demo.id(),
                schemas.schemas().getFirst().latestVersionId(), 2, 0.1, 1800));
    }
}
