package dev.touchstone.shell.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.touchstone.organization.Role;
import jakarta.annotation.security.RolesAllowed;

/** Home pages and menu entries of the roles whose features later issues build. */
final class PlaceholderViews {

    private PlaceholderViews() {
    }

    @Route("work")
    @PageTitle("My work")
    @Menu(order = 1, title = "My work", icon = "vaadin:tasks")
    @RolesAllowed(Role.ANNOTATOR_NAME)
    public static class MyWorkView extends PlaceholderView {
        public MyWorkView() {
            super("My work", "Press Start labeling to get your next task, label it on the synchronized player and"
                            + " submit. Your gold accuracy and feedback on returned work will show here.",
                    "The task queue arrives with issue #7 (work distribution) and the workspace with issue #6.");
            Button start = new Button("Start labeling");
            start.setId("start-labeling");
            start.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
            start.setEnabled(false);
            add(start);
        }
    }

    @Route("review")
    @PageTitle("Review")
    @Menu(order = 30, title = "Review", icon = "vaadin:check-square-o")
    @RolesAllowed(Role.QA_LEAD_NAME)
    public static class ReviewView extends PlaceholderView {
        public ReviewView() {
            super("Review", "Tasks with disagreement or sampled for review, annotations side by side, accept, edit"
                    + " or return with comments; gold task curation.", "Arrives with issue #7 (review loop).");
        }
    }

    @Route("quality")
    @PageTitle("Agreement")
    @Menu(order = 31, title = "Agreement", icon = "vaadin:chart")
    @RolesAllowed({Role.QA_LEAD_NAME, Role.PROJECT_MANAGER_NAME})
    public static class QualityView extends PlaceholderView {
        public QualityView() {
            super("Agreement", "Inter-annotator agreement per label type, per annotator and per class, over time.",
                    "Arrives with issue #8 (quality).");
        }
    }

    @Route("releases")
    @PageTitle("Releases")
    @Menu(order = 40, title = "Releases", icon = "vaadin:package")
    @RolesAllowed({Role.CUSTOMER_NAME, Role.PROJECT_MANAGER_NAME})
    public static class ReleasesView extends PlaceholderView {
        public ReleasesView() {
            super("Releases", "Versioned labeled sets of your organization with their quality reports and"
                    + " downloads (LeRobot v3.0, JSON Lines, COCO).", "Arrives with issue #9 (releases).");
        }
    }
}
