/**
 * Where the data lives: an embedded PostgreSQL 18 with a persistent data directory when no external database is
 * configured, or the external PostgreSQL named by {@code TOUCHSTONE_DB_URL}. Everything else only sees a
 * {@link javax.sql.DataSource}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Database", allowedDependencies = {})
package dev.touchstone.database;
