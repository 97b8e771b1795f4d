package dev.touchstone.release.ui;

import com.vaadin.browserless.SpringBrowserlessTest;
import com.vaadin.flow.component.button.Button;
import dev.touchstone.SignIn;
import dev.touchstone.TouchstoneSpringTest;
import dev.touchstone.dataset.Dataset;
import dev.touchstone.dataset.DatasetService;
import dev.touchstone.labeling.LabelSchemaService;
import dev.touchstone.release.Release;
import dev.touchstone.release.ReleaseService;
import dev.touchstone.workflow.NewProject;
import dev.touchstone.workflow.Project;
import dev.touchstone.workflow.WorkflowService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The "New release" dialog without a browser, against the real ReleaseService and the embedded database. */
@TouchstoneSpringTest
class ReleaseCreateDialogTest extends SpringBrowserlessTest {

    @Autowired
    SignIn signIn;
    @Autowired
    ReleaseService releases;
    @Autowired
    WorkflowService workflow;
    @Autowired
    DatasetService datasets;
    @Autowired
    LabelSchemaService schemas;

    private Project project;

    @BeforeEach
    void aProject() {
        signIn.as("pm@acme.test");
        Dataset demo = datasets.datasets().stream().filter(d -> d.name().equals("Pick and place (synthetic)"))
                .findFirst().orElseThrow();
        project = workflow.createProject(NewProject.of("Release dialog " + UUID.randomUUID(), demo.id(),
                schemas.schemas().getFirst().latestVersionId(), 1, 0, 600));
    }

    @AfterEach
    void signOut() {
        signIn.out();
    }

    @Test
    void aMissingProjectAndVersionAreMarkedOnTheirFields() {
        ReleaseCreateDialog dialog = openDialog();

        test(dialog.create).click();

        assertThat(dialog.project.getErrorMessage()).isEqualTo("Choose a project");
        assertThat(dialog.version.getErrorMessage()).isEqualTo("Enter a version, e.g. 3 or 1.0.0");
        assertThat(dialog.isOpened()).isTrue();
    }

    @Test
    void aMalformedVersionIsRefusedWithTheServicesReason() {
        ReleaseCreateDialog dialog = openDialog();

        test(dialog.project).selectItem(dialog.project.getItemLabelGenerator().apply(project));
        test(dialog.version).setValue("v1");
        test(dialog.create).click();

        assertThat(dialog.error.getText()).isEqualTo(
                "A release version is a number or major.minor.patch (e.g. 3 or 1.0.0), got 'v1'");
        assertThat(dialog.isOpened()).isTrue();
        assertThat(releases.releases(project.id())).isEmpty();
    }

    @Test
    void aValidReleaseIsCreated() {
        ReleaseCreateDialog dialog = openDialog();

        test(dialog.project).selectItem(dialog.project.getItemLabelGenerator().apply(project));
        test(dialog.version).setValue("1.0.0");
        test(dialog.notes).setValue("first cut");
        test(dialog.create).click();

        assertThat(dialog.isOpened()).isFalse();
        assertThat(releases.releases(project.id())).extracting(Release::version).containsExactly("1.0.0");
    }

    private ReleaseCreateDialog openDialog() {
        navigate(ReleasesView.class);
        test(findInView(Button.class).withId("new-release").single()).click();
        return find(ReleaseCreateDialog.class).single();
    }
}
