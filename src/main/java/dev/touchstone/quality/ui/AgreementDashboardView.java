package dev.touchstone.quality.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.Html;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.theme.lumo.LumoUtility;
import dev.touchstone.common.RouteIds;
import dev.touchstone.labeling.LabelSchema;
import dev.touchstone.labeling.LabelSchemaService;
import dev.touchstone.labeling.LabelType;
import dev.touchstone.labeling.SchemaVersion;
import dev.touchstone.organization.Ability;
import dev.touchstone.organization.CurrentOrganization;
import dev.touchstone.organization.Role;
import dev.touchstone.organization.TouchstoneUser;
import dev.touchstone.quality.AnnotatorQuality;
import dev.touchstone.quality.DayPoint;
import dev.touchstone.quality.DefinitionAgreement;
import dev.touchstone.quality.Intervals;
import dev.touchstone.quality.DaySeries;
import dev.touchstone.quality.LowTask;
import dev.touchstone.quality.QualityDashboard;
import dev.touchstone.quality.QualityService;
import dev.touchstone.quality.RecomputeProgress;
import dev.touchstone.quality.SourceMeasures;
import dev.touchstone.quality.SourceScore;
import dev.touchstone.quality.TypeAgreement;
import dev.touchstone.quality.QualityProjects;
import dev.touchstone.quality.QualityProjects.QualityProject;
import dev.touchstone.quality.QualityProjects.QualityTargets;
import jakarta.annotation.security.RolesAllowed;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The QA dashboard ({@code quality?project=<id>}): a project's agreement per label definition, per day, per
 * annotator and per class. Every agreement number drills down to the merged tasks with the lowest agreement behind
 * it, and from there (QA leads and admins) into the review of a task. Numbers are coloured against the project's
 * threshold for the definition's label type (docs/quality/dashboards.md).
 */
@Route("quality")
@PageTitle("Agreement")
@Menu(order = 31, title = "Agreement", icon = "vaadin:chart")
@RolesAllowed({Role.QA_LEAD_NAME, Role.PROJECT_MANAGER_NAME, Role.ADMIN_NAME})
public class AgreementDashboardView extends VerticalLayout implements BeforeEnterObserver {

    static final int DRILL_DOWN_LIMIT = 50;
    /** Numbers this close above the threshold are shown as a warning. */
    private static final double NEAR = 0.05;
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM yyyy HH:mm", Locale.ROOT)
            .withZone(ZoneId.systemDefault());

    private final QualityProjects projects;
    private final LabelSchemaService schemas;
    private final QualityService quality;
    private final boolean reviews;
    private final Select<QualityProject> picker = new Select<>();
    private final Div content = new Div();

    private QualityProject project;
    private QualityTargets settings;
    private LabelSchema schema;
    private QualityDashboard dashboard;
    private Div drillDown;

    public AgreementDashboardView(QualityProjects projects, LabelSchemaService schemas, QualityService quality,
                                  CurrentOrganization current) {
        this.projects = projects;
        this.schemas = schemas;
        this.quality = quality;
        TouchstoneUser me = current.requireUser();
        this.reviews = me.may(Ability.REVIEW);
        setId("quality-dashboard");
        addClassName("quality-dashboard");
        picker.setId("quality-project");
        picker.setLabel("Project");
        picker.setItemLabelGenerator(QualityProject::name);
        picker.setWidth("24em");
        picker.addValueChangeListener(e -> {
            if (e.isFromClient() && e.getValue() != null) {
                getUI().ifPresent(ui -> ui.navigate(AgreementDashboardView.class,
                        QueryParameters.of("project", e.getValue().id().toString())));
            }
        });
        content.setId("quality-content");
        content.setWidthFull();
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        removeAll();
        content.removeAll();
        add(new H2("Agreement"));
        List<QualityProject> projects = this.projects.projects();
        if (projects.isEmpty()) {
            add(empty("No projects yet. A project manager creates one (a dataset, a label schema version and an"
                    + " overlap of two or more annotators per task); its agreement appears here once tasks are"
                    + " labeled by all their annotators."));
            return;
        }
        Optional<UUID> wanted = event.getLocation().getQueryParameters().getSingleParameter("project")
                .flatMap(RouteIds::uuid);
        project = wanted.flatMap(id -> projects.stream().filter(p -> p.id().equals(id)).findFirst())
                .orElse(projects.getFirst());
        picker.setItems(projects);
        picker.setValue(project);
        add(picker, content);
        showProject();
    }

    private void showProject() {
        content.removeAll();
        content.add(recomputeBar());
        settings = projects.targets(project.id());
        schema = schemas.version(project.schemaVersionId()).map(SchemaVersion::schema)
                .orElse(new LabelSchema("", "", List.of()));
        dashboard = quality.dashboard(project.id(), schema);
        List<SourceScore> sources = quality.proposalSources(project.id(), schema);
        if (dashboard.mergedTasks() == 0) {
            if (!sources.isEmpty()) {
                // gold answers alone already score proposal sources
                content.add(new H3("Proposal sources"), proposalSources(sources));
            }
            content.add(empty("No merged tasks yet in " + project.name() + ". Agreement is measured once all "
                    + project.overlap() + " annotators of a task have submitted it (" + project.completeTasks()
                    + " of " + project.tasks() + " tasks so far). Come back when annotators have worked on the"
                    + " project, or raise the overlap if it is 1."));
            return;
        }
        Span summary = new Span(dashboard.mergedTasks() + " merged tasks · computed "
                + WHEN.format(dashboard.computedAt()) + " · click a number to see the tasks behind it");
        summary.setId("quality-summary");
        summary.addClassName("quality-summary");
        drillDown = new Div(new Paragraph("Click an agreement number above to list the tasks with the lowest"
                + " agreement behind it."));
        drillDown.setId("quality-drilldown");
        drillDown.setWidthFull();
        content.add(summary,
                new H3("Per label"), definitions(),
                new H3("Over time"), overTime(),
                new H3("Per annotator"), annotators(),
                new H3("Per class"), confusion(),
                new H3("Proposal sources"), proposalSources(sources),
                new H3("Drill-down"), drillDown);
    }

    // ---- recompute ----

    /**
     * Rebuilds the project's numbers from its merged tasks in the background (tasks merged before the aggregates
     * existed, or to check them); the bar follows its progress by polling and the page refreshes when it is done.
     */
    private Component recomputeBar() {
        Button recompute = new Button("Recompute");
        recompute.setId("quality-recompute");
        recompute.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
        ProgressBar bar = new ProgressBar();
        bar.setId("quality-recompute-progress");
        bar.setWidth("12em");
        Span status = new Span();
        status.setId("quality-recompute-status");
        RecomputeProgress now = quality.recomputeProgress(project.id());
        showProgress(now, bar, status, recompute);
        recompute.addClickListener(e -> {
            showProgress(quality.recompute(project.id()), bar, status, recompute);
            follow(bar, status, recompute);
        });
        if ("running".equals(now.state())) {
            follow(bar, status, recompute);
        }
        HorizontalLayout row = new HorizontalLayout(recompute, bar, status);
        row.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.CENTER);
        return row;
    }

    private void follow(ProgressBar bar, Span status, Button recompute) {
        getUI().ifPresent(ui -> {
            ui.setPollInterval(1000);
            com.vaadin.flow.shared.Registration[] registration = new com.vaadin.flow.shared.Registration[1];
            registration[0] = ui.addPollListener(poll -> {
                RecomputeProgress progress = quality.recomputeProgress(project.id());
                showProgress(progress, bar, status, recompute);
                if (!"running".equals(progress.state())) {
                    ui.setPollInterval(-1);
                    registration[0].remove();
                    if ("done".equals(progress.state())) {
                        showProject();
                    }
                }
            });
        });
    }

    private static void showProgress(RecomputeProgress progress, ProgressBar bar, Span status,
                                     Button recompute) {
        boolean running = "running".equals(progress.state());
        recompute.setEnabled(!running);
        bar.setVisible(running);
        bar.setValue(progress.total() == 0 ? 0 : Math.min(1.0, (double) progress.done() / progress.total()));
        status.setText(switch (progress.state()) {
            case "running" -> "Recomputing: " + progress.done() + " of " + progress.total() + " tasks";
            case "done" -> "Last recomputed " + (progress.finishedAt() == null ? "" : WHEN.format(progress.finishedAt()))
                    + " (" + progress.total() + " tasks)";
            case "failed" -> "The last recompute failed: " + progress.error();
            default -> "Numbers are kept up to date as tasks are merged";
        });
    }

    // ---- sections ----

    private Component definitions() {
        Grid<TypeAgreement> grid = new Grid<>();
        grid.setId("quality-definitions");
        grid.addThemeVariants(GridVariant.LUMO_WRAP_CELL_CONTENT);
        grid.addColumn(TypeAgreement::name).setHeader("Label").setAutoWidth(true).setFlexGrow(1);
        grid.addColumn(t -> t.type().jsonName()).setHeader("Type").setAutoWidth(true);
        // The measure is a sentence: it wraps instead of widening the grid past the window, which pushed the
        // numbers a QA lead reads (and clicks to drill down) out of sight.
        grid.addColumn(TypeAgreement::measure).setHeader("Measure").setWidth("16em").setFlexGrow(2);
        grid.addComponentColumn(this::mean).setHeader("Mean task agreement [95% CI]").setAutoWidth(true);
        grid.addComponentColumn(this::alpha).setHeader("Alpha [95% CI]").setAutoWidth(true);
        grid.addColumn(TypeAgreement::tasks).setHeader("Tasks").setAutoWidth(true);
        grid.addColumn(t -> number(settings.threshold(t.type()))).setHeader("Threshold").setAutoWidth(true);
        grid.setItems(dashboard.definitions());
        grid.setAllRowsVisible(true);
        grid.setEmptyStateText("The project's label schema has no definitions.");
        return grid;
    }

    /** The mean with its interval, "too few tasks" instead of one below the minimum, or "not labelled". */
    private Component mean(TypeAgreement t) {
        if (!t.labelled()) {
            Span none = new Span(DefinitionAgreement.NOT_LABELLED);
            none.addClassName("agreement-not-labelled");
            return none;
        }
        Span interval = new Span(t.meanLow() == null ? "(" + Intervals.TOO_FEW + ")"
                : "[" + number(t.meanLow()) + ", " + number(t.meanHigh()) + "]");
        interval.addClassName("agreement-interval");
        HorizontalLayout cell = new HorizontalLayout(drillButton(t.meanTaskAgreement(), t.type(), t.definition(),
                null), interval);
        cell.setSpacing(false);
        cell.setAlignItems(Alignment.BASELINE);
        return cell;
    }

    private Component alpha(TypeAgreement t) {
        if (t.alpha() == null) {
            return new Span("–");
        }
        String interval = t.alphaLow() != null && t.alphaHigh() != null
                ? " [" + number(t.alphaLow()) + ", " + number(t.alphaHigh()) + "]"
                : t.tasks() < Intervals.MIN_TASKS ? " (" + Intervals.TOO_FEW + ")" : "";
        Span value = new Span(number(t.alpha()) + interval);
        value.addClassNames("agreement-value", level(t.alpha(), t.type()));
        return value;
    }

    private Component overTime() {
        Div charts = new Div();
        charts.setId("quality-over-time");
        charts.addClassName("quality-charts");
        Map<String, LabelType> types = dashboard.definitions().stream()
                .collect(Collectors.toMap(TypeAgreement::definition, TypeAgreement::type, (a, b) -> a));
        for (DaySeries series : dashboard.overTime()) {
            LabelType type = types.get(series.definition());
            Div card = new Div(new H4(series.name()),
                    AgreementChart.of(series, type == null ? null : settings.threshold(type)));
            card.addClassName("quality-chart-card");
            card.getElement().setAttribute("data-definition", series.definition());
            charts.add(card);
        }
        return charts;
    }

    private Component annotators() {
        Grid<AnnotatorQuality> grid = new Grid<>();
        grid.setId("quality-annotators");
        grid.addColumn(AnnotatorQuality::name).setHeader("Annotator").setAutoWidth(true).setFrozen(true);
        grid.addColumn(AnnotatorQuality::tasks).setHeader("Tasks").setAutoWidth(true);
        grid.addComponentColumn(this::gold).setHeader("Gold accuracy").setAutoWidth(true);
        for (TypeAgreement t : dashboard.definitions()) {
            grid.addComponentColumn(a -> {
                Double value = a.agreementWithConsensus().get(t.definition());
                return value == null ? new Span("–") : drillButton(value, t.type(), t.definition(), a);
            }).setHeader(t.name()).setAutoWidth(true).setKey(t.definition());
        }
        grid.setItems(dashboard.annotators());
        grid.setAllRowsVisible(true);
        grid.setEmptyStateText("No annotator has a merged task yet.");
        return grid;
    }

    private Component gold(AnnotatorQuality a) {
        if (a.goldAccuracy() == null) {
            return new Span("– (" + a.goldScored() + " scored)");
        }
        Span value = new Span(number(a.goldAccuracy()) + " (" + a.goldScored() + " scored)");
        value.addClassName("agreement-value");
        if (a.goldAccuracy() < settings.minGoldAccuracy()) {
            value.addClassName("agreement-low");
        }
        HorizontalLayout cell = new HorizontalLayout(value);
        cell.setSpacing(true);
        cell.setAlignItems(Alignment.CENTER);
        if (a.goldOverTime().size() >= 2) {
            cell.add(sparkline(a.goldOverTime()));
        }
        return cell;
    }

    private Component confusion() {
        Div section = new Div();
        section.setWidthFull();
        Div tables = new Div();
        tables.setId("quality-confusion");
        tables.addClassName("quality-confusion");
        if (dashboard.confusion().isEmpty()) {
            tables.add(new Paragraph("No label of this schema has classes to confuse (phases, events, categories,"
                    + " boxes or cuboids)."));
            section.add(tables);
            return section;
        }
        Select<Choice> who = new Select<>();
        who.setId("quality-confusion-annotator");
        who.setLabel("Whose labels");
        who.setItemLabelGenerator(Choice::name);
        List<Choice> choices = new java.util.ArrayList<>();
        choices.add(new Choice(null, "All annotators"));
        dashboard.annotators().forEach(a -> choices.add(new Choice(a.annotatorId(), a.name())));
        who.setItems(choices);
        who.setValue(choices.getFirst());
        who.addValueChangeListener(e -> fillConfusion(tables, e.getValue() == null ? null : e.getValue().id()));
        fillConfusion(tables, null);
        section.add(who, tables);
        return section;
    }

    private record Choice(UUID id, String name) {
    }

    private void fillConfusion(Div tables, UUID annotatorId) {
        tables.removeAll();
        dashboard.confusion().stream()
                .filter(m -> Objects.equals(m.annotatorId(), annotatorId))
                .forEach(m -> tables.add(ConfusionTable.of(m, schema)));
        if (tables.getChildren().findAny().isEmpty()) {
            tables.add(new Paragraph("No classes compared for this annotator yet."));
        }
    }

    /**
     * One row per proposal source at a version and label it proposed: its numbers against the gold answers and
     * against the accepted labels, each with what was compared and a sparkline of its headline number per day the
     * proposals were made (docs/quality/agreement.md, "Proposal sources").
     */
    private Component proposalSources(List<SourceScore> sources) {
        Grid<SourceScore> grid = new Grid<>();
        grid.setId("quality-sources");
        grid.addThemeVariants(GridVariant.LUMO_WRAP_CELL_CONTENT);
        // "signals.phase v3", as the workspace names a proposal's source: "signals.phase 3" reads like a count
        grid.addColumn(s -> s.source() + " v" + s.version()).setHeader("Source").setAutoWidth(true);
        grid.addColumn(SourceScore::name).setHeader("Label").setAutoWidth(true);
        grid.addColumn(s -> s.type().jsonName()).setHeader("Type").setAutoWidth(true);
        grid.addColumn(SourceScore::measure).setHeader("Measure").setWidth("14em").setFlexGrow(1);
        grid.addComponentColumn(s -> sourceCell(s.gold())).setHeader("Against gold").setWidth("20em")
                .setFlexGrow(2).setKey("gold");
        grid.addComponentColumn(s -> sourceCell(s.consensus())).setHeader("Against accepted labels")
                .setWidth("20em").setFlexGrow(2).setKey("consensus");
        grid.setItems(sources);
        grid.setAllRowsVisible(true);
        grid.setEmptyStateText("No proposals yet: signal proposers, posted predictions and ML backends appear here"
                + " once they have proposed labels for this project's episodes.");
        return grid;
    }

    private static Component sourceCell(SourceMeasures m) {
        Span value = new Span(m.text());
        value.addClassName("source-value");
        // not coloured against the project's thresholds: those are set for annotators' agreement measures, and a
        // threshold a source must beat is a setting of its own (not built yet)
        if (m.scored()) {
            value.addClassName("agreement-value");
        } else {
            value.addClassName(LumoUtility.TextColor.SECONDARY);
        }
        Span compared = new Span(m.compared());
        compared.addClassNames("source-compared", LumoUtility.FontSize.XSMALL, LumoUtility.TextColor.SECONDARY);
        VerticalLayout cell = new VerticalLayout(value, compared);
        cell.setPadding(false);
        cell.setSpacing(false);
        if (m.trend().size() >= 2) {
            Html line = sparkline(m.trend());
            cell.add(line);
        }
        cell.getElement().setAttribute("data-trend", m.trend().stream()
                .map(p -> p.day() + "=" + number(p.meanAgreement()))
                .collect(Collectors.joining(" ")));
        return cell;
    }

    // ---- drill-down ----

    private Button drillButton(double value, LabelType type, String definition, AnnotatorQuality annotator) {
        Button button = new Button(number(value), e -> drillDown(definition, annotator));
        button.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
        button.addClassNames("agreement-drill", level(value, type));
        button.getElement().setAttribute("data-definition", definition);
        if (annotator != null) {
            button.getElement().setAttribute("data-annotator", annotator.annotatorId().toString());
        }
        button.setTooltipText("Show the tasks with the lowest agreement");
        return button;
    }

    private void drillDown(String definition, AnnotatorQuality annotator) {
        String name = dashboard.definitions().stream().filter(t -> t.definition().equals(definition))
                .map(TypeAgreement::name).findFirst().orElse(definition);
        List<LowTask> tasks = quality.lowTasks(project.id(), definition,
                annotator == null ? null : annotator.annotatorId(), DRILL_DOWN_LIMIT);
        drillDown.removeAll();
        H4 title = new H4("Lowest agreement on " + name + (annotator == null ? "" : " for " + annotator.name()));
        title.setId("quality-drilldown-title");
        drillDown.add(title);
        if (!reviews) {
            drillDown.add(new Paragraph("Opening a task's review is for QA leads; share the episode names with"
                    + " them."));
        }
        Grid<LowTask> grid = new Grid<>();
        grid.setId("quality-drilldown-grid");
        grid.addColumn(LowTask::episodeName).setHeader("Episode").setAutoWidth(true).setFlexGrow(1);
        grid.addColumn(t -> name).setHeader("Label").setAutoWidth(true);
        grid.addColumn(t -> number(t.agreement())).setHeader(annotator == null ? "Task agreement"
                : "Agreement with consensus").setAutoWidth(true);
        grid.addColumn(t -> t.completedAt() == null ? "" : WHEN.format(t.completedAt())).setHeader("Completed")
                .setAutoWidth(true);
        grid.addComponentColumn(this::reviewLink).setHeader("").setAutoWidth(true);
        grid.setItems(tasks);
        grid.setAllRowsVisible(true);
        grid.setEmptyStateText("No merged task has this label yet.");
        drillDown.add(grid);
        drillDown.scrollIntoView();
    }

    private Component reviewLink(LowTask task) {
        if (!reviews) {
            Span text = new Span("Review (QA leads)");
            text.addClassName("review-link-disabled");
            text.setTitle("Only QA leads and admins open reviews");
            return text;
        }
        // a router link (navigation inside the application) to workflow's review, whose route workflow names
        Anchor link = new Anchor(projects.reviewLocation(task.taskId()), "Open review");
        link.getElement().setAttribute("router-link", true);
        link.addClassName("review-link");
        return link;
    }

    // ---- helpers ----

    private String level(double value, LabelType type) {
        double threshold = settings.threshold(type);
        return value < threshold ? "agreement-low" : value < threshold + NEAR ? "agreement-near" : "agreement-ok";
    }

    private static Paragraph empty(String text) {
        Paragraph p = new Paragraph(text);
        p.setId("quality-empty");
        p.addClassName("quality-empty");
        return p;
    }

    static String number(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    /** A 64x16 SVG line of a number in 0..1 per day (gold accuracy; a proposal source's headline number). */
    private static Html sparkline(List<DayPoint> points) {
        int n = points.size();
        String coordinates = java.util.stream.IntStream.range(0, n)
                .mapToObj(i -> String.format(Locale.ROOT, "%.1f,%.1f", i * 62.0 / (n - 1) + 1,
                        15 - 14 * Math.max(0, Math.min(1, points.get(i).meanAgreement()))))
                .collect(Collectors.joining(" "));
        return new Html("<svg class=\"sparkline\" width=\"64\" height=\"16\" viewBox=\"0 0 64 16\" aria-hidden=\"true\">"
                + "<polyline fill=\"none\" stroke=\"currentColor\" stroke-width=\"1.5\" points=\"" + coordinates
                + "\"/></svg>");
    }
}
