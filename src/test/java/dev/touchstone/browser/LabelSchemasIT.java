package dev.touchstone.browser;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import dev.touchstone.labeling.LabelSchema;
import dev.touchstone.labeling.LabelSchemaJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/** A project manager starts a schema from the starter, breaks and fixes it, exports and imports it. */
class LabelSchemasIT extends BrowserTest {

    @TempDir
    Path work;

    private Locator json() {
        return page.locator("#schema-json textarea");
    }

    @Test
    void aProjectManagerEditsExportsAndImportsASchema() throws Exception {
        signInAs("pm@acme.test");
        page.navigate("/label-schemas");
        assertThat(page.locator("#schemas-grid")).containsText("Humanoid manipulation (starter)");
        page.locator("#new-schema-starter").click();
        assertThat(page.locator("#schema-definitions .schema-definition"))
                .hasCount(LabelSchemaJson.humanoidStarter().definitions().size());
        assertThat(page.locator("#schema-definitions [data-key=phase] [data-class]")).hasCount(7);
        assertThat(page.locator("#schema-version")).containsText("Version 1");
        String name = page.locator("#schema-name").textContent();

        // A broken edit is refused with every problem listed, and nothing changes.
        String original = json().inputValue();
        json().fill(original.replace("\"#4e79a7\"", "\"blue\"").replace("\"shortcut\" : \"2\"", "\"shortcut\" : \"1\""));
        page.locator("#schema-save").click();
        assertThat(page.locator("#schema-problems li")).hasCount(2);
        assertThat(page.locator("#schema-problems")).containsText("'blue' is not a colour");
        assertThat(page.locator("#schema-problems")).containsText("is already the shortcut of");
        page.locator("#schema-problems-close").click();

        // A valid edit replaces version 1, which nothing uses yet.
        String renamed = name + " edited";
        json().fill(original.replace("\"name\" : \"" + name + "\"", "\"name\" : \"" + renamed + "\"")
                .replace("\"name\" : \"Reach\"", "\"name\" : \"Reach out\""));
        page.locator("#schema-save").click();
        assertThat(page.locator("#schema-name")).hasText(renamed);
        assertThat(page.locator("#schema-version")).containsText("Version 1");
        assertThat(page.locator("#schema-definitions [data-class=reach]")).containsText("Reach out [1]");

        Download download = page.waitForDownload(() -> page.locator("#schema-export").click());
        LabelSchema exported = LabelSchemaJson.read(Files.readString(download.path()));
        assertThat(exported.name()).isEqualTo(renamed);
        assertThat(exported.definition("phase").orElseThrow().labelClass("reach").orElseThrow().name())
                .isEqualTo("Reach out");

        // The export imports back under another name; a broken file is refused with its reasons.
        String importedName = "imported " + UUID.randomUUID();
        Path copy = work.resolve("copy.schema.json");
        Files.writeString(copy, LabelSchemaJson.write(new LabelSchema(importedName, "", exported.definitions())));
        page.navigate("/label-schemas");
        page.locator("#schema-upload input[type=file]").setInputFiles(copy);
        assertThat(page.locator("#schemas-grid")).containsText(importedName);
        Path broken = work.resolve("broken.json");
        allowProblem("HTTP 422 POST /VAADIN/dynamic/resource/.*/upload"); // the refusal of the broken file
        Files.writeString(broken, "{\"format\":\"touchstone-label-schema/1\",\"name\":\"x\",\"definitions\":[]");
        page.locator("#schema-upload input[type=file]").setInputFiles(broken);
        assertThat(page.locator("#schema-problems")).containsText("line 1");
    }

    @Test
    void aQaLeadReadsSchemasButCannotChangeThem() {
        signInAs("qa@acme.test");
        page.navigate("/label-schemas");
        assertThat(page.locator("#new-schema-starter")).isHidden();
        page.locator("#schemas-grid vaadin-grid-cell-content",
                new Page.LocatorOptions().setHasText("Humanoid manipulation (starter)")).click();
        assertThat(page.locator("#schema-definitions .schema-definition"))
                .hasCount(LabelSchemaJson.humanoidStarter().definitions().size());
        assertThat(page.locator("#schema-json")).hasCount(0);
        assertThat(page.locator("#schema-export")).isVisible();
    }
}
