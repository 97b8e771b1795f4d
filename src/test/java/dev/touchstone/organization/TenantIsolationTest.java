package dev.touchstone.organization;

import dev.touchstone.SignIn;
import dev.touchstone.TouchstoneSpringTest;
import dev.touchstone.audit.AuditEntry;
import dev.touchstone.audit.AuditService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.EnumSet;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Two organizations, two admins: each sees, finds and changes only its own organization's rows. */
@TouchstoneSpringTest
class TenantIsolationTest {

    @Autowired
    SignIn signIn;

    @Autowired
    MemberService members;
    @Autowired
    OrganizationService organizations;
    @Autowired
    AuditService audit;

    @AfterEach
    void signOut() {
        signIn.out();
    }

    private List<Member> membersAs(String email) {
        signIn.as(email);
        return members.members();
    }

    @Test
    void eachAdminListsOnlyTheirOwnOrganization() {
        List<String> acme = membersAs("admin@acme.test").stream().map(Member::email).toList();
        List<String> globex = membersAs("admin@globex.test").stream().map(Member::email).toList();

        assertThat(acme).contains("admin@acme.test", "pm@acme.test", "contractor@touchstone.test")
                .doesNotContain("admin@globex.test", "annotator@globex.test");
        // Other tests may add people to Globex (the database is shared); Acme's own staff must never show up.
        assertThat(globex).contains("admin@globex.test", "annotator@globex.test", "contractor@touchstone.test")
                .doesNotContain("admin@acme.test", "pm@acme.test", "qa@acme.test", "annotator@acme.test",
                        "customer@acme.test");
    }

    @Test
    void idsOfAnotherOrganizationAreNotFoundAndCannotBeChanged() {
        UUID globexAnnotator = membersAs("admin@globex.test").stream()
                .filter(m -> m.email().equals("annotator@globex.test")).findFirst().orElseThrow().userId();

        signIn.as("admin@acme.test");
        assertThat(members.member(globexAnnotator)).isEmpty();
        assertThatThrownBy(() -> members.changeRoles(globexAnnotator, EnumSet.of(Role.ADMIN)))
                .isInstanceOf(NotFoundInOrganizationException.class);
        assertThatThrownBy(() -> members.setActive(globexAnnotator, false))
                .isInstanceOf(NotFoundInOrganizationException.class);

        signIn.as("admin@globex.test");
        Member untouched = members.member(globexAnnotator).orElseThrow();
        assertThat(untouched.roles()).containsExactly(Role.ANNOTATOR);
        assertThat(untouched.active()).isTrue();
    }

    @Test
    void aSharedMemberHasSeparateRolesPerOrganization() {
        UUID contractor = membersAs("admin@acme.test").stream()
                .filter(m -> m.email().equals("contractor@touchstone.test")).findFirst().orElseThrow().userId();
        assertThat(members.member(contractor).orElseThrow().roles()).containsExactly(Role.ANNOTATOR);
        signIn.as("admin@globex.test");
        assertThat(members.member(contractor).orElseThrow().roles()).containsExactly(Role.QA_LEAD);
    }

    @Test
    void theAuditLogOfOneOrganizationHoldsNothingOfTheOther() {
        signIn.as("admin@globex.test");
        Organization globex = organizations.current();
        audit.record("test.isolation-marker", "organization", globex.id().toString(), java.util.Map.of());

        signIn.as("admin@acme.test");
        List<AuditEntry> acmeLog = audit.page(null, 0, 500);
        assertThat(acmeLog).noneMatch(e -> e.action().equals("test.isolation-marker"));
        signIn.as("admin@globex.test");
        assertThat(audit.page("test.isolation-marker", 0, 10)).isNotEmpty();
    }

    @Test
    void switchingIsOnlyPossibleIntoOwnOrganizations() {
        signIn.as("admin@globex.test");
        UUID globexId = organizations.current().id();
        signIn.as("admin@acme.test");
        assertThat(organizations.mine()).extracting(Organization::slug).containsExactly("acme");
        assertThatThrownBy(() -> organizations.switchTo(globexId)).isInstanceOf(NotFoundInOrganizationException.class);

        signIn.as("contractor@touchstone.test");
        assertThat(organizations.mine()).extracting(Organization::slug).containsExactly("acme", "globex");
        TouchstoneUser inGlobex = organizations.switchTo(globexId);
        assertThat(inGlobex.organization().slug()).isEqualTo("globex");
        assertThat(inGlobex.roles()).containsExactly(Role.QA_LEAD);
    }
}
