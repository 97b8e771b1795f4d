package dev.touchstone.database;

import dev.touchstone.TouchstoneSpringTest;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@TouchstoneSpringTest
class MigrationTest {

    @Autowired
    DSLContext dsl;

    @Test
    void migrationsRanOnPostgreSql18() {
        assertThat(dsl.fetchSingle("show server_version").get(0, String.class)).startsWith("18.");
        assertThat(dsl.fetchSingle("select count(*) from flyway_schema_history where success").get(0, Integer.class))
                .isGreaterThanOrEqualTo(1);
        assertThat(dsl.meta().getTables().stream().map(t -> t.getName()))
                .contains("organization", "app_user", "membership", "login_throttle", "audit_event");
    }

    @Test
    void theAuditLogIsAppendOnly() {
        dsl.execute("insert into audit_event (action) values ('test.append-only')");
        // jOOQ's and Spring's exception types both occur depending on the statement; the database's refusal is
        // what matters.
        assertThatThrownBy(() -> dsl.execute("update audit_event set action = 'rewritten'"))
                .hasMessageContaining("audit_event is append-only (UPDATE refused)");
        assertThatThrownBy(() -> dsl.execute("delete from audit_event"))
                .hasMessageContaining("audit_event is append-only (DELETE refused)");
        assertThat(dsl.fetchCount(dsl.selectFrom("audit_event").where("action = 'test.append-only'"))).isEqualTo(1);
    }

    @Test
    void rolesOutsideTheKnownSetAreRejectedByTheSchema() {
        assertThatThrownBy(() -> dsl.execute("""
                insert into membership (organization_id, user_id, roles)
                select o.id, u.id, array['SUPERUSER'] from organization o, app_user u limit 1"""))
                .hasMessageContaining("membership_roles_check");
    }
}
