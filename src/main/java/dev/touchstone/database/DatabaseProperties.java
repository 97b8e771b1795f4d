package dev.touchstone.database;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;

/**
 * @param url           JDBC URL of an external PostgreSQL; blank means "start the embedded one"
 * @param user          user for the external database
 * @param password      password for the external database
 * @param embeddedDir   data directory of the embedded PostgreSQL; survives restarts
 * @param ephemeral     embedded data in a throw-away directory (tests)
 */
@ConfigurationProperties("touchstone.db")
public record DatabaseProperties(String url, String user, String password, Path embeddedDir, boolean ephemeral) {

    public boolean external() {
        return url != null && !url.isBlank();
    }
}
