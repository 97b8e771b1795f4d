package dev.touchstone.dataset.ui;

import com.vaadin.browserless.SpringBrowserlessTest;
import com.vaadin.flow.component.button.Button;
import dev.touchstone.SignIn;
import dev.touchstone.TouchstoneSpringTest;
import dev.touchstone.dataset.Dataset;
import dev.touchstone.dataset.DatasetService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The "New dataset" dialog without a browser, against the real DatasetService and the embedded database. */
@TouchstoneSpringTest
class DatasetCreateDialogTest extends SpringBrowserlessTest {

    @Autowired
    SignIn signIn;
    @Autowired
    DatasetService datasets;

    @BeforeEach
    void signInAsManager() {
        signIn.as("pm@acme.test");
    }

    @AfterEach
    void signOut() {
        signIn.out();
    }

    @Test
    void aBlankNameIsMarkedOnTheFieldAndNothingIsCreated() {
        int before = datasets.datasets().size();
        DatasetCreateDialog dialog = openDialog();

        test(dialog.name).setValue("   ");
        test(dialog.create).click();

        assertThat(dialog.name.isInvalid()).isTrue();
        assertThat(dialog.name.getErrorMessage()).isEqualTo("A dataset needs a name of 1-200 characters");
        assertThat(dialog.isOpened()).isTrue();
        assertThat(dialog.create.isEnabled()).isTrue();
        assertThat(datasets.datasets()).hasSize(before);
    }

    @Test
    void aNameInUseIsMarkedWithTheServicesReason() {
        Dataset existing = datasets.create("Dialog " + UUID.randomUUID(), "");
        DatasetCreateDialog dialog = openDialog();

        test(dialog.name).setValue(existing.name());
        test(dialog.create).click();

        assertThat(dialog.name.isInvalid()).isTrue();
        assertThat(dialog.name.getErrorMessage()).isEqualTo("There is already a dataset named '" + existing.name()
                + "'");
        assertThat(dialog.isOpened()).isTrue();
    }

    @Test
    void aValidDatasetIsCreatedAndItsPageOpens() {
        String name = "Browserless dataset " + UUID.randomUUID().toString().substring(0, 8);
        DatasetCreateDialog dialog = openDialog();

        test(dialog.name).setValue(name);
        test(dialog.description).setValue("made by a test");
        test(dialog.create).click();

        Dataset created = datasets.datasets().stream().filter(d -> d.name().equals(name)).findFirst().orElseThrow();
        assertThat(created.description()).isEqualTo("made by a test");
        assertThat(dialog.isOpened()).isFalse();
        assertThat(getCurrentView()).isInstanceOf(DatasetView.class);
    }

    private DatasetCreateDialog openDialog() {
        navigate(DatasetsView.class);
        test(findInView(Button.class).withId("new-dataset").single()).click();
        return find(DatasetCreateDialog.class).single();
    }
}
