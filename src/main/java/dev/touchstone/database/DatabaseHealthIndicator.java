package dev.touchstone.database;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The readiness probe's database check ("db"), answering within a bound. Spring's own check borrows a pooled
 * connection, and when the server is down the pool waits its full connection timeout (30 s) before it gives up, so
 * the probe hung that long. This one opens a fresh connection with connect, login and socket timeouts and, to hold
 * the bound even if a JDBC URL overrides those, stops waiting after the same time plus a little: the answer is DOWN
 * within about {@code timeout} + 0.5 s. A fresh connection also tests the server itself, not a saturated pool.
 */
final class DatabaseHealthIndicator implements HealthIndicator {

    private static final Executor CHECKS = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("db-health-", 0).factory());

    private final String url;
    private final Properties connectionProperties;
    private final Duration timeout;

    DatabaseHealthIndicator(String url, String user, String password, Duration timeout) {
        this.url = url;
        this.timeout = timeout;
        String seconds = Long.toString(Math.max(1, timeout.toSeconds()));
        connectionProperties = new Properties();
        if (user != null) {
            connectionProperties.setProperty("user", user);
        }
        if (password != null) {
            connectionProperties.setProperty("password", password);
        }
        connectionProperties.setProperty("connectTimeout", seconds);
        connectionProperties.setProperty("loginTimeout", seconds);
        connectionProperties.setProperty("socketTimeout", seconds);
        connectionProperties.setProperty("ApplicationName", "touchstone-health");
    }

    @Override
    public Health health() {
        CompletableFuture<Health> check = CompletableFuture.supplyAsync(this::check, CHECKS);
        try {
            return check.get(timeout.toMillis() + 500, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            check.cancel(true);
            return Health.down().withDetail("error", "no answer within " + timeout.toMillis() + " ms").build();
        } catch (ExecutionException e) {
            return Health.down(e.getCause()).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.down(e).build();
        }
    }

    private Health check() {
        try (Connection connection = DriverManager.getConnection(url, connectionProperties)) {
            if (connection.isValid((int) Math.max(1, timeout.toSeconds()))) {
                return Health.up().withDetail("database", connection.getMetaData().getDatabaseProductName()).build();
            }
            return Health.down().withDetail("error", "the connection did not validate").build();
        } catch (SQLException e) {
            return Health.down(e).build();
        }
    }
}
