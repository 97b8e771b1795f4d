package dev.touchstone.workflow.ui;

import com.vaadin.browserless.SpringBrowserlessTest;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.notification.Notification;
import dev.touchstone.SignIn;
import dev.touchstone.TouchstoneSpringTest;
import dev.touchstone.dataset.Dataset;
import dev.touchstone.dataset.DatasetService;
import dev.touchstone.labeling.LabelSchemaService;
import dev.touchstone.labeling.LabelType;
import dev.touchstone.workflow.NewProject;
import dev.touchstone.workflow.Project;
import dev.touchstone.workflow.ProjectSettings;
import dev.touchstone.workflow.ReviewPolicy;
import dev.touchstone.workflow.WorkflowService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The project forms in the test JVM, without a browser: the "New project" dialog and a project's settings, driven
 * through their fields and buttons against the real services and the embedded database. A mistake must show on the
 * field that holds it and send nothing; a valid form must save. ProjectsIT keeps the journey in Chromium.
 */
@TouchstoneSpringTest
class ProjectFormsTest extends SpringBrowserlessTest {

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

    // ---- New project ----

    @Test
    void anIncompleteNewProjectShowsEachMistakeOnItsFieldAndCreatesNothing() {
        signIn.as("pm@acme.test");
        int before = workflow.projects().size();
        navigate(ProjectsView.class);
        ProjectCreateDialog dialog = openCreateDialog();

        // What a user types past the fields' min and max reaches the server as is; the tester would refuse it.
        dialog.goldRate.setValue(1.5);
        dialog.lease.setValue(0);
        dialog.window.setValue(0);
        test(dialog.create).click();

        assertThat(dialog.name.isInvalid()).isTrue();
        assertThat(dialog.name.getErrorMessage()).isEqualTo("Enter a name");
        assertThat(dialog.dataset.isInvalid()).isTrue();
        assertThat(dialog.dataset.getErrorMessage()).isEqualTo("Choose a dataset");
        assertThat(dialog.schema.getErrorMessage()).isEqualTo("Choose a label schema");
        assertThat(dialog.goldRate.getErrorMessage()).isEqualTo("The gold rate must be between 0 and 1");
        assertThat(dialog.lease.getErrorMessage()).isEqualTo("The lease is 1 to 1440 minutes (1 day)");
        assertThat(dialog.window.getErrorMessage()).isEqualTo("A task window is at least one second long");
        assertThat(dialog.overlap.isInvalid()).isFalse();
        assertThat(dialog.isOpened()).isTrue();
        assertThat(dialog.create.isEnabled()).as("the button is usable again after a refused click").isTrue();
        assertThat(workflow.projects()).hasSize(before);
    }

    @Test
    void aValidNewProjectIsCreatedAndItsPageOpens() {
        signIn.as("pm@acme.test");
        Dataset demo = datasets.datasets().stream().filter(d -> d.name().equals(DEMO_DATASET)).findFirst()
                .orElseThrow();
        String name = "Browserless project " + UUID.randomUUID().toString().substring(0, 8);
        navigate(ProjectsView.class);
        ProjectCreateDialog dialog = openCreateDialog();

        test(dialog.name).setValue(name);
        test(dialog.dataset).selectItem(DEMO_DATASET + " (" + demo.episodeCount() + " episodes)");
        test(dialog.schema).selectItem(dialog.schema.getItemLabelGenerator()
                .apply(schemas.schemas().getFirst()));
        test(dialog.goldRate).setValue(0.2);
        test(dialog.overlap).setValue(2);
        test(dialog.lease).setValue(45);
        test(dialog.create).click();

        Project created = workflow.projects().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
        assertThat(created.goldRate()).isEqualTo(0.2);
        assertThat(created.overlap()).isEqualTo(2);
        assertThat(created.leaseSeconds()).isEqualTo(45 * 60);
        assertThat(created.tasks()).isEqualTo(demo.episodeCount());
        assertThat(dialog.isOpened()).isFalse();
        assertThat(getCurrentView()).isInstanceOf(ProjectView.class);
    }

    @Test
    void aNameTheServiceRefusesIsShownBelowTheForm() {
        signIn.as("pm@acme.test");
        Project existing = project();
        navigate(ProjectsView.class);
        ProjectCreateDialog dialog = openCreateDialog();

        test(dialog.name).setValue(existing.name());
        test(dialog.dataset).selectItem(dialog.dataset.getItemLabelGenerator().apply(datasets.datasets().stream()
                .filter(d -> d.name().equals(DEMO_DATASET)).findFirst().orElseThrow()));
        test(dialog.schema).selectItem(dialog.schema.getItemLabelGenerator().apply(schemas.schemas().getFirst()));
        test(dialog.create).click();

        assertThat(dialog.error.isVisible()).isTrue();
        assertThat(dialog.error.getText()).isEqualTo("A project named '" + existing.name() + "' exists already");
        assertThat(dialog.isOpened()).isTrue();
    }

    // ---- settings ----

    @Test
    void invalidSettingsAreMarkedOnTheirFieldsAndNotSaved() {
        signIn.as("pm@acme.test");
        Project project = project();
        ProjectSettings before = workflow.settings(project.id());
        ProjectSettingsForm form = openSettings(project);

        // What a user types past the fields' min and max reaches the server as is; the tester would refuse it.
        form.overlap.setValue(project.overlap() - 1);
        test(form.goldRate).setValue(0.5);
        form.minScored.setValue(0);
        form.thresholds.get(LabelType.PHASE).setValue(-2.0);
        form.thresholds.get(LabelType.EVENT).setValue(-0.5);
        test(form.save).click();

        assertThat(form.overlap.getErrorMessage())
                .isEqualTo("Overlap can grow up to 50, not shrink (it is " + project.overlap() + ")");
        assertThat(form.minScored.getErrorMessage()).isEqualTo("Gold submissions before pausing: 1-1000");
        assertThat(form.thresholds.get(LabelType.PHASE).getErrorMessage())
                .isEqualTo("The phase threshold is an alpha (uα) between -1 and 1");
        assertThat(form.thresholds.get(LabelType.EVENT).getErrorMessage())
                .isEqualTo("The agreement threshold for event is between 0 and 1");
        assertThat(form.goldRate.isInvalid()).isFalse();
        assertThat(find(Notification.class).all()).isEmpty();
        assertThat(form.save.isEnabled()).isTrue();
        Project after = workflow.project(project.id()).orElseThrow();
        assertThat(after.goldRate()).as("nothing of an invalid form is saved").isEqualTo(project.goldRate());
        assertThat(workflow.settings(project.id())).isEqualTo(before);
    }

    @Test
    void aClearedRequiredFieldIsMarkedAndNotSaved() {
        signIn.as("pm@acme.test");
        Project project = project();
        ProjectSettingsForm form = openSettings(project);

        form.lease.clear();
        form.minAccuracy.clear();
        test(form.save).click();

        assertThat(form.lease.getErrorMessage()).isEqualTo("Enter the lease");
        assertThat(form.minAccuracy.getErrorMessage()).isEqualTo("Enter the minimum gold accuracy");
        assertThat(workflow.project(project.id()).orElseThrow().leaseSeconds()).isEqualTo(project.leaseSeconds());
    }

    @Test
    void validSettingsAreSavedAndConfirmed() {
        signIn.as("pm@acme.test");
        Project project = project();
        ProjectSettingsForm form = openSettings(project);
        assertThat(form.sample.isEnabled()).isFalse();

        test(form.policy).selectItem("A sample of agreeing tasks");
        assertThat(form.sample.isEnabled()).isTrue();
        test(form.sample).setValue(20.0);
        test(form.goldRate).setValue(0.35);
        test(form.overlap).setValue(project.overlap() + 1);
        test(form.lease).setValue(2.5);
        test(form.boundaryMs).setValue(400.0);
        test(form.thresholds.get(LabelType.PHASE)).setValue(-0.25);
        test(form.save).click();

        Notification saved = find(Notification.class).single();
        assertThat(test(saved).getText()).isEqualTo("Settings saved");
        Project after = workflow.project(project.id()).orElseThrow();
        assertThat(after.goldRate()).isEqualTo(0.35);
        assertThat(after.overlap()).isEqualTo(project.overlap() + 1);
        assertThat(after.leaseSeconds()).isEqualTo(150);
        ProjectSettings settings = workflow.settings(project.id());
        assertThat(settings.reviewPolicy()).isEqualTo(ReviewPolicy.SAMPLE);
        assertThat(settings.reviewSample()).isEqualTo(0.2);
        assertThat(settings.maxBoundaryErrorMs()).isEqualTo(400.0);
        assertThat(settings.threshold(LabelType.PHASE)).isEqualTo(-0.25);
    }

    @Test
    void proposalsAreShownByDefaultAndCanBeTurnedOffToLabelBlind() {
        signIn.as("pm@acme.test");
        Project project = project();
        assertThat(workflow.settings(project.id()).showProposals()).as("a new project shows proposals").isTrue();
        ProjectSettingsForm form = openSettings(project);
        assertThat(form.showProposals.getValue()).isTrue();

        test(form.showProposals).click();
        test(form.save).click();

        assertThat(test(find(Notification.class).single()).getText()).isEqualTo("Settings saved");
        assertThat(workflow.settings(project.id()).showProposals()).as("stored off").isFalse();
        ProjectSettingsForm reopened = openSettings(project);
        assertThat(reopened.showProposals.getValue()).as("the form reads it back").isFalse();
        assertThat(workflow.settings(project.id()).reviewPolicy()).as("the other settings are untouched")
                .isEqualTo(ProjectSettings.defaults().reviewPolicy());
    }

    @Test
    void aQaLeadSeesTheSettingsReadOnly() {
        signIn.as("pm@acme.test");
        Project project = project();
        signIn.as("qa@acme.test");
        ProjectSettingsForm form = openSettings(project);

        assertThat(form.goldRate.isReadOnly()).isTrue();
        assertThat(form.policy.isReadOnly()).isTrue();
        assertThat(form.thresholds.get(LabelType.PHASE).isReadOnly()).isTrue();
        assertThat(form.save.isVisible()).isFalse();
    }

    private ProjectCreateDialog openCreateDialog() {
        Button create = findInView(Button.class).withId("new-project").single();
        test(create).click();
        return find(ProjectCreateDialog.class).single();
    }

    private ProjectSettingsForm openSettings(Project project) {
        navigate("projects/" + project.id(), ProjectView.class);
        return findInView(ProjectSettingsForm.class).single();
    }

    /** A fresh project on the demo dataset (overlap 2), made through the service as the signed-in manager. */
    private Project project() {
        Dataset demo = datasets.datasets().stream().filter(d -> d.name().equals(DEMO_DATASET)).findFirst()
                .orElseThrow();
        return workflow.createProject(NewProject.of("Settings " + UUID.randomUUID(), demo.id(),
                schemas.schemas().getFirst().latestVersionId(), 2, 0.1, 1800));
    }
}
