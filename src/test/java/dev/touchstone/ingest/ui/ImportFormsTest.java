package dev.touchstone.ingest.ui;

import com.vaadin.browserless.SpringBrowserlessTest;
import com.vaadin.flow.component.notification.Notification;
import dev.touchstone.SignIn;
import dev.touchstone.TouchstoneSpringTest;
import dev.touchstone.dataset.Dataset;
import dev.touchstone.dataset.DatasetService;
import dev.touchstone.ingest.ImportJob;
import dev.touchstone.ingest.ImportService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The import page's generate and server-source forms without a browser, as the acme admin, against the real
 * ImportService: a mistake is marked on its field and queues nothing; a valid form queues exactly what it says.
 */
@TouchstoneSpringTest
class ImportFormsTest extends SpringBrowserlessTest {

    @Autowired
    SignIn signIn;
    @Autowired
    DatasetService datasets;
    @Autowired
    ImportService imports;

    private Dataset dataset;

    @BeforeEach
    void anEmptyDataset() {
        signIn.as("admin@acme.test");
        dataset = datasets.create("Import forms " + UUID.randomUUID(), "");
    }

    @AfterEach
    void cancelWhatWasQueued() {
        imports.jobs(dataset.id()).forEach(job -> imports.cancel(job.id()));
        signIn.out();
    }

    @Test
    void aCountOutOfRangeAndAMissingSeedAreMarkedAndNothingIsQueued() {
        GenerateForm form = open().generate();

        // Typed, not stepped: the tester's setValue refuses what the step buttons cannot reach, a keyboard does not.
        form.count.setValue(ImportService.MAX_GENERATED_EPISODES + 1);
        form.seed.clear();
        test(form.generate).click();

        assertThat(form.count.isInvalid()).isTrue();
        assertThat(form.count.getErrorMessage()).isEqualTo("Generate 1-200 episodes at a time");
        assertThat(form.seed.isInvalid()).isTrue();
        assertThat(form.seed.getErrorMessage()).startsWith("Enter a seed");
        assertThat(form.generate.isEnabled()).isTrue();
        assertThat(imports.jobs(dataset.id())).isEmpty();
    }

    @Test
    void aValidGenerateFormQueuesThatManyEpisodesFromThatSeed() {
        GenerateForm form = open().generate();

        test(form.count).setValue(2);
        test(form.seed).setValue(41);
        test(form.generate).click();

        List<ImportJob> queued = imports.jobs(dataset.id());
        assertThat(queued).hasSize(1);
        assertThat(queued.getFirst().source()).isEqualTo("episodes=2;seed=41");
    }

    @Test
    void aBlankServerPathIsMarkedAndTheServicesRefusalOfAnotherIsShown() {
        ServerImportForm form = open().server();

        test(form.path).setValue("   ");
        test(form.fromPath).click();
        assertThat(form.path.isInvalid()).isTrue();
        assertThat(form.path.getErrorMessage()).isEqualTo("Enter an absolute path on the server");
        assertThat(imports.jobs(dataset.id())).isEmpty();

        test(form.path).setValue("relative/recordings");
        test(form.fromPath).click();
        assertThat(form.path.isInvalid()).isFalse();
        // What lies below an import root only the service knows (here none is configured, or the path is relative).
        assertThat(test(find(Notification.class).last()).getText()).containsAnyOf("Give an absolute path",
                "switched off");
        assertThat(imports.jobs(dataset.id())).isEmpty();
    }

    @Test
    void aBlankStoragePrefixIsMarkedAndNothingIsQueued() {
        ServerImportForm form = open().server();

        test(form.fromPrefix).click();

        assertThat(form.prefix.isInvalid()).isTrue();
        assertThat(form.prefix.getErrorMessage()).startsWith("Enter a prefix below incoming/");
        assertThat(imports.jobs(dataset.id())).isEmpty();
    }

    private record Forms(GenerateForm generate, ServerImportForm server) {
    }

    private Forms open() {
        navigate("datasets/" + dataset.id() + "/import", ImportView.class);
        return new Forms(find(GenerateForm.class).single(), find(ServerImportForm.class).single());
    }
}
