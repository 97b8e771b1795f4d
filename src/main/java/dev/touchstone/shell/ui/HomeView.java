package dev.touchstone.shell.ui;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Route;
import dev.touchstone.organization.CurrentOrganization;
import dev.touchstone.organization.Role;
import jakarta.annotation.security.PermitAll;

import java.util.Map;
import java.util.Set;

/** "/" sends each member to the home page of their most senior role in the active organization. */
@Route("")
@PermitAll
public class HomeView extends Div implements BeforeEnterObserver {

    private static final Map<Role, String> HOMES = Map.of(
            Role.ADMIN, "admin",
            Role.PROJECT_MANAGER, "projects",
            Role.QA_LEAD, "review",
            Role.ANNOTATOR, "work",
            Role.CUSTOMER, "releases");

    private final CurrentOrganization current;

    public HomeView(CurrentOrganization current) {
        this.current = current;
    }

    public static String homeOf(Set<Role> roles) {
        return roles.stream().sorted().findFirst().map(HOMES::get).orElse("account");
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        event.forwardTo(homeOf(current.requireUser().roles()));
    }
}
