package dev.touchstone.organization.ui;

import com.vaadin.browserless.SpringBrowserlessTest;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.Span;
import dev.touchstone.SignIn;
import dev.touchstone.TouchstoneSpringTest;
import dev.touchstone.organization.Member;
import dev.touchstone.organization.MemberService;
import dev.touchstone.organization.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The "Add a member" dialog without a browser, as the acme admin, against the real MemberService. */
@TouchstoneSpringTest
class MemberAddDialogTest extends SpringBrowserlessTest {

    @Autowired
    SignIn signIn;
    @Autowired
    MemberService members;

    @BeforeEach
    void signInAsAdmin() {
        signIn.as("admin@acme.test");
    }

    @AfterEach
    void signOut() {
        signIn.out();
    }

    @Test
    void aBadAddressAndNoRoleAreMarkedOnTheirFieldsAndNobodyIsAdded() {
        int before = members.members().size();
        MemberAddDialog dialog = openDialog();

        test(dialog.email).setValue("not-an-address");
        test(dialog.save).click();

        assertThat(dialog.email.getErrorMessage()).isEqualTo("Enter a valid e-mail address.");
        assertThat(dialog.roles.getErrorMessage()).isEqualTo("Choose at least one role.");
        assertThat(dialog.isOpened()).isTrue();
        assertThat(members.members()).hasSize(before);
    }

    @Test
    void aNewPersonWithoutANameIsRefusedWithTheServicesReason() {
        MemberAddDialog dialog = openDialog();

        test(dialog.email).setValue("nameless-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.test");
        dialog.roles.setValue(Set.of(Role.CUSTOMER));
        test(dialog.save).click();

        assertThat(dialog.error.getText()).isEqualTo("Enter the person's name.");
        assertThat(dialog.isOpened()).isTrue();
    }

    @Test
    void aValidMemberIsAddedAndTheirOneTimePasswordShown() {
        String email = "added-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.test";
        MemberAddDialog dialog = openDialog();

        test(dialog.email).setValue(email);
        test(dialog.name).setValue("Ada Added");
        dialog.roles.setValue(Set.of(Role.ANNOTATOR));
        test(dialog.save).click();

        Member added = members.members().stream().filter(m -> m.email().equals(email)).findFirst().orElseThrow();
        assertThat(added.roles()).containsExactly(Role.ANNOTATOR);
        assertThat(dialog.isOpened()).isFalse();
        assertThat(find(Span.class).withId("one-time-password").single().getText()).hasSizeGreaterThanOrEqualTo(12);
    }

    private MemberAddDialog openDialog() {
        navigate(UsersView.class);
        test(findInView(Button.class).withId("add-member").single()).click();
        return find(MemberAddDialog.class).single();
    }
}
