package dev.touchstone.cli;

import dev.touchstone.ingest.SystemImports;
import dev.touchstone.ingest.ImportJob;
import dev.touchstone.ingest.ImportState;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code java -jar touchstone.jar import --org ORG --dataset NAME PATH...}: bulk imports without the web UI.
 * Starts the application without a web server (no port is bound, so it runs beside a server on SERVER_PORT; no import
 * queue, no demo episodes), imports each path into the dataset (created when missing) and exits non-zero when any
 * episode failed.
 */
public final class ImportCommand {

    static final String USAGE = """
            Usage: java -jar touchstone.jar import --org ORG --dataset NAME PATH...
              Imports recordings (MCAP, LeRobot folders, HDF5, PCD/PLY, MP4, Touchstone bundles, or folders of
              them) into the dataset NAME of organization ORG (its slug), creating the dataset when missing.
              Uses the same database and storage settings as the server (TOUCHSTONE_DB_URL, TOUCHSTONE_DATA_DIR,
              TOUCHSTONE_STORAGE_TYPE, ...). Stop a server using the embedded database first.
            Exit codes: 0 all imported, 1 some episodes failed, 2 bad arguments or setup.""";

    /** Vaadin's auto-configuration needs a servlet context, which an application without a web server lacks. */
    private static final String VAADIN_AUTOCONFIGURATION = "com.vaadin.flow.spring.SpringBootAutoConfiguration,"
            + "com.vaadin.flow.spring.SpringSecurityAutoConfiguration";

    private ImportCommand() {
    }

    public static int run(String[] args, Class<?> application, PrintStream out, PrintStream err) {
        String organization = null;
        String dataset = null;
        List<Path> paths = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--org" -> organization = i + 1 < args.length ? args[++i] : null;
                case "--dataset" -> dataset = i + 1 < args.length ? args[++i] : null;
                case "--help", "-h" -> {
                    out.println(USAGE);
                    return 0;
                }
                default -> {
                    if (args[i].startsWith("--")) {
                        err.println("Unknown option " + args[i] + "\n" + USAGE);
                        return 2;
                    }
                    paths.add(Path.of(args[i]));
                }
            }
        }
        if (organization == null || organization.isBlank() || dataset == null || dataset.isBlank()
                || paths.isEmpty()) {
            err.println("import needs --org, --dataset and at least one path\n" + USAGE);
            return 2;
        }
        // Passed as command-line arguments, not as default properties: application.properties sets server.port and
        // the demo episodes, and defaults lose to it, which is how this command once bound port 8080.
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(application)
                .web(WebApplicationType.NONE)
                .run("--spring.autoconfigure.exclude=" + VAADIN_AUTOCONFIGURATION,
                        "--touchstone.import.run-queue=false", "--touchstone.demo.episodes=0",
                        "--spring.main.banner-mode=off", "--logging.level.root=WARN",
                        "--logging.level.dev.touchstone=WARN",
                        // It warns that the throttled sign-in provider replaces the user service; nobody signs in here.
                        "--logging.level.org.springframework.security.config.annotation.authentication"
                                + ".configuration.InitializeUserDetailsBeanManagerConfigurer=ERROR")) {
            List<ImportJob> jobs = context.getBean(SystemImports.class)
                    .importPaths(organization, dataset, paths, out::println);
            int failed = 0;
            for (ImportJob job : jobs) {
                out.println(job.state().label() + ": " + job.episodesDone() + " episodes imported"
                        + (job.episodesFailed() > 0 ? ", " + job.episodesFailed() + " failed" : "")
                        + (job.episodesSkipped() > 0 ? ", " + job.episodesSkipped() + " skipped (already imported)"
                        : "")
                        + " from " + job.source());
                job.notes().forEach(note -> out.println("  " + note));
                if (job.state() != ImportState.SUCCEEDED) {
                    failed++;
                    if (job.error() != null) {
                        err.println("Error: " + job.error());
                    }
                }
            }
            return failed == 0 ? 0 : 1;
        } catch (IllegalArgumentException e) {
            err.println("Error: " + e.getMessage());
            return 2;
        } catch (RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            err.println("Error: could not start the import: " + root.getMessage());
            return 2;
        }
    }
}
