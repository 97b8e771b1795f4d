package dev.touchstone.organization.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.touchstone.organization.Member;
import dev.touchstone.organization.MemberService;
import dev.touchstone.organization.Role;
import jakarta.annotation.security.RolesAllowed;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

@Route("admin/users")
@PageTitle("Users and roles")
@Menu(order = 11, title = "Users and roles", icon = "vaadin:users")
@RolesAllowed(Role.ADMIN_NAME)
public class UsersView extends VerticalLayout {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd")
            .withZone(ZoneId.systemDefault());

    private final MemberService members;
    private final Grid<Member> grid = new Grid<>();

    public UsersView(MemberService members) {
        this.members = members;
        setSizeFull();
        Button add = new Button("Add member", click -> openAddDialog());
        add.setId("add-member");
        add.addThemeVariants(ButtonVariant.LUMO_PRIMARY);

        grid.setId("members-grid");
        grid.addColumn(Member::displayName).setHeader("Name").setSortable(true).setAutoWidth(true);
        grid.addColumn(Member::email).setHeader("E-mail").setSortable(true).setAutoWidth(true);
        grid.addComponentColumn(m -> RoleBadges.of(m.roles())).setHeader("Roles").setAutoWidth(true);
        grid.addColumn(m -> m.active() ? "Active" : "Deactivated").setHeader("Status").setSortable(true);
        grid.addColumn(m -> DATE.format(m.joinedAt())).setHeader("Member since");
        grid.addItemClickListener(click -> getUI().ifPresent(ui ->
                ui.navigate(MemberView.class, new com.vaadin.flow.router.RouteParameters("userId",
                        click.getItem().userId().toString()))));
        grid.setSizeFull();
        add(new HorizontalLayout(add), grid);
        refresh();
    }

    private void refresh() {
        grid.setItems(members.members());
    }

    private void openAddDialog() {
        new MemberAddDialog(members, added -> {
            refresh();
            added.oneTimePassword().ifPresent(password -> showOneTimePassword(added.member(), password));
        }).open();
    }

    private static void showOneTimePassword(Member member, String password) {
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle("Account created");
        Span secret = new Span(password);
        secret.setId("one-time-password");
        secret.addClassName("secret");
        dialog.add(new Div(new Paragraph("Give " + member.email() + " this one-time password. It is shown only"
                + " now; they must choose their own password at first sign-in."), secret));
        Button done = new Button("Done", click -> dialog.close());
        done.setId("one-time-password-done");
        dialog.getFooter().add(done);
        dialog.open();
    }
}
