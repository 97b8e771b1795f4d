package dev.touchstone.shell.ui;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.component.html.Anchor;
import dev.touchstone.audit.AuditEntry;
import dev.touchstone.audit.AuditService;
import dev.touchstone.organization.Member;
import dev.touchstone.organization.MemberService;
import dev.touchstone.organization.OrganizationService;
import dev.touchstone.organization.Role;
import jakarta.annotation.security.RolesAllowed;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** The admin's home: who is in the organization, by role, and what happened lately. */
@Route("admin")
@PageTitle("Organization")
@Menu(order = 10, title = "Organization", icon = "vaadin:building")
@RolesAllowed(Role.ADMIN_NAME)
public class AdminHomeView extends Div {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    public AdminHomeView(OrganizationService organizations, MemberService members, AuditService audit) {
        setId("admin-home");
        addClassName("admin-home");
        add(new H2(organizations.current().name()));

        List<Member> all = members.members();
        Div tiles = new Div();
        tiles.addClassName("tiles");
        tiles.add(tile("members-active", "Active members", all.stream().filter(Member::active).count()));
        tiles.add(tile("members-deactivated", "Deactivated", all.stream().filter(m -> !m.active()).count()));
        for (Role role : Role.values()) {
            tiles.add(tile("role-" + role.name().toLowerCase(), role.label() + "s",
                    all.stream().filter(m -> m.active() && m.roles().contains(role)).count()));
        }
        add(tiles);

        add(new H3("Recent activity"));
        Div recent = new Div();
        recent.setId("recent-activity");
        recent.addClassName("recent-activity");
        for (AuditEntry entry : audit.page(null, 0, 8)) {
            Div line = new Div(new Span(TIME.format(entry.occurredAt())),
                    new Span(entry.actorName() == null ? "system" : entry.actorName()), new Span(entry.action()));
            line.addClassName("activity-line");
            recent.add(line);
        }
        add(recent, new Div(new Anchor("admin/users", "Manage users and roles"),
                new Span(" · "), new Anchor("admin/audit", "Full audit log")));
    }

    private static Div tile(String id, String label, long value) {
        Span number = new Span(Long.toString(value));
        number.addClassName("tile-value");
        Div tile = new Div(number, new Span(label));
        tile.setId("tile-" + id);
        tile.addClassName("tile");
        return tile;
    }
}
