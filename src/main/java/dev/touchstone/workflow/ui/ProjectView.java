package dev.touchstone.workflow.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.theme.lumo.LumoUtility;
import dev.touchstone.common.DayChart;
import dev.touchstone.common.RouteIds;
import dev.touchstone.organization.CurrentOrganization;
import dev.touchstone.organization.Role;
import dev.touchstone.workflow.Project;
import dev.touchstone.workflow.ProjectProgress;
import dev.touchstone.workflow.ProjectState;
import dev.touchstone.workflow.ReviewService;
import dev.touchstone.workflow.TaskInfo;
import dev.touchstone.workflow.WorkflowService;
import jakarta.annotation.security.RolesAllowed;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * One project: its state, progress (tasks by state, throughput, time per task, who is active), settings, the
 * annotators working on it (pause / reinstate) and its tasks (gold answers for QA leads).
 */
@Route("projects/:projectId")
@PageTitle("Project")
@RolesAllowed({Role.ADMIN_NAME, Role.PROJECT_MANAGER_NAME, Role.QA_LEAD_NAME})
public class ProjectView extends VerticalLayout implements BeforeEnterObserver {

    private static final List<String> STATES = List.of("unstarted", "in progress", "review", "accepted");

    private final WorkflowService workflow;
    private final ReviewService reviews;
    private final CurrentOrganization current;
    private Project project;
    private Grid<TaskInfo> tasks;

    public ProjectView(WorkflowService workflow, ReviewService reviews, CurrentOrganization current) {
        this.workflow = workflow;
        this.reviews = reviews;
        this.current = current;
        setWidthFull();
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        Optional<Project> found = RouteIds.uuid(event, "projectId").flatMap(workflow::project);
        if (found.isEmpty()) {
            event.rerouteToError(com.vaadin.flow.router.NotFoundException.class, "No such project");
            return;
        }
        project = found.get();
        build();
    }

    private void build() {
        removeAll();
        boolean manages = ProjectFormat.manages(current);
        ProjectProgress progress = workflow.progress(project.id());
        add(header(manages), progressSection(progress), settingsSection(manages), annotatorsSection(progress),
                tasksSection());
    }

    // ---- header and state ----

    private Component header(boolean manages) {
        H2 title = new H2(project.name());
        title.setId("project-title");
        Span state = new Span(ProjectFormat.state(project.state()));
        state.setId("project-state");
        state.getElement().getThemeList().add("badge" + switch (project.state()) {
            case ACTIVE -> " success";
            case PAUSED -> " contrast";
            case CLOSED -> "";
        });
        Button pause = new Button("Pause", click -> changeState(ProjectState.PAUSED));
        pause.setId("project-pause");
        pause.setVisible(manages && project.state() == ProjectState.ACTIVE);
        Button resume = new Button("Resume", click -> changeState(ProjectState.ACTIVE));
        resume.setId("project-resume");
        resume.setVisible(manages && project.state() == ProjectState.PAUSED);
        Button close = new Button("Close", click -> confirmClose());
        close.setId("project-close");
        close.addThemeVariants(ButtonVariant.LUMO_ERROR);
        close.setVisible(manages && project.state() != ProjectState.CLOSED);
        // A link by address: the proposals screen belongs to the proposal module, which workflow's views do not reach.
        Anchor proposals = new Anchor("projects/" + project.id() + "/proposals", "Proposals");
        proposals.setId("project-proposals");
        Anchor triage = new Anchor("projects/" + project.id() + "/triage", "Triage");
        triage.setId("project-triage");
        HorizontalLayout header = new HorizontalLayout(title, state, pause, resume, close, proposals, triage);
        header.setAlignItems(FlexComponent.Alignment.BASELINE);
        return header;
    }

    private void changeState(ProjectState state) {
        workflow.setProjectState(project.id(), state);
        reload();
    }

    private void confirmClose() {
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle("Close " + project.name() + "?");
        dialog.add(new Span("A closed project hands out no more work; assignments already live run on."));
        Button confirm = new Button("Close project", click -> {
            dialog.close();
            changeState(ProjectState.CLOSED);
        });
        confirm.setId("project-close-confirm");
        confirm.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_PRIMARY);
        dialog.getFooter().add(new Button("Cancel", c -> dialog.close()), confirm);
        dialog.open();
    }

    private void reload() {
        project = workflow.project(project.id()).orElseThrow();
        build();
    }

    // ---- progress ----

    private Component progressSection(ProjectProgress progress) {
        Div section = new Div();
        section.setId("project-progress");
        section.setWidthFull();
        Map<String, Integer> byState = progress.tasksByState();
        int total = byState.values().stream().mapToInt(Integer::intValue).sum();

        ShareBar bar = new ShareBar(STATES.stream()
                .map(state -> new ShareBar.Part(state, state, byState.getOrDefault(state, 0))).toList());
        bar.addClassName("progress-bar");
        HorizontalLayout legend = new HorizontalLayout();
        legend.setSpacing(true);
        for (String state : STATES) {
            Span count = new Span(String.valueOf(byState.getOrDefault(state, 0)));
            count.setId("progress-" + state.replace(' ', '-'));
            count.addClassName(LumoUtility.FontWeight.SEMIBOLD);
            legend.add(new Span(swatch(state), new Span(capitalized(state) + ": "), count));
        }
        Span totalText = new Span(total + (total == 1 ? " task, " : " tasks, ") + project.completeTasks() + " with all " + project.overlap()
                + " submissions");
        totalText.setId("progress-total");
        totalText.addClassName(LumoUtility.TextColor.SECONDARY);
        legend.add(totalText);

        HorizontalLayout figures = new HorizontalLayout(
                figure("Median time per task", ProjectFormat.duration(progress.medianSecondsPerTask()),
                        "progress-median"),
                figure("Annotators active now", String.valueOf(progress.activeNow()), "progress-active-now"),
                figure("Active in the last 24 h", String.valueOf(progress.activeToday()), "progress-active-today"));
        figures.addClassName("progress-figures");

        section.add(new H3("Progress"), bar, legend, new H3("Last 14 days"), throughput(progress.throughput()),
                figures);
        return section;
    }

    /** The colour key of a state in the legend; styles.css gives it the colour of the state's part of the bar. */
    private static Span swatch(String state) {
        Span swatch = new Span();
        swatch.addClassName("state-swatch");
        swatch.getElement().setAttribute("data-state", state);
        return swatch;
    }

    private static String capitalized(String text) {
        return text.substring(0, 1).toUpperCase(Locale.ROOT) + text.substring(1);
    }

    private static Component figure(String label, String value, String id) {
        Span number = new Span(value);
        number.setId(id);
        number.addClassNames(LumoUtility.FontSize.XLARGE, LumoUtility.FontWeight.SEMIBOLD);
        Span caption = new Span(label);
        caption.addClassNames(LumoUtility.TextColor.SECONDARY, LumoUtility.FontSize.SMALL);
        VerticalLayout box = new VerticalLayout(number, caption);
        box.setPadding(false);
        box.setSpacing(false);
        return box;
    }

    /**
     * Submissions and accepted tasks per day as pairs of bars on the shared day chart, the y axis in tasks, each day
     * named under its pair.
     */
    private static Component throughput(List<ProjectProgress.Day> days) {
        DayChart chart = new DayChart(new DayChart.Data(
                days.stream().map(day -> DayChart.epochSecond(day.day())).toList(),
                List.of(DayChart.Series.bars("Submissions", "--lumo-primary-color",
                                days.stream().map(ProjectProgress.Day::submissions).toList()),
                        DayChart.Series.bars("Accepted", "--lumo-success-color",
                                days.stream().map(ProjectProgress.Day::accepted).toList())),
                "tasks per day", null, null, null, "No days to show", true));
        chart.setId("progress-throughput");
        Div wrapper = new Div(chart);
        if (days.stream().allMatch(d -> d.submissions() == 0 && d.accepted() == 0)) {
            Span empty = new Span("No submissions in the last 14 days");
            empty.setId("progress-throughput-empty");
            empty.addClassName(LumoUtility.TextColor.SECONDARY);
            wrapper.addComponentAsFirst(empty);
        }
        return wrapper;
    }

    // ---- settings ----

    private Component settingsSection(boolean manages) {
        return new ProjectSettingsForm(workflow, project, manages, this::reload);
    }

    // ---- annotators ----

    private Component annotatorsSection(ProjectProgress progress) {
        Grid<ProjectProgress.AnnotatorStanding> grid = new Grid<>();
        grid.setId("project-annotators");
        grid.addColumn(ProjectProgress.AnnotatorStanding::name).setHeader("Name").setAutoWidth(true);
        grid.addColumn(ProjectProgress.AnnotatorStanding::email).setHeader("E-mail").setAutoWidth(true);
        grid.addColumn(ProjectProgress.AnnotatorStanding::submitted).setHeader("Submitted").setAutoWidth(true);
        grid.addColumn(ProjectProgress.AnnotatorStanding::goldScored).setHeader("Gold scored").setAutoWidth(true);
        grid.addColumn(a -> a.goldAccuracy() == null ? "–" : ProjectFormat.percent(a.goldAccuracy()))
                .setHeader("Gold accuracy").setAutoWidth(true);
        grid.addColumn(a -> a.paused() ? "Paused" + (a.pausedReason() == null ? "" : ": " + a.pausedReason()) : "")
                .setHeader("Paused").setFlexGrow(1);
        grid.addComponentColumn(a -> {
            Button button = a.paused()
                    ? new Button("Reinstate", click -> {
                        workflow.reinstateAnnotator(project.id(), a.annotatorId());
                        reload();
                    })
                    : new Button("Pause", click -> askPauseReason(a));
            button.setId((a.paused() ? "reinstate-" : "pause-") + a.email());
            button.getElement().setAttribute("data-email", a.email());
            button.addClassName(a.paused() ? "reinstate-annotator" : "pause-annotator");
            button.addThemeVariants(ButtonVariant.LUMO_SMALL);
            return button;
        }).setAutoWidth(true);
        grid.setItems(progress.annotators());
        grid.setAllRowsVisible(true);
        grid.setEmptyStateText("No annotator may work on this project.");
        Div section = new Div(new H3("Annotators"), grid);
        section.setWidthFull();
        return section;
    }

    private void askPauseReason(ProjectProgress.AnnotatorStanding annotator) {
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle("Pause " + annotator.name() + " on this project");
        TextArea reason = new TextArea("Reason (they will see it)");
        reason.setId("pause-reason");
        reason.setMaxLength(500);
        reason.setWidth("28em");
        Button confirm = new Button("Pause", click -> {
            try {
                workflow.pauseAnnotator(project.id(), annotator.annotatorId(), reason.getValue());
                dialog.close();
                reload();
            } catch (IllegalArgumentException e) {
                reason.setInvalid(true);
                reason.setErrorMessage(e.getMessage());
            }
        });
        confirm.setId("pause-confirm");
        confirm.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        dialog.add(reason);
        dialog.getFooter().add(new Button("Cancel", c -> dialog.close()), confirm);
        dialog.open();
        reason.focus();
    }

    // ---- tasks ----

    private Component tasksSection() {
        boolean curates = ProjectFormat.curatesGold(current);
        UUID projectId = project.id();
        tasks = new Grid<>();
        tasks.setId("project-tasks");
        tasks.addComponentColumn(t -> new Anchor("episodes/" + t.episodeId(), t.episodeName()))
                .setHeader("Episode").setAutoWidth(true);
        tasks.addColumn(ProjectView::window).setHeader("Window").setAutoWidth(true);
        tasks.addColumn(TaskInfo::priority).setHeader("Priority").setAutoWidth(true);
        tasks.addColumn(t -> t.gold() ? "Gold" : "").setHeader("Gold").setAutoWidth(true);
        tasks.addColumn(t -> t.submitted() + " / " + project.overlap()).setHeader("Submitted").setAutoWidth(true);
        tasks.addColumn(t -> t.complete() ? "Complete" : "").setHeader("Complete").setAutoWidth(true);
        if (curates) {
            tasks.addComponentColumn(t -> {
                Button fromAccepted = new Button("Gold from accepted labels",
                        click -> gold(() -> reviews.promoteToGold(t.id()), "The accepted labels are now the gold answer"));
                fromAccepted.addClassName("gold-from-accepted");
                fromAccepted.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
                fromAccepted.setTooltipText("Only for an accepted task: its accepted labels become the reference"
                        + " answer annotators are scored against");
                Button fromMine = new Button("Gold from my labels",
                        click -> gold(() -> reviews.setGoldAnswer(t.id()), "Your labels are now the gold answer"));
                fromMine.addClassName("gold-from-mine");
                fromMine.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
                fromMine.setTooltipText("First label the episode yourself on its page under this project's label"
                        + " schema; those labels become the reference answer");
                HorizontalLayout actions = new HorizontalLayout(fromAccepted, fromMine);
                actions.setSpacing(false);
                return actions;
            }).setHeader("Gold answer").setAutoWidth(true);
        }
        tasks.setItems(query -> workflow.tasks(projectId, query.getOffset(), query.getLimit()).stream());
        tasks.setPageSize(50);
        tasks.setHeight("28em");
        tasks.setWidthFull();
        Div section = new Div(new H3("Tasks"), tasks);
        section.setWidthFull();
        return section;
    }

    private void gold(Runnable action, String done) {
        try {
            action.run();
            Notification.show(done, 4000, Notification.Position.BOTTOM_START)
                    .addThemeVariants(NotificationVariant.LUMO_SUCCESS);
            tasks.getDataProvider().refreshAll();
        } catch (IllegalStateException | IllegalArgumentException e) {
            Notification notification = Notification.show(e.getMessage(), 8000, Notification.Position.MIDDLE);
            notification.addThemeVariants(NotificationVariant.LUMO_ERROR);
            notification.setId("gold-error");
        }
    }

    private static String window(TaskInfo task) {
        if (task.windowStartNanos() == null) {
            return "Whole episode";
        }
        return String.format(Locale.ROOT, "%.1f–%.1f s", task.windowStartNanos() / 1e9, task.windowEndNanos() / 1e9);
    }
}
