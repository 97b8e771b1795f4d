package dev.touchstone.workflow.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.dom.DomEvent;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.NotFoundException;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteParameters;
import com.vaadin.flow.theme.lumo.LumoUtility;
import dev.touchstone.common.RouteIds;
import dev.touchstone.labeling.LabelWorkspace;
import dev.touchstone.proposal.ProposalService;
import dev.touchstone.organization.Role;
import dev.touchstone.player.EpisodePlayer;
import dev.touchstone.player.EpisodePlayers;
import dev.touchstone.player.PlayerLayoutService;
import dev.touchstone.workflow.AssignmentState;
import dev.touchstone.workflow.Assignment;
import dev.touchstone.workflow.WorkItem;
import dev.touchstone.workflow.WorkService;
import dev.touchstone.workflow.WorkflowService;
import jakarta.annotation.security.RolesAllowed;
import tools.jackson.databind.json.JsonMapper;

import java.util.Optional;
import java.util.UUID;

/**
 * One assignment in the labeling workspace ({@code work/:assignmentId}). The workspace saves and submits over the
 * drafts API and renews the lease over {@code /api/v1/assignments/{id}/heartbeat} while the annotator is active;
 * its submission submits the assignment. Returned work shows the QA lead's comment above the player.
 */
@Route("work/:assignmentId")
@RolesAllowed(Role.ANNOTATOR_NAME)
public class WorkView extends VerticalLayout implements BeforeEnterObserver, HasDynamicTitle {

    private final WorkService work;
    private final WorkflowService workflow;
    private final PlayerLayoutService layouts;
    private final JsonMapper json;
    private final ProposalService proposals;
    private String title = "Work";

    public WorkView(WorkService work, WorkflowService workflow, PlayerLayoutService layouts, JsonMapper json,
                    ProposalService proposals) {
        this.work = work;
        this.workflow = workflow;
        this.layouts = layouts;
        this.json = json;
        this.proposals = proposals;
        setSizeFull();
        setPadding(false);
        setSpacing(false);
    }

    static RouteParameters parameters(UUID assignmentId) {
        return new RouteParameters("assignmentId", assignmentId.toString());
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        Optional<UUID> id = RouteIds.uuid(event, "assignmentId");
        if (id.isEmpty()) {
            event.rerouteToError(NotFoundException.class, "No such assignment");
            return;
        }
        WorkItem item;
        try {
            item = work.open(id.get());
        } catch (dev.touchstone.organization.NotFoundInOrganizationException | org.springframework.security.access.AccessDeniedException e) {
            event.rerouteToError(NotFoundException.class, "No such assignment");
            return;
        }
        removeAll();
        Assignment assignment = item.assignment();
        title = item.episode().episode().name() + " · " + assignment.projectName();
        add(header(item));
        if (item.returnComment() != null && assignment.state() == AssignmentState.LIVE) {
            Div comment = new Div(new Span("Returned by a QA lead: "), new Span(item.returnComment()));
            comment.setId("return-comment");
            comment.addClassName("return-comment");
            add(comment);
        }
        EpisodePlayer player = EpisodePlayers.build(item.episode(), layouts);
        LabelWorkspace workspace = LabelWorkspace.around(player, json, item.schema(), item.draft());
        if (assignment.state() == AssignmentState.LIVE) {
            workspace.withHeartbeat("/api/v1/assignments/" + assignment.id() + "/heartbeat", item.heartbeatSeconds());
        }
        workspace.withProposals(json, work.proposalsToShow(item,
                () -> proposals.proposalsFor(assignment.projectId(), item.episode().episode().id())));
        if (assignment.windowStartNanos() != null) {
            // A window of a long episode: start there (labels may still be anywhere in the episode).
            player.getElement().executeJs("customElements.whenDefined('ts-player').then(() => "
                    + "requestAnimationFrame(() => this.seek && this.seek($0)))", (double) assignment.windowStartNanos());
        }
        add(workspace);
        setFlexGrow(1, workspace);
    }

    private HorizontalLayout header(WorkItem item) {
        Assignment assignment = item.assignment();
        H2 heading = new H2(item.episode().episode().name());
        heading.setId("work-title");
        heading.addClassNames(LumoUtility.Margin.NONE, LumoUtility.FontSize.LARGE);
        Span project = new Span(assignment.projectName() + (assignment.windowStartNanos() == null ? ""
                : String.format(" · %.1f–%.1f s", assignment.windowStartNanos() / 1e9, assignment.windowEndNanos() / 1e9)));
        Span state = new Span(switch (assignment.state()) {
            case LIVE -> "";
            case SUBMITTED -> "Submitted";
            case EXPIRED -> "Expired: the lease ran out. Your labels are kept; the task went to someone else.";
            case SKIPPED -> "Skipped";
            case RETURNED -> "Returned to you: press Rework on My work to rework it";
        });
        state.setId("work-state");
        Button next = new Button("Next task", e -> next());
        next.setId("next-task");
        next.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        next.setVisible(assignment.state() != AssignmentState.LIVE);
        Button skip = new Button("Skip…", e -> skipDialog(assignment.id()));
        skip.setId("skip-task");
        skip.setVisible(assignment.state() == AssignmentState.LIVE);
        HorizontalLayout header = new HorizontalLayout(heading, project, state, skip, next);
        header.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        header.setPadding(true);
        header.setWidthFull();
        // The workspace tells us when it submitted (the assignment is submitted with it) or lost its lease.
        getElement().addEventListener("ts-submitted", (DomEvent e) -> {
            state.setText("Submitted");
            skip.setVisible(false);
            next.setVisible(true);
            next.focus();
        });
        getElement().addEventListener("ts-lease-ended", (DomEvent e) -> {
            state.setText("This task's lease ended; it went back to the queue. Your labels are kept.");
            skip.setVisible(false);
            next.setVisible(true);
        });
        return header;
    }

    private void next() {
        Optional<Assignment> next = workflow.claimNext(null);
        getUI().ifPresent(ui -> {
            if (next.isPresent()) {
                ui.navigate(WorkView.class, parameters(next.get().id()));
            } else {
                ui.navigate(MyWorkView.class);
            }
        });
    }

    private void skipDialog(UUID assignmentId) {
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle("Skip this task");
        TextField reason = new TextField("Why? (the QA lead sees this)");
        reason.setId("skip-reason");
        reason.setWidthFull();
        reason.setMaxLength(500);
        Button confirm = new Button("Skip", e -> {
            try {
                workflow.skip(assignmentId, reason.getValue());
                dialog.close();
                next();
            } catch (IllegalArgumentException | IllegalStateException ex) {
                reason.setInvalid(true);
                reason.setErrorMessage(ex.getMessage());
            }
        });
        confirm.setId("skip-confirm");
        confirm.addThemeVariants(ButtonVariant.LUMO_ERROR);
        dialog.add(reason);
        dialog.getFooter().add(new Button("Cancel", e -> dialog.close()), confirm);
        dialog.open();
        reason.focus();
    }

    @Override
    public String getPageTitle() {
        return title;
    }
}
