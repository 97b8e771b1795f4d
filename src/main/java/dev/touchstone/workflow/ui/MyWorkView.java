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
 * The annotator's home: "Start labeling" claims the next task (returned work first) and opens it; below, their own
 * numbers per project (gold accuracy, a pause and its reason) and the work returned to them with the QA lead's
 * comments.
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
                item.add(new Span(r.projectName() + " · " + r.episodeName()
                        + (r.returnedAt() == null ? "" : " · " + WHEN.format(r.returnedAt()))));
                Paragraph comment = new Paragraph("“" + r.comment() + "”");
                comment.addClassName("return-comment");
                item.add(comment);
                returned.add(item);
            }
            add(heading, new Paragraph("Returned work comes first when you press Start labeling."), returned);
        }

        Grid<AnnotatorHome.Standing> projects = new Grid<>();
        projects.setId("my-projects");
        projects.addColumn(AnnotatorHome.Standing::projectName).setHeader("Project").setFlexGrow(2);
        projects.addColumn(AnnotatorHome.Standing::submitted).setHeader("Submitted");
        projects.addColumn(s -> s.goldAccuracy() == null ? "–"
                : String.format(Locale.ROOT, "%.0f%% (%d)", s.goldAccuracy() * 100, s.goldScored()))
                .setHeader("Gold accuracy");
        projects.addColumn(s -> s.paused() ? "Paused: " + s.pausedReason() : "Active").setHeader("Status")
                .setFlexGrow(3);
        projects.setItems(home.projects());
        projects.setAllRowsVisible(true);
        add(new H3("Your projects"), projects);
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
