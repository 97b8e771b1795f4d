package dev.touchstone.release.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.VaadinServletRequest;
import com.vaadin.flow.shared.Registration;
import dev.touchstone.organization.Ability;
import dev.touchstone.organization.CurrentOrganization;
import dev.touchstone.organization.Role;
import dev.touchstone.release.Release;
import dev.touchstone.release.ReleaseFile;
import dev.touchstone.release.ReleaseReport;
import dev.touchstone.release.ReleaseService;
import dev.touchstone.release.ReleaseState;
import dev.touchstone.workflow.Project;
import dev.touchstone.workflow.WorkflowService;
import jakarta.annotation.security.RolesAllowed;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * Releases of the signed-in member's organization: project managers and admins make one from a project's accepted
 * tasks (built in the background, progress shown here); they, QA leads and customers read its quality report and
 * download its files (HTTP with ranges, so an interrupted download resumes; every download is audited). The roles
 * are ReleaseService's. docs/release/releases.md.
 */
@Route("releases")
@PageTitle("Releases")
@Menu(order = 40, title = "Releases", icon = "vaadin:package")
@RolesAllowed({Role.ADMIN_NAME, Role.PROJECT_MANAGER_NAME, Role.QA_LEAD_NAME, Role.CUSTOMER_NAME})
public class ReleasesView extends VerticalLayout implements BeforeEnterObserver {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM yyyy HH:mm", Locale.ROOT)
            .withZone(ZoneId.systemDefault());

    private final ReleaseService releases;
    private final WorkflowService workflow;
    private final boolean manager;
    private final Grid<Release> grid = new Grid<>();
    private final Div detail = new Div();
    private Registration polling;

    public ReleasesView(ReleaseService releases, WorkflowService workflow, CurrentOrganization current) {
        this.releases = releases;
        this.workflow = workflow;
        this.manager = current.requireUser().may(Ability.MANAGE);
        setId("releases");
        grid.setId("releases-grid");
        grid.addColumn(Release::projectName).setHeader("Project").setFlexGrow(2);
        grid.addColumn(Release::version).setHeader("Version");
        grid.addColumn(ReleasesView::stateText).setHeader("State").setFlexGrow(2)
                .setTooltipGenerator(ReleasesView::stateText);
        grid.addColumn(r -> r.taskCount() == null ? "" : String.valueOf(r.taskCount())).setHeader("Tasks");
        grid.addColumn(r -> WHEN.format(r.createdAt())).setHeader("Created");
        grid.addColumn(Release::createdByName).setHeader("By");
        grid.setAllRowsVisible(true);
        grid.addSelectionListener(e -> showDetail(e.getFirstSelectedItem()));
        detail.setId("release-detail");
        detail.setWidthFull();
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        removeAll();
        HorizontalLayout header = new HorizontalLayout(new H2("Releases"));
        if (manager) {
            Button create = new Button("New release", e -> createDialog());
            create.setId("new-release");
            create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
            header.add(create);
        }
        header.setDefaultVerticalComponentAlignment(Alignment.BASELINE);
        add(header, grid, detail);
        refresh();
    }

    private void refresh() {
        List<Release> all = releases.releases();
        Optional<UUID> selected = grid.getSelectedItems().stream().findFirst().map(Release::id);
        grid.setItems(all);
        selected.flatMap(id -> all.stream().filter(r -> r.id().equals(id)).findFirst()).ifPresent(grid::select);
        boolean building = all.stream().anyMatch(r -> r.state() == ReleaseState.BUILDING);
        getUI().ifPresent(ui -> {
            if (building && polling == null) {
                ui.setPollInterval(1000);
                polling = ui.addPollListener(poll -> refresh());
            } else if (!building && polling != null) {
                ui.setPollInterval(-1);
                polling.remove();
                polling = null;
            }
        });
        if (all.isEmpty()) {
            detail.removeAll();
            detail.add(new Paragraph(manager ? "No releases yet. A release is made from a project's accepted tasks:"
                    + " press New release." : "No releases yet. Your project team publishes them here."));
        }
    }

    private static String stateText(Release r) {
        return switch (r.state()) {
            case BUILDING -> "Building: " + r.progress().done() + (r.progress().total() == null ? ""
                    : " of " + r.progress().total()) + (r.progress().message() == null ? "" : " · " + r.progress().message());
            case READY -> "Ready";
            case FAILED -> "Failed: " + r.progress().error();
        };
    }

    private void showDetail(Optional<Release> chosen) {
        detail.removeAll();
        if (chosen.isEmpty()) {
            return;
        }
        Release release = chosen.get();
        detail.add(new H3(release.projectName() + " · " + release.version()));
        if (release.notes() != null && !release.notes().isBlank()) {
            detail.add(new Paragraph(release.notes()));
        }
        if (release.state() != ReleaseState.READY) {
            detail.add(new Paragraph(stateText(release)));
            return;
        }
        Div downloads = new Div();
        downloads.setId("release-downloads");
        for (ReleaseFile file : release.files()) {
            Anchor link = new Anchor(contextPath() + "/api/v1/releases/" + release.id() + "/files/" + file.name(),
                    format(file.name()) + " · " + file.name() + " (" + size(file.size()) + ")");
            link.setId("download-" + file.name().replace('.', '-'));
            link.getElement().setAttribute("download", file.name());
            link.getElement().setAttribute("router-ignore", true);
            link.getElement().setAttribute("title", "SHA-256 " + file.sha256());
            downloads.add(new Div(link));
        }
        detail.add(new H3("Downloads"), downloads);
        ReleaseReport report = releases.report(release.id());
        Span summary = new Span(report.tasks() + " tasks" + (report.filteredOut() > 0 ? " (" + report.filteredOut()
                + " left out by the filter)" : "") + " · " + report.goldTasks() + " gold · schema " + report.schema().name()
                + " v" + report.schema().version());
        summary.setId("release-summary");
        Grid<ReleaseReport.DefinitionQuality> definitions = new Grid<>();
        definitions.setId("release-report");
        definitions.addColumn(ReleaseReport.DefinitionQuality::name).setHeader("Label").setFlexGrow(2);
        definitions.addColumn(ReleaseReport.DefinitionQuality::type).setHeader("Type");
        definitions.addColumn(ReleasesView::meanText).setHeader("Mean agreement [95 % CI]").setFlexGrow(2);
        definitions.addColumn(ReleasesView::alphaText).setHeader("Krippendorff's alpha [95 % CI]").setFlexGrow(2);
        definitions.addColumn(ReleaseReport.DefinitionQuality::tasks).setHeader("Tasks");
        definitions.setItems(report.definitions());
        definitions.setAllRowsVisible(true);
        Grid<ReleaseReport.AnnotatorQuality> annotators = new Grid<>();
        annotators.setId("release-annotators");
        annotators.addColumn(ReleaseReport.AnnotatorQuality::name).setHeader("Annotator").setFlexGrow(2);
        annotators.addColumn(ReleaseReport.AnnotatorQuality::tasks).setHeader("Tasks labelled");
        annotators.addColumn(a -> a.goldAccuracy() == null ? "–" : String.format(Locale.ROOT, "%.0f %% (%d)",
                a.goldAccuracy() * 100, a.goldScored())).setHeader("Gold accuracy");
        annotators.setItems(report.annotators());
        annotators.setAllRowsVisible(true);
        detail.add(new H3("Quality report"), summary, definitions, new H3("Who labelled what"), annotators);
    }

    /** What a release file is, for people choosing a download (docs/release/formats.md). */
    private static String format(String name) {
        if (name.equals(ReleaseFile.LABELS)) {
            return "JSON Lines: every label with consensus, each annotator's version and provenance";
        }
        if (name.equals(ReleaseFile.REPORT)) {
            return "Quality report (JSON)";
        }
        if (name.equals(ReleaseFile.LEROBOT)) {
            return "LeRobot v3.0 dataset with labels as columns (zip)";
        }
        if (name.startsWith(ReleaseFile.COCO_PREFIX)) {
            return "COCO 2D boxes, camera " + name.substring(ReleaseFile.COCO_PREFIX.length(),
                    name.length() - ".json".length());
        }
        return name;
    }

    private void createDialog() {
        new ReleaseCreateDialog(releases, workflow.projects(), this::refresh).open();
    }

    private static String size(long bytes) {
        return bytes < 1024 ? bytes + " B" : bytes < 1024 * 1024 ? String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0)
                : String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
    }

    private static String contextPath() {
        VaadinServletRequest request = VaadinServletRequest.getCurrent();
        return request == null || request.getContextPath() == null ? "" : request.getContextPath();
    }

    /** "0.93 [0.72, 1.00]", "1.00 (too few tasks)", or "not labelled" (docs/quality/dashboards.md, "Intervals"). */
    static String meanText(ReleaseReport.DefinitionQuality d) {
        if (d.meanAgreement() == null) {
            return dev.touchstone.quality.DefinitionAgreement.NOT_LABELLED;
        }
        return dev.touchstone.quality.Intervals.text(d.meanAgreement(), d.ciLower() == null ? null
                : new dev.touchstone.quality.Intervals.Interval(d.ciLower(), d.ciUpper()));
    }

    static String alphaText(ReleaseReport.DefinitionQuality d) {
        if (d.alpha() == null) {
            return "–";
        }
        String interval = d.alphaCiLower() != null ? String.format(Locale.ROOT, " [%.2f, %.2f]", d.alphaCiLower(),
                d.alphaCiUpper())
                : d.alphaUnits() != null && d.alphaUnits() < dev.touchstone.quality.Intervals.MIN_TASKS
                ? " (" + dev.touchstone.quality.Intervals.TOO_FEW + ")" : "";
        return String.format(Locale.ROOT, "%.2f%s (%s)", d.alpha(), interval, d.alphaLevel());
    }
}
