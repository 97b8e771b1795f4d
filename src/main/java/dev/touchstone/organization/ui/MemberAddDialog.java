package dev.touchstone.organization.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.CheckboxGroup;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.EmailField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.binder.Binder;
import dev.touchstone.organization.MemberAddition;
import dev.touchstone.organization.MemberService;
import dev.touchstone.organization.NewMember;
import dev.touchstone.organization.Role;

import java.util.EnumSet;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The "Add a member" dialog: e-mail, name and roles. A {@link Binder} requires an e-mail address and a role, with
 * {@link MemberService#add}'s wording, on the fields; whether the person is a member already, or needs a name
 * because they have no account yet, only the service knows, and its refusal shows in {@code new-member-error}.
 */
class MemberAddDialog extends Dialog {

    private static final String BAD_EMAIL = "Enter a valid e-mail address.";

    /** What the fields edit. */
    static final class Draft {
        String email = "";
        String name = "";
        Set<Role> roles = EnumSet.noneOf(Role.class);
    }

    final EmailField email = new EmailField("E-mail");
    final TextField name = new TextField("Name");
    final CheckboxGroup<Role> roles = new CheckboxGroup<>("Roles");
    final Span error = new Span();
    final Button save = new Button("Add");

    private final Binder<Draft> binder = new Binder<>();
    private final Draft draft = new Draft();
    private final MemberService members;
    private final Consumer<MemberAddition> added;

    /** @param added called with the addition after the dialog closed (the page refreshes, shows a one-time password) */
    MemberAddDialog(MemberService members, Consumer<MemberAddition> added) {
        this.members = members;
        this.added = added;
        setHeaderTitle("Add a member");
        email.setId("new-member-email");
        name.setId("new-member-name");
        name.setHelperText("Not needed when the person already has a Touchstone account");
        roles.setId("new-member-roles");
        roles.setItems(Role.values());
        roles.setItemLabelGenerator(Role::label);
        // The e-mail field's own pattern check would answer first, with an empty message.
        binder.setDefaultValidatorsEnabled(false);
        binder.forField(email).asRequired(BAD_EMAIL)
                .withValidator(v -> MemberService.EMAIL.matcher(v.trim()).matches(), BAD_EMAIL)
                .bind(d -> d.email, (d, v) -> d.email = v);
        binder.forField(name).bind(d -> d.name, (d, v) -> d.name = v);
        binder.forField(roles).asRequired("Choose at least one role.")
                .bind(d -> d.roles, (d, v) -> d.roles = v.isEmpty() ? EnumSet.noneOf(Role.class) : EnumSet.copyOf(v));
        binder.readBean(draft);

        error.setId("new-member-error");
        error.addClassName("form-error");
        save.setId("new-member-save");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.setDisableOnClick(true);
        save.addClickListener(click -> add());
        add(new VerticalLayout(email, name, roles, error));
        getFooter().add(new Button("Cancel", click -> close()), save);
    }

    /** Adds only from a valid form: otherwise the binder has marked the fields and nothing is sent. */
    private void add() {
        save.setEnabled(true);
        error.setText("");
        if (!binder.writeBeanIfValid(draft)) {
            return;
        }
        MemberAddition addition;
        try {
            addition = members.add(new NewMember(draft.email, draft.name, draft.roles));
        } catch (IllegalArgumentException e) {
            error.setText(e.getMessage());
            return;
        }
        close();
        added.accept(addition);
    }
}
