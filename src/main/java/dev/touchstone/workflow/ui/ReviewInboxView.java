package dev.touchstone.workflow.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
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
import com.vaadin.flow.router.RouteParameters;
import dev.touchstone.organization.Role;
import dev.touchstone.workflow.LeadNotification;
import dev.touchstone.workflow.ReviewItem;
import dev.touchstone.workflow.ReviewService;
import jakarta.annotation.security.RolesAllowed;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The QA lead's review inbox: notifications (annotators paused by their gold accuracy) and the tasks waiting for
 * review, highest project priority and oldest first, each with its lowest agreement and why it is here.
 */
@Route("review")
@PageTitle("Review")
@Menu(order = 30, title = "Review", icon = "vaadin:check-square-o")
@RolesAllowed({Role.QA_LEAD_NAME, Role.ADMIN_NAME})
public class ReviewInboxView extends VerticalLayout implements BeforeEnterObserver {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM HH:mm", Locale.ROOT)
            .withZone(ZoneId.systemDefault());

    private final ReviewService reviews;

    public ReviewInboxView(ReviewService reviews) {
        this.reviews = reviews;
        setId("review-inbox");
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        refresh();
    }

    private void refresh() {
        removeAll();
        add(new H2("Review"));
        List<LeadNotification> notes = reviews.notifications();
        if (!notes.isEmpty()) {
            Div list = new Div();
            list.setId("notifications");
            for (LeadNotification n : notes) {
                Span text = new Span(WHEN.format(n.createdAt()) + " · " + n.message());
                Button dismiss = new Button("Dismiss", e -> {
                    reviews.dismiss(n.id());
                    refresh();
                });
                dismiss.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
                HorizontalLayout row = new HorizontalLayout(text, dismiss);
                row.addClassName("notification");
                row.getElement().setAttribute("data-kind", n.kind());
                list.add(row);
            }
            add(new H3("Notifications"), list);
        }
        List<ReviewItem> items = reviews.inbox(null, 500);
        Grid<ReviewItem> grid = new Grid<>();
        grid.setId("review-grid");
        // Every reason of a task in full: cut to one line, a second reason (e.g. the phase boundaries) was never seen.
        grid.addThemeVariants(GridVariant.LUMO_WRAP_CELL_CONTENT);
        grid.addColumn(ReviewItem::projectName).setHeader("Project");
        grid.addColumn(ReviewItem::episodeName).setHeader("Episode");
        grid.addColumn(i -> i.lowestAgreement() == null ? "–" : String.format(Locale.ROOT, "%.2f", i.lowestAgreement()))
                .setHeader("Lowest agreement").setWidth("10em").setFlexGrow(0);
        grid.addColumn(ReviewItem::reason).setHeader("Why").setWidth("24em").setFlexGrow(4);
        grid.addColumn(i -> i.completedAt() == null ? "" : WHEN.format(i.completedAt())).setHeader("Complete since");
        grid.setItems(items);
        grid.addItemClickListener(e -> getUI().ifPresent(ui -> ui.navigate(ReviewTaskView.class,
                new RouteParameters("taskId", e.getItem().taskId().toString()))));
        grid.setAllRowsVisible(items.size() <= 20);
        add(new H3(items.size() + (items.size() == 1 ? " task waits" : " tasks wait") + " for review"),
                items.isEmpty() ? new Paragraph("Nothing to review.") : grid);
    }
}
