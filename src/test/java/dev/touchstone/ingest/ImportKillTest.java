package dev.touchstone.ingest;

import dev.touchstone.TouchstoneSpringTest;
import dev.touchstone.database.EmbeddedDatabase;
import dev.touchstone.dataset.EpisodeStore;
import dev.touchstone.organization.Organization;
import dev.touchstone.organization.OrganizationProvisioning;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static dev.touchstone.ingest.ImportJobTest.samples;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real kill -9: the import command runs in a child JVM against this test's database and data folder, is killed
 * with SIGKILL while it reads its third episode, and this JVM (standing for the replica that stays up) reports the
 * job interrupted with the two episodes it kept, sweeps the dead job's work folder, and a second import of the same
 * folder skips the two and imports the rest.
 */
@TouchstoneSpringTest
class ImportKillTest {

    @Autowired
    EmbeddedDatabase database;
    @Autowired
    OrganizationProvisioning organizations;
    @Autowired
    ImportJobRepository jobs;
    @Autowired
    SystemImports systemImports;
    @Autowired
    ImportSweeper sweeper;
    @Autowired
    EpisodeStore episodes;
    @Value("${touchstone.data-dir}")
    Path dataDirectory;

    @Test
    void aKilledImportIsReportedWithWhatItKeptAndAgainImportsOnlyTheRest(@TempDir Path dir) throws Exception {
        Path folder = Files.createDirectories(dir.resolve("session"));
        Files.writeString(folder.resolve("a.tslines"), samples(10, 1_000_000L));
        Files.writeString(folder.resolve("b.tslines"), samples(20, 1_000_000L));
        // "slow" keeps the third episode reading (with checkpoints) for 30 s: time enough to kill it.
        Files.writeString(folder.resolve("c.tslines"), "a,b\n0,1,2\nslow\n1000,1,2\n");
        String dataset = "killed " + UUID.randomUUID();
        Organization acme = organizations.organization("acme").orElseThrow();

        Path log = dir.resolve("child.log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "-Dtouchstone.db.url=" + database.jdbcUrl(),
                "-Dtouchstone.db.user=postgres", "-Dtouchstone.db.password=postgres",
                "-Dtouchstone.data-dir=" + dataDirectory,
                "dev.touchstone.TouchstoneApplication", "import", "--org", "acme", "--dataset", dataset,
                folder.toString()));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        ImportJob job;
        try {
            job = awaitJob(acme.id(), dataset, j -> j.state() == ImportState.RUNNING && j.episodesDone() == 2
                    && j.progressMessage().contains("Episode 3 of 3"), Duration.ofSeconds(180), child, log);
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no finally block, no report
        }
        assertThat(child.waitFor()).isEqualTo(137);
        long killed = System.nanoTime();

        ImportJob failed = awaitJob(acme.id(), dataset, ImportJob::finished, Duration.ofSeconds(40), null, log);
        double seconds = (System.nanoTime() - killed) / 1e9;

        assertThat(failed.id()).isEqualTo(job.id());
        assertThat(failed.state()).isEqualTo(ImportState.FAILED);
        assertThat(failed.episodesDone()).isEqualTo(2);
        assertThat(failed.error()).startsWith("Interrupted: the server stopped while importing; 2 episodes were kept.");
        assertThat(seconds).as("seconds from the kill to Failed").isLessThan(20);
        System.out.printf("kill -9 to Failed: %.1f s%n", seconds);

        Path work = episodes.workRoot().resolve("job-" + job.id());
        assertThat(work).as("the killed process's work folder survives it").exists();
        sweeper.sweep(Duration.ZERO, Set::of);
        assertThat(work).as("and is swept: its job is dead").doesNotExist();

        // Fixed, and imported again: the two kept episodes are skipped, the third is imported.
        Files.writeString(folder.resolve("c.tslines"), samples(5, 1_000_000L));
        ImportJob again = systemImports.importPaths("acme", dataset, List.of(folder), line -> {
        }).getFirst();
        assertThat(again.state()).isEqualTo(ImportState.SUCCEEDED);
        assertThat(again.episodesSkipped()).isEqualTo(2);
        assertThat(again.episodesDone()).isEqualTo(1);
    }

    private ImportJob awaitJob(UUID organizationId, String dataset, java.util.function.Predicate<ImportJob> condition,
                               Duration timeout, Process child, Path log) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<ImportJob> job = jobs.jobs(organizationId, null, 200).stream()
                    .filter(j -> j.datasetName().equals(dataset)).findFirst();
            if (job.isPresent() && condition.test(job.get())) {
                return job.get();
            }
            if (child != null && !child.isAlive()) {
                throw new AssertionError("the import command exited (" + child.exitValue() + ") before it was "
                        + "killed: " + Files.readString(log));
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached within " + timeout + ": " + job + "\n" + Files.readString(log));
            }
            Thread.sleep(100);
        }
    }
}
