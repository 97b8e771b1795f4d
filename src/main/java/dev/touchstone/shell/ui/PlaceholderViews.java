package dev.touchstone.shell.ui;

import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.touchstone.organization.Role;
import jakarta.annotation.security.RolesAllowed;

/** Home pages and menu entries of the roles whose features later issues build. */
final class PlaceholderViews {

    private PlaceholderViews() {
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
