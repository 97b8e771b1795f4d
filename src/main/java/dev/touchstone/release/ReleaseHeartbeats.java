package dev.touchstone.release;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The heartbeats of the builds this server runs: every {@code touchstone.release.heartbeat-interval} (2 s) one
 * statement stamps {@code release.heartbeat_at} of all of them with the database's clock, on a thread of its own so
 * that a long statement or ffmpeg run of a build never delays it. A build whose release is no longer building (another
 * replica found its heartbeat stale and failed it) is told so through {@link Beat#lost()} and stops.
 */
@Component
class ReleaseHeartbeats implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ReleaseHeartbeats.class);

    private final ReleaseRepository releases;
    private final Set<UUID> running = ConcurrentHashMap.newKeySet();
    private final Set<UUID> lost = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer;

    ReleaseHeartbeats(ReleaseRepository releases,
                      @Value("${touchstone.release.heartbeat-interval:2s}") Duration interval) {
        this.releases = releases;
        this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("release-heartbeat")
                .daemon().factory());
        timer.scheduleWithFixedDelay(this::beat, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The build of this release runs on this server from now until {@link Beat#close()}; stamps it at once. */
    Beat start(UUID releaseId) {
        running.add(releaseId);
        lost.remove(releaseId);
        if (releases.heartbeat(List.of(releaseId)).isEmpty()) {
            lost.add(releaseId);
        }
        return new Beat(releaseId);
    }

    /** The releases this server is building now: the detector never fails them, whatever their stamp says. */
    Set<UUID> running() {
        return Set.copyOf(running);
    }

    private void beat() {
        List<UUID> ids = List.copyOf(running);
        if (ids.isEmpty()) {
            return;
        }
        try {
            List<UUID> alive = releases.heartbeat(ids);
            for (UUID id : ids) {
                // Only a build that was still running when the statement returned: one that just ended is no loss.
                if (!alive.contains(id) && running.contains(id)) {
                    lost.add(id);
                }
            }
        } catch (RuntimeException e) {
            // The database is away; the builds will fail on their own statements, or go on once it is back.
            log.warn("Release heartbeat not written: {}", e.toString());
        }
    }

    @Override
    public void destroy() {
        timer.shutdownNow();
    }

    /** One build's heartbeat. */
    final class Beat implements AutoCloseable {

        private final UUID releaseId;

        private Beat(UUID releaseId) {
            this.releaseId = releaseId;
        }

        /** True once the release was found no longer building: someone else failed it, its files are unwanted. */
        boolean lost() {
            return lost.contains(releaseId);
        }

        @Override
        public void close() {
            running.remove(releaseId);
            lost.remove(releaseId);
        }
    }
}
