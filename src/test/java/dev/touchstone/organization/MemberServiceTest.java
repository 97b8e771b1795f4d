package dev.touchstone.organization;

import dev.touchstone.SignIn;
import dev.touchstone.TouchstoneSpringTest;
import dev.touchstone.audit.AuditEntry;
import dev.touchstone.audit.AuditService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;

import java.util.EnumSet;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@TouchstoneSpringTest
class MemberServiceTest {

    @Autowired
    SignIn signIn;

    @Autowired
    UserDetailsService users;
    @Autowired
    MemberService members;
    @Autowired
    AuditService audit;
    @Autowired
    PasswordEncoder encoder;
    @Autowired
    OrganizationProvisioning provisioning;

    @BeforeEach
    void signInAsAdmin() {
        signIn.as("admin@acme.test");
    }

    @AfterEach
    void signOut() {
        signIn.out();
    }

    private static String uniqueEmail() {
        return "new-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.test";
    }

    @Test
    void aNewAccountGetsAOneTimePasswordThatMustBeChanged() {
        String email = uniqueEmail();
        MemberAddition added = members.add(new NewMember(email, "Nia New", EnumSet.of(Role.ANNOTATOR)));

        assertThat(added.oneTimePassword()).isPresent();
        assertThat(added.member().roles()).containsExactly(Role.ANNOTATOR);
        TouchstoneUser loaded = (TouchstoneUser) users.loadUserByUsername(email.toUpperCase());
        assertThat(encoder.matches(added.oneTimePassword().get(), loaded.getPassword())).isTrue();
        assertThat(loaded.mustChangePassword()).isTrue();
        assertThat(loaded.organization().slug()).isEqualTo("acme");
        assertThat(lastAudit("user.created").targetId()).isEqualTo(added.member().userId().toString());
    }

    @Test
    void anExistingAccountJoinsWithItsOwnPassword() {
        String email = uniqueEmail();
        provisioning.addMember(provisioning.organization("acme").orElseThrow(), email, "Ext Isting",
                "existing-password-1", EnumSet.of(Role.ANNOTATOR));
        signIn.as("admin@globex.test");
        MemberAddition added = members.add(new NewMember(email, "", EnumSet.of(Role.CUSTOMER)));
        assertThat(added.oneTimePassword()).isEmpty();
        assertThat(lastAudit("member.added").targetId()).isEqualTo(added.member().userId().toString());
        assertThatThrownBy(() -> members.add(new NewMember(email, "", EnumSet.of(Role.CUSTOMER))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already a member");
    }

    @Test
    void badInputIsRefusedWithAReason() {
        assertThatThrownBy(() -> members.add(new NewMember("not-an-email", "X", EnumSet.of(Role.ANNOTATOR))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("e-mail");
        assertThatThrownBy(() -> members.add(new NewMember(uniqueEmail(), "X", EnumSet.noneOf(Role.class))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("role");
        assertThatThrownBy(() -> members.add(new NewMember(uniqueEmail(), " ", EnumSet.of(Role.ANNOTATOR))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name");
    }

    @Test
    void roleChangesAreAppliedAndAudited() {
        UUID id = members.add(new NewMember(uniqueEmail(), "Rae Roles", EnumSet.of(Role.ANNOTATOR)))
                .member().userId();
        Member changed = members.changeRoles(id, EnumSet.of(Role.ANNOTATOR, Role.QA_LEAD));
        assertThat(changed.roles()).containsExactlyInAnyOrder(Role.ANNOTATOR, Role.QA_LEAD);
        AuditEntry entry = lastAudit("member.roles.changed");
        assertThat(entry.targetId()).isEqualTo(id.toString());
        assertThat(entry.details()).contains("QA_LEAD").contains("before");
        assertThat(entry.actorName()).isEqualTo("admin@acme.test");
    }

    @Test
    void aDeactivatedMemberCannotSignInToThatOrganization() {
        String email = uniqueEmail();
        UUID id = members.add(new NewMember(email, "Dee Active", EnumSet.of(Role.ANNOTATOR))).member().userId();
        members.setActive(id, false);
        assertThat(members.member(id).orElseThrow().active()).isFalse();
        assertThat(users.loadUserByUsername(email).isEnabled()).isFalse();
        assertThat(lastAudit("member.deactivated").targetId()).isEqualTo(id.toString());

        members.setActive(id, true);
        assertThat(users.loadUserByUsername(email).isEnabled()).isTrue();
    }

    @Test
    void theLastActiveAdminCannotBeRemoved() {
        Organization solo = provisioning.createOrganization("solo-" + UUID.randomUUID().toString().substring(0, 6),
                "Solo");
        String email = "admin-" + solo.slug() + "@solo.test";
        UUID admin = provisioning.addMember(solo, email, "Only Admin", "a-long-enough-password", EnumSet.of(Role.ADMIN));
        signIn.as(email);
        assertThatThrownBy(() -> members.changeRoles(admin, EnumSet.of(Role.ANNOTATOR)))
                .isInstanceOf(MembershipRuleException.class).hasMessageContaining("at least one active admin");
        assertThatThrownBy(() -> members.setActive(admin, false)).isInstanceOf(MembershipRuleException.class);
        assertThat(members.member(admin).orElseThrow().roles()).containsExactly(Role.ADMIN);
    }

    private AuditEntry lastAudit(String action) {
        return audit.page(action, 0, 1).getFirst();
    }
}
