package dev.touchstone.database;

import dev.touchstone.demo.DemoData;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With TOUCHSTONE_DB_URL set, the application uses that PostgreSQL: it starts no embedded server, migrates the
 * external schema, and seeds no demo data unless asked to. A separately started PostgreSQL 18 plays the external
 * server.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@DirtiesContext
class ExternalDatabaseTest {

    static final EmbeddedDatabase EXTERNAL = EmbeddedDatabase.ephemeral();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(EXTERNAL::close));
    }

    @DynamicPropertySource
    static void externalDatabase(DynamicPropertyRegistry registry) {
        registry.add("touchstone.db.url", () -> "jdbc:postgresql://localhost:" + EXTERNAL.port() + "/postgres");
        registry.add("touchstone.db.user", () -> "postgres");
        registry.add("touchstone.db.password", () -> "postgres");
        registry.add("touchstone.demo", () -> "");
    }

    @Autowired
    ApplicationContext context;
    @Autowired
    DemoData demo;

    @Test
    void usesTheExternalServerAndStartsNoEmbeddedOne() throws Exception {
        assertThat(context.getBeansOfType(EmbeddedDatabase.class)).isEmpty();
        try (Connection connection = DriverManager.getConnection(EXTERNAL.jdbcUrl());
             ResultSet tables = connection.createStatement().executeQuery(
                     "select count(*) from information_schema.tables where table_name in"
                             + " ('organization', 'app_user', 'membership', 'audit_event')")) {
            tables.next();
            assertThat(tables.getInt(1)).isEqualTo(4);
        }
    }

    @Test
    void demoModeIsOffWithAnExternalDatabase() throws Exception {
        assertThat(demo.enabled()).isFalse();
        assertThat(demo.accounts()).isEmpty();
        try (Connection connection = DriverManager.getConnection(EXTERNAL.jdbcUrl());
             ResultSet organizations = connection.createStatement()
                     .executeQuery("select count(*) from organization")) {
            organizations.next();
            assertThat(organizations.getInt(1)).isZero();
        }
    }
}
