package dev.touchstone.organization;

import dev.touchstone.SignIn;
import dev.touchstone.TouchstoneSpringTest;
import dev.touchstone.audit.AuditService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Services enforce roles themselves; a view is never the only guard. */
@TouchstoneSpringTest
class RoleSecurityTest {

    @Autowired
    SignIn signIn;

    @Autowired
    MemberService members;
    @Autowired
    AuditService audit;
    @Autowired
    OrganizationService organizations;

    @AfterEach
    void signOut() {
        signIn.out();
    }

    @ParameterizedTest
    @ValueSource(strings = {"pm@acme.test", "qa@acme.test", "annotator@acme.test", "customer@acme.test"})
    void onlyAdminsManageMembersAndReadTheAuditLog(String email) {
        signIn.as(email);
        assertThatThrownBy(() -> members.members()).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> members.setActive(java.util.UUID.randomUUID(), false))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> audit.page(null, 0, 10)).isInstanceOf(AccessDeniedException.class);
        // ...while everything a member may do for themselves still works.
        assertThat(organizations.current().slug()).isEqualTo("acme");
    }

    @Test
    void adminsManageMembers() {
        signIn.as("admin@acme.test");
        assertThat(members.members()).isNotEmpty();
        assertThat(audit.count(null)).isGreaterThanOrEqualTo(0);
    }

    @Test
    void nothingWorksWithoutSigningIn() {
        assertThatThrownBy(() -> organizations.current())
                .isInstanceOf(AuthenticationCredentialsNotFoundException.class);
        assertThatThrownBy(() -> members.members())
                .isInstanceOf(AuthenticationCredentialsNotFoundException.class);
    }
}
