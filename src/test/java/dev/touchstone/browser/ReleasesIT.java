package dev.touchstone.browser;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import dev.touchstone.SignIn;
import dev.touchstone.labeling.DraftService;
import dev.touchstone.organization.OrganizationProvisioning;
import dev.touchstone.workflow.Project;
import dev.touchstone.workflow.WorkService;
import dev.touchstone.workflow.WorkflowService;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.nio.file.Files;
import java.util.List;
import java.util.UUID;
import java.util.zip.ZipFile;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * From accepted work to a customer's download in the browser: the project manager makes a release of a project
 * whose task the two demo annotators agreed on, watches it build, and the customer of the same organization reads
 * its quality report and downloads its JSON Lines file and LeRobot dataset, then the demo release's COCO boxes.
 */
class ReleasesIT extends BrowserTest {

    @Autowired
    DSLContext dsl;
    @Autowired
    SignIn signIn;
    @Autowired
    WorkflowService workflow;
    @Autowired
    WorkService work;
    @Autowired
    DraftService drafts;
    @Autowired
    OrganizationProvisioning provisioning;

    @Test
    void aProjectManagerReleasesAcceptedWorkAndTheCustomerDownloadsIt() throws Exception {
        Project project = DemoEpisodeProjects.forBothDemoAnnotators("Release", dsl, signIn, workflow, provisioning);
        DemoEpisodeProjects.labelAndSubmit("annotator@acme.test", project.id(), signIn, workflow, work, drafts);
        DemoEpisodeProjects.labelAndSubmit("annotator2@acme.test", project.id(), signIn, workflow, work, drafts);

        AppShell shell = signInAs("pm@acme.test");
        page.navigate("/releases");
        page.locator("#new-release").click();
        page.locator("#release-project").click();
        page.locator("vaadin-select-item[role=option]").filter(new Locator.FilterOptions()
                .setHasText(project.name())).click();
        page.locator("#release-version input").fill("1.0.0");
        page.locator("#release-notes textarea").fill("First labelled set");
        page.locator("#release-create").click();
        Locator row = page.locator("#releases-grid vaadin-grid-cell-content").filter(new Locator.FilterOptions()
                .setHasText(project.name()));
        assertThat(row.first()).isVisible();
        // the demo's own release is Ready already: the new one is done when no release is building any more
        assertThat(page.locator("#releases-grid vaadin-grid-cell-content").filter(new Locator.FilterOptions()
                .setHasText("Building"))).hasCount(0, new com.microsoft.playwright.assertions.LocatorAssertions
                .HasCountOptions().setTimeout(120_000));
        shell.signOut();

        AppShell customer = signInAs("customer@acme.test");
        page.navigate("/releases");
        page.locator("#releases-grid vaadin-grid-cell-content").filter(new Locator.FilterOptions()
                .setHasText(project.name())).first().click();
        assertThat(page.locator("#release-summary")).containsText("1 tasks");
        assertThat(page.locator("#release-report")).containsText("Grasp outcome");
        assertThat(page.locator("#release-annotators")).containsText("Ben Annotator");
        documentationScreenshot("release.png");
        Download download = page.waitForDownload(() -> page.locator("#download-labels-jsonl").click());
        List<String> lines = Files.readAllLines(download.path());
        assertThat(lines).hasSize(1);
        assertThat(lines.getFirst()).contains("\"grasp_outcome\"", "\"success\"", "Ben Annotator");
        Download lerobot = page.waitForDownload(() -> page.locator("#download-lerobot-v3-0-zip").click());
        try (ZipFile zip = new ZipFile(lerobot.path().toFile())) {
            assertThat(zip.getEntry("meta/info.json")).as("a LeRobot v3.0 dataset").isNotNull();
            assertThat(zip.getEntry("meta/episodes/chunk-000/file-000.parquet")).isNotNull();
            assertThat(zip.getEntry("data/chunk-000/file-000.parquet")).isNotNull();
            assertThat(zip.getEntry("meta/quality-report.json")).as("the report is in every download").isNotNull();
            assertThat(new String(zip.getInputStream(zip.getEntry("meta/info.json")).readAllBytes()))
                    .as("LeRobot's own feature names and language columns").contains("codebase_version", "v3.0",
                            "\"observation.state\"", "\"language_persistent\"", "\"observation.images.head_camera\"");
        }

        // the demo release has 2D boxes, so it also comes as COCO
        page.locator("#releases-grid vaadin-grid-cell-content").filter(new Locator.FilterOptions()
                .setHasText("simulated history")).first().click();
        Download coco = page.waitForDownload(new Page.WaitForDownloadOptions().setTimeout(60_000),
                () -> page.locator("#download-coco-head_camera-json").click());
        String cocoText = Files.readString(coco.path());
        assertThat(cocoText).contains("\"categories\"", "\"annotations\"", "\"bbox\"", "\"quality_report\"");
        assertThat(dsl.fetchSingle("select count(distinct details->>'file')::int from audit_event"
                + " where action = 'release.downloaded' and actor_name = 'customer@acme.test'").get(0, Integer.class))
                .as("each download audited").isGreaterThanOrEqualTo(3);
        UUID releaseId = dsl.fetchSingle("select r.id from release r join project p on p.id = r.project_id"
                + " where p.id = ?", project.id()).get(0, UUID.class);
        customer.signOut();

        // another organization's member sees nothing of it: not in the list, and its file's address is "not found"
        String globexCustomer = "release-customer@globex.test";
        if (provisioning.accountOrganizations(globexCustomer).isEmpty()) {
            provisioning.addMember(provisioning.organization("globex").orElseThrow(), globexCustomer,
                    "Gina Globex", "touchstone-demo", java.util.Set.of(dev.touchstone.organization.Role.CUSTOMER));
        }
        signInAs(globexCustomer);
        page.navigate("/releases");
        assertThat(page.locator("#releases-grid")).isVisible();
        assertThat(page.locator("#releases-grid")).not().containsText(project.name());
        APIResponse foreign = page.request().get("/api/v1/releases/" + releaseId + "/files/labels.jsonl");
        org.assertj.core.api.Assertions.assertThat(foreign.status()).isEqualTo(404);
        org.assertj.core.api.Assertions.assertThat(foreign.text()).doesNotContain("grasp_outcome");
    }
}
