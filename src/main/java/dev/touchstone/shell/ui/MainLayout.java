package dev.touchstone.shell.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.applayout.AppLayout;
import com.vaadin.flow.component.applayout.DrawerToggle;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.Icon;
import com.vaadin.flow.component.menubar.MenuBar;
import com.vaadin.flow.component.menubar.MenuBarVariant;
import com.vaadin.flow.component.contextmenu.MenuItem;
import com.vaadin.flow.component.orderedlayout.Scroller;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.sidenav.SideNav;
import com.vaadin.flow.component.sidenav.SideNavItem;
import com.vaadin.flow.router.AfterNavigationEvent;
import com.vaadin.flow.router.AfterNavigationObserver;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Layout;
import com.vaadin.flow.server.menu.MenuConfiguration;
import com.vaadin.flow.server.menu.MenuEntry;
import com.vaadin.flow.spring.security.AuthenticationContext;
import dev.touchstone.organization.CurrentOrganization;
import dev.touchstone.organization.Organization;
import dev.touchstone.organization.OrganizationService;
import dev.touchstone.organization.SessionPrincipal;
import dev.touchstone.organization.TouchstoneUser;
import jakarta.annotation.security.PermitAll;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Objects;

/**
 * The frame around every signed-in page. The menu comes from the routes' {@code @Menu} annotations, filtered by
 * Vaadin's access control with the same {@code @RolesAllowed} that guards the routes, so a role never sees an entry
 * it cannot open.
 */
@Layout
@PermitAll
public class MainLayout extends AppLayout implements BeforeEnterObserver, AfterNavigationObserver {

    private static final Logger log = LoggerFactory.getLogger(MainLayout.class);

    private final CurrentOrganization current;
    private final OrganizationService organizations;
    private final AuthenticationContext authentication;
    private final SessionPrincipal sessionPrincipal;
    private final H1 pageTitle = new H1();

    public MainLayout(CurrentOrganization current, OrganizationService organizations,
                      AuthenticationContext authentication, SessionPrincipal sessionPrincipal) {
        this.current = current;
        this.organizations = organizations;
        this.authentication = authentication;
        this.sessionPrincipal = sessionPrincipal;
        TouchstoneUser me = current.requireUser();

        pageTitle.setId("page-title");
        pageTitle.addClassName("page-title");
        Div spacer = new Div();
        spacer.addClassName("navbar-spacer");
        addToNavbar(new DrawerToggle(), pageTitle, spacer, organizationPicker(me), userMenu(me));

        Span brand = new Span("Touchstone");
        brand.addClassName("brand");
        SideNav nav = new SideNav();
        nav.setId("main-nav");
        for (MenuEntry entry : MenuConfiguration.getMenuEntries()) {
            nav.addItem(navItem(entry));
        }
        addToDrawer(brand, new Scroller(nav));
        setPrimarySection(Section.DRAWER);
    }

    private static SideNavItem navItem(MenuEntry entry) {
        SideNavItem item = entry.icon() == null
                ? new SideNavItem(entry.title(), entry.path())
                : new SideNavItem(entry.title(), entry.path(), new Icon(entry.icon()));
        item.setId("nav-" + entry.path().replaceAll("[^a-zA-Z0-9]+", "-").replaceAll("^-|-$", ""));
        return item;
    }

    private Component organizationPicker(TouchstoneUser me) {
        List<Organization> mine = organizations.mine();
        if (mine.size() <= 1) {
            Span name = new Span(me.organization().name());
            name.setId("org-name");
            name.addClassName("org-name");
            return name;
        }
        Select<Organization> picker = new Select<>();
        picker.setId("org-switcher");
        picker.setAriaLabel("Organization");
        picker.setItems(mine);
        picker.setItemLabelGenerator(Organization::name);
        picker.setValue(mine.stream().filter(o -> o.id().equals(me.organization().id())).findFirst().orElse(null));
        picker.addValueChangeListener(change -> {
            if (change.isFromClient() && change.getValue() != null
                    && !Objects.equals(change.getValue().id(), me.organization().id())) {
                switchTo(change.getValue());
            }
        });
        return picker;
    }

    /** Installs the principal of the other organization in the session and reloads, so menus and routes follow. */
    private void switchTo(Organization organization) {
        sessionPrincipal.replace(organizations.switchTo(organization.id()));
        UI.getCurrent().getPage().setLocation("/");
    }

    private Component userMenu(TouchstoneUser me) {
        MenuBar menu = new MenuBar();
        menu.setId("user-menu");
        menu.addThemeVariants(MenuBarVariant.LUMO_TERTIARY_INLINE);
        MenuItem root = menu.addItem(me.displayName());
        root.setId("user-menu-root");
        MenuItem account = root.getSubMenu().addItem("Account & password", click -> UI.getCurrent().navigate("account"));
        account.setId("menu-account");
        MenuItem signOut = root.getSubMenu().addItem("Sign out", click -> authentication.logout());
        signOut.setId("menu-sign-out");
        return menu;
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        // A member deactivated (or removed) while signed in loses the session at the next navigation.
        if (!organizations.stillMember()) {
            log.warn("Signing out {}: no active membership in {} any more", current.requireUser().email(),
                    current.requireUser().organization().slug());
            authentication.logout();
            event.forwardTo(LoginView.class);
            return;
        }
        if (current.requireUser().mustChangePassword() && !"account".equals(event.getLocation().getPath())) {
            event.forwardTo("account");
        }
    }

    @Override
    public void afterNavigation(AfterNavigationEvent event) {
        pageTitle.setText(MenuConfiguration.getPageHeader(getContent()).orElse(""));
    }
}
