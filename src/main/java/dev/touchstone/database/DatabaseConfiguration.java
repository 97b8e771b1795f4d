package dev.touchstone.database;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

/**
 * Chooses the database: the external PostgreSQL when {@code touchstone.db.url} is set, otherwise an embedded one.
 * The data source depends on the embedded server, so on shutdown the pool closes first and the server stops after.
 * The embedded server has a watchdog that restarts it when it dies, and turns liveness DOWN when it cannot.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

    private static final long HIKARI_DEFAULT_CONNECTION_TIMEOUT = 30_000;

    private static final Logger log = LoggerFactory.getLogger(DatabaseConfiguration.class);

    /** How often the watchdog looks at the postmaster's PID; a dead server is noticed within this time. */
    static final Duration WATCHDOG_INTERVAL = Duration.ofSeconds(1);
    /** Liveness turns DOWN after this many failed restarts in a row (pauses 1, 2, 4 s: about 10 s of trying). */
    static final int RESTARTS_BEFORE_LIVENESS_DOWN = 3;
    /** The readiness probe's "db" check answers within this time plus 0.5 s. */
    static final Duration HEALTH_CHECK_TIMEOUT = Duration.ofSeconds(2);

    @Bean(destroyMethod = "close")
    @ConditionalOnExpression("'${touchstone.db.url:}'.isBlank()")
    EmbeddedDatabase embeddedDatabase(DatabaseProperties properties) {
        EmbeddedDatabase database = properties.ephemeral()
                ? EmbeddedDatabase.ephemeral()
                : EmbeddedDatabase.persistent(properties.embeddedDir());
        // Spring's shutdown hook closes this bean after the pool and everything that uses it.
        database.stopOnlyOnClose();
        log.info("Database: embedded PostgreSQL on 127.0.0.1:{}, data in {}{}", database.port(),
                database.dataDirectory(), properties.ephemeral() ? " (ephemeral, deleted on stop)" : "");
        return database;
    }

    /** Destroyed before the database (it depends on it), so a normal stop is not taken for a crash. */
    @Bean(destroyMethod = "close")
    @ConditionalOnExpression("'${touchstone.db.url:}'.isBlank()")
    EmbeddedDatabaseWatchdog embeddedDatabaseWatchdog(EmbeddedDatabase database, ApplicationEventPublisher events) {
        return new EmbeddedDatabaseWatchdog(database, WATCHDOG_INTERVAL, Duration.ofSeconds(1), Duration.ofSeconds(30),
                RESTARTS_BEFORE_LIVENESS_DOWN, new EmbeddedDatabaseWatchdog.Listener() {
            @Override
            public void serverUnrecoverable(String reason) {
                log.error("{}; reporting liveness DOWN so that a supervisor restarts Touchstone", reason);
                AvailabilityChangeEvent.publish(events, this, LivenessState.BROKEN);
            }

            @Override
            public void serverRecovered() {
                log.info("The embedded PostgreSQL is back; reporting liveness UP");
                AvailabilityChangeEvent.publish(events, this, LivenessState.CORRECT);
            }
        }).start();
    }

    /**
     * Replaces Spring's "db" health check (same name, so the readiness group keeps including it) with one that
     * answers within {@link #HEALTH_CHECK_TIMEOUT} instead of the pool's 30 s connection timeout.
     */
    @Bean
    HealthIndicator dbHealthIndicator(HikariDataSource dataSource) {
        return new DatabaseHealthIndicator(dataSource.getJdbcUrl(), dataSource.getUsername(),
                dataSource.getPassword(), HEALTH_CHECK_TIMEOUT);
    }

    @Bean(destroyMethod = "close")
    HikariDataSource dataSource(DatabaseProperties properties, ObjectProvider<EmbeddedDatabase> embedded,
                                @Value("${touchstone.db.connection-timeout:10s}") Duration connectionTimeout) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("touchstone");
        // While the database is away every request waits this long for a connection before it answers 503; Hikari's
        // 30 s made an annotator's save hang for half a minute. A Hikari configuration file (hikaricp.configurationFile)
        // that sets its own timeout wins.
        if (config.getConnectionTimeout() == HIKARI_DEFAULT_CONNECTION_TIMEOUT) {
            config.setConnectionTimeout(connectionTimeout.toMillis());
        }
        if (properties.external()) {
            config.setJdbcUrl(properties.url());
            config.setUsername(properties.user());
            config.setPassword(properties.password());
        } else {
            EmbeddedDatabase database = embedded.getObject();
            config.setJdbcUrl(database.jdbcUrl());
            config.setUsername("postgres");
            config.setPassword("postgres");
        }
        HikariDataSource dataSource = new HikariDataSource(config);
        if (properties.external()) {
            log.info("Database: external PostgreSQL {} as user '{}', server {}", redact(properties.url()),
                    properties.user(), serverVersion(dataSource));
        } else {
            log.info("Database: embedded server {}", serverVersion(dataSource));
        }
        return dataSource;
    }

    private static String serverVersion(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            return connection.getMetaData().getDatabaseProductVersion();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot connect to the database: " + e.getMessage(), e);
        }
    }

    /** JDBC URLs may carry a password as a query parameter; never log it. */
    static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&]*", "$1***");
    }
}
