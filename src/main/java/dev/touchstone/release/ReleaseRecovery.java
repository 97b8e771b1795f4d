package dev.touchstone.release;

import dev.touchstone.audit.AuditService;
import dev.touchstone.common.WorkFiles;
import dev.touchstone.storage.BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * What a killed build leaves (issue 18 item 10), on start and periodically on every replica that runs the release
 * queue (docs/release/releases.md, "Interrupted builds"):
 * <ul>
 *     <li>{@link #detect()}, every {@code touchstone.release.recovery-interval} (5 s): a building release whose
 *     heartbeat is older than {@code touchstone.release.stale-after} (10 s), or that never started and has no queued
 *     job after a minute, is failed with {@link ReleaseFailure#INTERRUPTED}. Never a build of this server, never one
 *     with a fresh heartbeat: replicas sharing the database keep each other's builds.</li>
 *     <li>{@link #sweep()}, every {@code touchstone.release.sweep-interval} (10 min) and after a detection: the blob
 *     folders {@code releases/<organization>/<release>/} of releases that failed or do not exist (with a killed
 *     write's {@code .tmp-*.part}), and the work folders {@code <data-dir>/work/releases/<organization>/<release>/}
 *     of releases that are not building. Only under organizations of this database, so a blob store or data folder
 *     shared with another database (a mistake, or test JVMs) loses nothing of the other's.</li>
 * </ul>
 * A build is not resumed: its items are immutable and the tasks may have changed since it started, so it cannot
 * start over; the release is made again under a new version.
 */
@Component
class ReleaseRecovery {

    private static final Logger log = LoggerFactory.getLogger(ReleaseRecovery.class);
    /** A release that never started and has no job in the queue: lost between its commit and the queueing. */
    private static final Duration LOST_AFTER = Duration.ofMinutes(1);
    private static final String PREFIX = "releases/";

    private final ReleaseRepository releases;
    private final ReleaseHeartbeats heartbeats;
    private final BlobStore blobs;
    private final AuditService audit;
    private final Path workRoot;
    private final Duration staleAfter;
    private final boolean enabled;

    ReleaseRecovery(ReleaseRepository releases, ReleaseHeartbeats heartbeats, BlobStore blobs, AuditService audit,
                    @Value("${touchstone.data-dir}") Path dataDirectory,
                    @Value("${touchstone.release.stale-after:10s}") Duration staleAfter,
                    @Value("${touchstone.release.run-queue:${touchstone.import.run-queue:true}}") boolean enabled) {
        this.releases = releases;
        this.heartbeats = heartbeats;
        this.blobs = blobs;
        this.audit = audit;
        this.workRoot = ReleaseBuilder.workRoot(dataDirectory);
        this.staleAfter = staleAfter;
        this.enabled = enabled;
    }

    @Scheduled(fixedDelayString = "${touchstone.release.recovery-interval:5s}")
    void scheduledDetect() {
        if (!enabled) {
            return;
        }
        try {
            if (!detect().isEmpty()) {
                sweep();
            }
        } catch (RuntimeException e) {
            log.warn("Looking for interrupted release builds failed; it runs again at the next interval: {}",
                    e.toString());
        }
    }

    @Scheduled(fixedDelayString = "${touchstone.release.sweep-interval:10m}")
    void scheduledSweep() {
        if (!enabled) {
            return;
        }
        try {
            sweep();
        } catch (RuntimeException e) {
            log.warn("Sweeping the files of failed release builds failed; it runs again at the next interval: {}",
                    e.toString());
        }
    }

    /** Fails the building releases whose server died; returns them. */
    List<ReleaseRepository.Interrupted> detect() {
        List<ReleaseRepository.Interrupted> interrupted = releases.failInterrupted(staleAfter.toSeconds(),
                LOST_AFTER.toSeconds(), heartbeats.running(), ReleaseFailure.INTERRUPTED);
        for (ReleaseRepository.Interrupted release : interrupted) {
            log.warn("Release {} (version {}) was building on a server that stopped; marked failed as interrupted",
                    release.id(), release.version());
            audit.recordSystem(release.organizationId(), "release.failed", "release", release.id().toString(),
                    Map.of("project", release.projectId().toString(), "version", release.version(),
                            "error", ReleaseFailure.INTERRUPTED));
        }
        return interrupted;
    }

    /** What one sweep removed: blob folders (with the blobs in them) and work folders. */
    record Swept(int blobFolders, int blobs, int workFolders) {
    }

    /** Removes the blobs and work folders of releases that failed or do not exist; never a building one's. */
    Swept sweep() {
        Set<UUID> here = heartbeats.running();
        int folders = 0;
        int removed = 0;
        List<UUID> organizations;
        try (Stream<String> names = blobs.folders(PREFIX)) {
            organizations = uuids(names.toList());
        }
        for (UUID organization : releases.knownOrganizations(organizations)) {
            String prefix = PREFIX + organization + "/";
            List<UUID> ids;
            try (Stream<String> names = blobs.folders(prefix)) {
                ids = uuids(names.toList());
            }
            Map<UUID, ReleaseState> states = releases.states(ids);
            for (UUID id : ids) {
                ReleaseState state = states.get(id);
                if ((state == null || state == ReleaseState.FAILED) && !here.contains(id)) {
                    removed += blobs.deleteAll(ReleaseBuilder.folder(organization, id));
                    folders++;
                }
            }
        }
        int work = sweepWork(here);
        if (folders + work > 0) {
            log.info("Removed the files of {} failed or missing releases ({} blobs) and {} release work folders",
                    folders, removed, work);
        }
        return new Swept(folders, removed, work);
    }

    /** A work folder outlives its build only when the server was killed; any but a building release's goes. */
    private int sweepWork(Set<UUID> here) {
        Map<Path, UUID> folders = new HashMap<>();
        List<UUID> organizations = uuids(names(workRoot));
        for (UUID organization : releases.knownOrganizations(organizations)) {
            Path root = workRoot.resolve(organization.toString());
            for (String name : names(root)) {
                parse(name).ifPresent(id -> folders.put(root.resolve(name), id));
            }
        }
        // Before issue 18 a build's folder was <work>/releases/release-<id><random>, beside the organizations.
        for (String name : names(workRoot)) {
            if (name.startsWith("release-") && name.length() >= 44) {
                parse(name.substring(8, 44)).ifPresent(id -> folders.put(workRoot.resolve(name), id));
            }
        }
        Map<UUID, ReleaseState> states = releases.states(List.copyOf(Set.copyOf(folders.values())));
        int removed = 0;
        for (Map.Entry<Path, UUID> folder : folders.entrySet()) {
            UUID id = folder.getValue();
            ReleaseState state = states.get(id);
            boolean legacy = folder.getKey().getFileName().toString().startsWith("release-");
            // A legacy name carries no organization: only a release this database knows is judged.
            if (state != ReleaseState.BUILDING && !here.contains(id) && !(legacy && state == null)) {
                WorkFiles.deleteTree(folder.getKey());
                removed++;
            }
        }
        return removed;
    }

    private static List<String> names(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.filter(Files::isDirectory).map(p -> p.getFileName().toString()).toList();
        } catch (IOException e) {
            log.warn("Cannot list release work folders in {}: {}", folder, e.toString());
            return List.of();
        }
    }

    private static List<UUID> uuids(List<String> names) {
        List<UUID> ids = new ArrayList<>();
        names.forEach(name -> parse(name).ifPresent(ids::add));
        return ids;
    }

    private static Optional<UUID> parse(String name) {
        if (name.length() != 36) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(name));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
