package dev.touchstone.workflow.ui;

import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.dom.DomEvent;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.NotFoundException;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteParameters;
import com.vaadin.flow.theme.lumo.LumoUtility;
import dev.touchstone.common.RouteIds;
import dev.touchstone.labeling.Draft;
import dev.touchstone.labeling.LabelWorkspace;
import dev.touchstone.organization.Role;
import dev.touchstone.player.EpisodePlayers;
import dev.touchstone.player.PlayerLayoutService;
import dev.touchstone.workflow.ReviewService;
import dev.touchstone.workflow.TaskReview;
import jakarta.annotation.security.RolesAllowed;
import tools.jackson.databind.json.JsonMapper;

import java.util.Optional;
import java.util.UUID;

/**
 * The QA lead edits a task's consensus in the labeling workspace ({@code review/:taskId/edit}); the draft starts as
 * the consensus and keeps the edits between visits. Submitting it accepts the task with the edited labels.
 */
@Route("review/:taskId/edit")
@PageTitle("Edit consensus")
@RolesAllowed({Role.QA_LEAD_NAME, Role.ADMIN_NAME})
public class ConsensusEditView extends VerticalLayout implements BeforeEnterObserver {

    private final ReviewService reviews;
    private final PlayerLayoutService layouts;
    private final JsonMapper json;

    public ConsensusEditView(ReviewService reviews, PlayerLayoutService layouts, JsonMapper json) {
        this.reviews = reviews;
        this.layouts = layouts;
        this.json = json;
        setSizeFull();
        setPadding(false);
        setSpacing(false);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        Optional<UUID> taskId = RouteIds.uuid(event, "taskId");
        if (taskId.isEmpty()) {
            event.rerouteToError(NotFoundException.class, "No such task");
            return;
        }
        TaskReview review;
        Draft draft;
        try {
            review = reviews.review(taskId.get());
            draft = reviews.editConsensus(taskId.get());
        } catch (dev.touchstone.organization.NotFoundInOrganizationException e) {
            event.rerouteToError(NotFoundException.class, "No such task");
            return;
        } catch (IllegalStateException e) {
            // Accepted or back in labeling meanwhile: the review page says which.
            event.forwardTo(ReviewTaskView.class, new RouteParameters("taskId", taskId.get().toString()));
            return;
        }
        removeAll();
        Anchor back = new Anchor("review/" + review.taskId(), "← Review");
        back.setId("consensus-back");
        H2 heading = new H2("Edit consensus · " + review.episode().episode().name());
        heading.setId("consensus-title");
        heading.addClassNames(LumoUtility.Margin.NONE, LumoUtility.FontSize.LARGE);
        HorizontalLayout header = new HorizontalLayout(back, heading);
        header.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        header.setPadding(true);
        add(header);
        LabelWorkspace workspace = LabelWorkspace.around(EpisodePlayers.build(review.episode(), layouts), json,
                review.schema(), draft);
        add(workspace);
        setFlexGrow(1, workspace);
        // The submission accepted the task (in its transaction); back to the review page, which shows it.
        getElement().addEventListener("ts-submitted", (DomEvent e) -> getUI().ifPresent(ui ->
                ui.navigate(ReviewTaskView.class, new RouteParameters("taskId", review.taskId().toString()))));
    }
}
