package dev.touchstone.organization.ui;

import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.touchstone.organization.AccountService;
import dev.touchstone.organization.CurrentOrganization;
import dev.touchstone.organization.Role;
import dev.touchstone.organization.TouchstoneUser;
import jakarta.annotation.security.PermitAll;

import java.util.stream.Collectors;

@Route("account")
@PageTitle("Account")
@PermitAll
public class AccountView extends VerticalLayout {

    public AccountView(CurrentOrganization current, AccountService accounts) {
        setId("account-view");
        setMaxWidth("40em");
        TouchstoneUser me = current.requireUser();
        add(new H2(me.displayName()), new Paragraph(me.email() + " · " + me.organization().name() + " · "
                + me.roles().stream().map(Role::label).collect(Collectors.joining(", "))));
        if (me.mustChangePassword()) {
            Paragraph notice = new Paragraph("You signed in with a one-time password. Choose your own password"
                    + " to continue.");
            notice.setId("must-change-password");
            notice.addClassName("notice");
            add(notice);
        }
        PasswordChangeForm password = new PasswordChangeForm(accounts, me.email(),
                () -> getChildren().filter(c -> c.getId().filter("must-change-password"::equals).isPresent())
                        .findFirst().ifPresent(this::remove));
        add(new H3("Change password"), password);
    }
}
