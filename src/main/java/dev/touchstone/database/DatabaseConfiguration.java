package dev.touchstone.database;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Chooses the database: the external PostgreSQL when {@code touchstone.db.url} is set, otherwise an embedded one.
 * The data source depends on the embedded server, so on shutdown the pool closes first and the server stops after.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DatabaseConfiguration.class);

    @Bean(destroyMethod = "close")
    @ConditionalOnExpression("'${touchstone.db.url:}'.isBlank()")
    EmbeddedDatabase embeddedDatabase(DatabaseProperties properties) {
        EmbeddedDatabase database = properties.ephemeral()
                ? EmbeddedDatabase.ephemeral()
                : EmbeddedDatabase.persistent(properties.embeddedDir());
        log.info("Database: embedded PostgreSQL on 127.0.0.1:{}, data in {}{}", database.port(),
                database.dataDirectory(), properties.ephemeral() ? " (ephemeral, deleted on stop)" : "");
        return database;
    }

    @Bean(destroyMethod = "close")
    HikariDataSource dataSource(DatabaseProperties properties, ObjectProvider<EmbeddedDatabase> embedded) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("touchstone");
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
