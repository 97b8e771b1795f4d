package dev.touchstone.organization.ui;

import dev.touchstone.common.RouteIds;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.CheckboxGroup;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.data.binder.Binder;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.NotFoundException;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouterLink;
import dev.touchstone.organization.Member;
import dev.touchstone.organization.MemberService;
import dev.touchstone.organization.MembershipRuleException;
import dev.touchstone.organization.Role;
import jakarta.annotation.security.RolesAllowed;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/** One member: roles and activation. Ids that are not members of the admin's organization answer 404. */
@Route("admin/users/:userId")
@PageTitle("Member")
@RolesAllowed(Role.ADMIN_NAME)
public class MemberView extends VerticalLayout implements BeforeEnterObserver {

    private final MemberService members;
    private final H2 name = new H2();
    private final Paragraph email = new Paragraph();
    private final Span status = new Span();
    private final CheckboxGroup<Role> roles = new CheckboxGroup<>("Roles");
    private final Button saveRoles = new Button("Save roles");
    private final Button toggleActive = new Button();
    private final Span error = new Span();
    /** The roles field's binder: at least one role, as MemberService requires, before anything is sent. */
    private final Binder<RoleChoice> binder = new Binder<>();
    private final RoleChoice choice = new RoleChoice();
    private Member member;

    /** What the roles field edits. */
    static final class RoleChoice {
        Set<Role> roles = EnumSet.noneOf(Role.class);
    }

    public MemberView(MemberService members) {
        this.members = members;
        setId("member-view");
        name.setId("member-name");
        status.setId("member-status");
        roles.setId("member-roles");
        roles.setItems(Role.values());
        roles.setItemLabelGenerator(Role::label);
        saveRoles.setId("save-roles");
        saveRoles.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        binder.forField(roles)
                .withValidator(chosen -> !chosen.isEmpty(), "Choose at least one role.")
                .bind(c -> c.roles, (c, chosen) -> c.roles = roleSet(chosen));
        saveRoles.addClickListener(click -> {
            if (binder.writeBeanIfValid(choice)) {
                apply(() -> members.changeRoles(member.userId(), choice.roles));
            }
        });
        toggleActive.setId("toggle-active");
        toggleActive.addClickListener(click -> apply(() -> members.setActive(member.userId(), !member.active())));
        error.setId("member-error");
        error.addClassName("form-error");
        add(new RouterLink("← All members", UsersView.class), name, email, status, roles,
                new HorizontalLayout(saveRoles, toggleActive), error);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        Optional<Member> found = RouteIds.uuid(event, "userId")
                .flatMap(members::member);
        if (found.isEmpty()) {
            event.rerouteToError(NotFoundException.class);
            return;
        }
        show(found.get());
    }

    private void apply(java.util.function.Supplier<Member> change) {
        try {
            show(change.get());
            error.setText("");
            Notification.show("Saved");
        } catch (IllegalArgumentException | MembershipRuleException e) {
            error.setText(e.getMessage());
        }
    }

    private void show(Member shown) {
        member = shown;
        name.setText(shown.displayName());
        email.setText(shown.email());
        status.setText(shown.active() ? "Active" : "Deactivated");
        choice.roles = roleSet(shown.roles());
        binder.readBean(choice);
        toggleActive.setText(shown.active() ? "Deactivate" : "Reactivate");
        toggleActive.getThemeNames().clear();
        toggleActive.addThemeVariants(shown.active() ? ButtonVariant.LUMO_ERROR : ButtonVariant.LUMO_SUCCESS);
    }

    private static Set<Role> roleSet(Set<Role> roles) {
        Set<Role> copy = EnumSet.noneOf(Role.class);
        copy.addAll(roles);
        return copy;
    }
}
