package dev.touchstone.workflow.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
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
import com.vaadin.flow.theme.lumo.LumoUtility;
import dev.touchstone.organization.Role;
import dev.touchstone.workflow.AnnotatorHome;
import dev.touchstone.workflow.Assignment;
import dev.touchstone.workflow.WorkService;
import dev.touchstone.workflow.WorkflowService;
import jakarta.annotation.security.RolesAllowed;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;

/**
 * The annotator's home: "Start labeling" claims the next task (returned work first, then the task they have open,
 * then a new one) and opens it; the work returned to them, each with the QA lead's comment and a button that opens
 * it; their own numbers per project (gold accuracy in blocks, their pause and its reason, a paused project).
 */
@Route("work")
@PageTitle("My work")
@Menu(order = 1, title = "My work", icon = "vaadin:tasks")
@RolesAllowed(Role.ANNOTATOR_NAME)
public class MyWorkView extends VerticalLayout implements BeforeEnterObserver {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM HH:mm", Locale.ROOT)
            .withZone(ZoneId.systemDefault());

    private final WorkflowService workflow;
    private final WorkService work;

    public MyWorkView(WorkflowService workflow, WorkService work) {
        this.workflow = workflow;
        this.work = work;
        setId("my-work");
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        removeAll();
        AnnotatorHome home = work.home();
        Button start = new Button("Start labeling", e -> start());
        start.setId("start-labeling");
        start.addThemeVariants(ButtonVariant.LUMO_PRIMARY, ButtonVariant.LUMO_LARGE);
        Span counts = new Span(home.submittedToday() + " submitted in the last 24 hours · " + home.submittedTotal()
                + " in all");
        counts.setId("my-counts");
        Paragraph empty = new Paragraph();
        empty.setId("queue-empty");
        empty.setVisible(false);
        add(new H2("My work"), new HorizontalLayout(start, counts), empty);

        if (!home.returned().isEmpty()) {
            H3 heading = new H3("Returned to you");
            Div returned = new Div();
            returned.setId("returned-work");
            for (AnnotatorHome.ReturnedWork r : home.returned()) {
                Div item = new Div();
                item.addClassName("returned-item");
                item.getElement().setAttribute("data-assignment", r.assignmentId().toString());
                Button open = new Button("Rework", e -> openReturned(r.assignmentId(), item));
                open.addClassName("open-returned");
                open.addThemeVariants(ButtonVariant.LUMO_SMALL);
                HorizontalLayout line = new HorizontalLayout(new Span(r.projectName() + " · " + r.episodeName()
                        + (r.returnedAt() == null ? "" : " · " + WHEN.format(r.returnedAt()))), open);
                line.setDefaultVerticalComponentAlignment(Alignment.BASELINE);
                item.add(line);
                Paragraph comment = new Paragraph("“" + r.comment() + "”");
                comment.addClassName("return-comment");
                item.add(comment);
                returned.add(item);
            }
            Paragraph order = new Paragraph(QUEUE_ORDER);
            order.setId("queue-order");
            add(heading, order, returned);
        }

        Grid<AnnotatorHome.Standing> projects = new Grid<>();
        projects.setId("my-projects");
        projects.addColumn(AnnotatorHome.Standing::projectName).setHeader("Project").setFlexGrow(2);
        projects.addColumn(AnnotatorHome.Standing::submitted).setHeader("Submitted");
        projects.addColumn(MyWorkView::gold).setHeader("Gold accuracy").setFlexGrow(2);
        projects.addColumn(MyWorkView::status).setHeader("Status").setFlexGrow(3);
        projects.setItems(home.projects());
        projects.setAllRowsVisible(true);
        add(new H3("Your projects"), projects, new Paragraph(GOLD_RULE));
    }

    /** The order claimNext serves work in (WorkflowService.claimNext, docs/workflow/queue.md). */
    static final String QUEUE_ORDER = "Start labeling opens returned work first, then the task you have open, then a"
            + " new task. Or press Rework to open one of them now.";

    static final String GOLD_RULE = "Gold accuracy counts your submissions in whole blocks of "
            + AnnotatorHome.GOLD_BLOCK + ", oldest first, and shows once they include " + AnnotatorHome.GOLD_MIN_SHOWN
            + " gold tasks, so it changes only every " + AnnotatorHome.GOLD_BLOCK + " submissions.";

    static String gold(AnnotatorHome.Standing s) {
        if (s.goldAccuracy() == null) {
            return "–";
        }
        return String.format(Locale.ROOT, "%.0f%% (%d gold tasks in your first %d submissions)",
                s.goldAccuracy() * 100, s.goldScored(), s.goldCovers());
    }

    static String status(AnnotatorHome.Standing s) {
        if (s.paused()) {
            return "You are paused on this project: " + s.pausedReason();
        }
        return s.projectPaused() ? "Project paused: it gives out no work for now" : "Active";
    }

    private void openReturned(java.util.UUID assignmentId, Div item) {
        try {
            Assignment opened = workflow.openReturned(assignmentId);
            getUI().ifPresent(ui -> ui.navigate(WorkView.class, WorkView.parameters(opened.id())));
        } catch (IllegalStateException e) {
            Paragraph problem = new Paragraph(e.getMessage());
            problem.addClassNames(LumoUtility.TextColor.ERROR, "returned-problem");
            item.add(problem);
        }
    }

    private void start() {
        Optional<Assignment> next = workflow.claimNext(null);
        if (next.isPresent()) {
            getUI().ifPresent(ui -> ui.navigate(WorkView.class, WorkView.parameters(next.get().id())));
        } else {
            getChildren().filter(c -> c.getId().filter("queue-empty"::equals).isPresent()).findFirst()
                    .ifPresent(c -> {
                        ((Paragraph) c).setText("No task is waiting for you right now. Try again later.");
                        c.setVisible(true);
                    });
        }
    }
}
