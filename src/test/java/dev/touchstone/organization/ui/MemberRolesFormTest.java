package dev.touchstone.organization.ui;

import com.vaadin.browserless.SpringBrowserlessTest;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.checkbox.CheckboxGroup;
import com.vaadin.flow.component.html.Span;
import dev.touchstone.SignIn;
import dev.touchstone.TouchstoneSpringTest;
import dev.touchstone.organization.Member;
import dev.touchstone.organization.MemberService;
import dev.touchstone.organization.NewMember;
import dev.touchstone.organization.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A member's roles on the member page without a browser, as the acme admin, against the real MemberService. */
@TouchstoneSpringTest
class MemberRolesFormTest extends SpringBrowserlessTest {

    @Autowired
    SignIn signIn;
    @Autowired
    MemberService members;

    private Member member;

    @BeforeEach
    void aMember() {
        signIn.as("admin@acme.test");
        String email = "roles-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.test";
        members.add(new NewMember(email, "Rolf Roles", Set.of(Role.ANNOTATOR)));
        member = members.members().stream().filter(m -> m.email().equals(email)).findFirst().orElseThrow();
    }

    @AfterEach
    void signOut() {
        signIn.out();
    }

    @Test
    void noRoleIsMarkedOnTheFieldAndTheRolesStay() {
        open();
        @SuppressWarnings("unchecked")
        CheckboxGroup<Role> roles = find(CheckboxGroup.class).withId("member-roles").single();

        roles.clear();
        test(find(Button.class).withId("save-roles").single()).click();

        assertThat(roles.isInvalid()).isTrue();
        assertThat(roles.getErrorMessage()).isEqualTo("Choose at least one role.");
        assertThat(members.member(member.userId()).orElseThrow().roles()).containsExactly(Role.ANNOTATOR);
    }

    @Test
    void chosenRolesAreSaved() {
        open();
        @SuppressWarnings("unchecked")
        CheckboxGroup<Role> roles = find(CheckboxGroup.class).withId("member-roles").single();

        roles.setValue(Set.of(Role.ANNOTATOR, Role.QA_LEAD));
        test(find(Button.class).withId("save-roles").single()).click();

        assertThat(members.member(member.userId()).orElseThrow().roles())
                .containsExactlyInAnyOrder(Role.ANNOTATOR, Role.QA_LEAD);
        assertThat(find(Span.class).withId("member-error").single().getText()).isEmpty();
    }

    private void open() {
        navigate("admin/users/" + member.userId(), MemberView.class);
    }
}
