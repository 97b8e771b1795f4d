package dev.touchstone.demo;

import dev.touchstone.TouchstoneSpringTest;
import dev.touchstone.organization.OrganizationProvisioning;
import dev.touchstone.organization.Role;
import dev.touchstone.organization.TouchstoneUser;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;

@TouchstoneSpringTest
class DemoDataTest {

    @Autowired
    DemoData demo;
    @Autowired
    UserDetailsService users;
    @Autowired
    PasswordEncoder encoder;
    @Autowired
    OrganizationProvisioning provisioning;
    @Autowired
    DSLContext dsl;

    @Test
    void everyDocumentedLoginWorksAndEveryRoleIsCovered() {
        assertThat(demo.accounts()).hasSize(9);
        java.util.EnumSet<Role> covered = java.util.EnumSet.noneOf(Role.class);
        for (DemoAccount account : demo.accounts()) {
            TouchstoneUser user = (TouchstoneUser) users.loadUserByUsername(account.email());
            assertThat(encoder.matches(account.password(), user.getPassword())).as(account.email()).isTrue();
            if (user.organization().slug().equals("acme")) {
                covered.addAll(user.roles());
            }
        }
        assertThat(covered).containsExactlyInAnyOrder(Role.values());
        assertThat(provisioning.organization("globex")).isPresent();
    }

    @Test
    void seedingTwiceChangesNothing() {
        int organizations = dsl.fetchCount(dsl.selectFrom("organization"));
        int people = dsl.fetchCount(dsl.selectFrom("app_user"));
        demo.run(new DefaultApplicationArguments());
        assertThat(dsl.fetchCount(dsl.selectFrom("organization"))).isEqualTo(organizations);
        assertThat(dsl.fetchCount(dsl.selectFrom("app_user"))).isEqualTo(people);
    }
}
