package dev.touchstone.proposal.ui;

import com.vaadin.browserless.SpringBrowserlessTest;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.textfield.NumberField;
import com.vaadin.flow.component.textfield.TextField;
import dev.touchstone.SignIn;
import dev.touchstone.TouchstoneSpringTest;
import dev.touchstone.dataset.DatasetService;
import dev.touchstone.dataset.EpisodeStore;
import dev.touchstone.labeling.LabelSchemaService;
import dev.touchstone.organization.CurrentOrganization;
import dev.touchstone.organization.OrganizationProvisioning;
import dev.touchstone.proposal.ProposerSettingsService;
import dev.touchstone.workflow.Project;
import dev.touchstone.workflow.WorkflowFixtures;
import dev.touchstone.workflow.WorkflowService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The proposer settings on the Proposals screen without a browser, against the real services and database: the
 * binder's validators mark a threshold at or below zero and an "off" not below its "on"; the service's refusal (a
 * stream the project's episodes lack) shows under the form and stores nothing; a valid change is stored and shown
 * as saved; a QA lead gets no form.
 */
@TouchstoneSpringTest
class ProposerSettingsFormTest extends SpringBrowserlessTest {

    @Autowired SignIn signIn;
    @Autowired WorkflowService workflow;
    @Autowired DatasetService datasets;
    @Autowired EpisodeStore store;
    @Autowired CurrentOrganization current;
    @Autowired LabelSchemaService schemas;
    @Autowired OrganizationProvisioning provisioning;
    @Autowired ProposerSettingsService settings;
    @Autowired JsonMapper json;

    @AfterEach
    void stop() {
        signIn.out();
    }

    @Test
    void aProjectManagerChangesThresholdsAndStreamsWithTheirRulesSaidOnTheFields() throws Exception {
        Project project = new WorkflowFixtures(signIn, datasets, store, current, schemas, provisioning, workflow)
                .project(1, 12, WorkflowFixtures.settings(1, 0, 600));
        signIn.as("pm@acme.test");
        open(project);
        assertThat(find(Paragraph.class).withId("proposer-settings-state").single().getText())
                .startsWith("The defaults");
        NumberField forceOn = find(NumberField.class).withId("proposer-force-on").single();
        NumberField forceOff = find(NumberField.class).withId("proposer-force-off").single();
        assertThat(forceOn.getValue()).isEqualTo(1.0);

        test(forceOn).setValue(0.0);
        test(forceOff).setValue(2.0);
        test(find(Button.class).withId("proposer-settings-save").single()).click();
        assertThat(forceOn.isInvalid()).isTrue();
        assertThat(forceOn.getErrorMessage()).isEqualTo("Must be above 0");
        assertThat(forceOff.isInvalid()).isTrue();
        assertThat(forceOff.getErrorMessage()).isEqualTo("Must be below the force that confirms a contact");
        assertThat(settings.settings(project.id()).stored()).isFalse();

        // Valid numbers, but the defaults' streams are not in these episodes (they have 'joints' only).
        test(forceOn).setValue(3.0);
        test(forceOff).setValue(1.0);
        test(find(Button.class).withId("proposer-settings-save").single()).click();
        assertThat(forceOn.isInvalid()).isFalse();
        assertThat(find(Paragraph.class).withId("proposer-settings-problems").single().getText())
                .contains("hand left: arm: the project's episode 'episode 0' has no stream 'left_arm/joints'");
        assertThat(settings.settings(project.id()).stored()).isFalse();

        // One arm on the episodes' own stream (channels are set over the API), then the form's thresholds.
        settings.patch(project.id(), json.readTree("""
                {"proposers": {"hands": [{"name": "arm", "armStream": "joints", "armVelocityChannels": ["j1"],
                  "gripperStream": null, "gripperChannels": [], "gripperClosesUpwards": true,
                  "wristStream": null, "forceChannels": [], "tactileStream": null, "tactileChannels": []}]}}"""));
        open(project);
        assertThat(find(TextField.class).withId("proposer-arm-0").single().getValue()).isEqualTo("joints");
        test(find(NumberField.class).withId("proposer-force-on").single()).setValue(3.0);
        test(find(NumberField.class).withId("proposer-hesitation").single()).setValue(1.5);
        test(find(Button.class).withId("proposer-settings-save").single()).click();
        ProposerSettingsService.ProjectProposerSettings saved = settings.settings(project.id());
        assertThat(saved.configuration().proposers().contact().forceOnN()).isEqualTo(3.0);
        assertThat(saved.configuration().quality().verdict().hesitationSeconds()).isEqualTo(1.5);
        assertThat(saved.configuration().proposers().hands().getFirst().armVelocityChannels()).containsExactly("j1");
        assertThat(find(Paragraph.class).withId("proposer-settings-state").single().getText()).startsWith("Saved ");

        signIn.out();
        signIn.as("qa@acme.test");
        open(project);
        assertThat(find(NumberField.class).withId("proposer-force-on").all()).isEmpty();
    }

    private void open(Project project) {
        navigate("projects/" + project.id() + "/proposals", ProposalsView.class);
    }
}
