package dev.touchstone.ingest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Tells a running import from one whose process died. Every process writes the heartbeat of the imports it runs
 * every {@link #HEARTBEAT}; every process (each replica, the command line) looks every {@link #DETECT_EVERY} for
 * running imports whose heartbeat is older than {@link #STALE} and marks them FAILED, saying how many episodes were
 * kept. A kill -9 therefore shows as "Failed" 10-13 s later on any replica that is up, or a few seconds after the
 * next start. A job with a fresh heartbeat is never touched, whoever runs it.
 * <p>
 * An interrupted import is not resumed: it ends FAILED and the owner starts it again, which skips the episodes it
 * kept ({@link SourceKeys}). Resuming by itself would repeat whatever killed the process (a recording that exhausts
 * memory would take down every replica in turn).
 * <p>
 * The same thread sweeps what dead imports left behind ({@link ImportSweeper}), at start and every
 * {@code touchstone.import.sweep-interval}.
 */
@Component
class ImportWatchdog implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ImportWatchdog.class);

    static final Duration HEARTBEAT = Duration.ofSeconds(2);
    static final Duration STALE = Duration.ofSeconds(10);
    static final Duration DETECT_EVERY = Duration.ofSeconds(3);

    private final ImportJobRepository jobs;
    private final ImportSweeper sweeper;
    private final ApplicationEventPublisher events;
    private final Duration sweepInterval;
    private final Duration orphanGrace;
    private final Set<UUID> runningHere = ConcurrentHashMap.newKeySet();
    /** The heartbeat has a thread of its own: a slow detector or sweep must never make our jobs look dead. */
    private volatile ScheduledExecutorService beats;
    private volatile ScheduledExecutorService executor;

    ImportWatchdog(ImportJobRepository jobs, ImportSweeper sweeper, ApplicationEventPublisher events,
                   @Value("${touchstone.import.sweep-interval:10m}") Duration sweepInterval,
                   @Value("${touchstone.import.orphan-grace:10m}") Duration orphanGrace) {
        this.jobs = jobs;
        this.sweeper = sweeper;
        this.events = events;
        this.sweepInterval = sweepInterval;
        this.orphanGrace = orphanGrace;
    }

    /** The runner took this job: its heartbeat is written from now on. */
    void started(UUID jobId) {
        runningHere.add(jobId);
    }

    /** The runner is done with this job (finished, or its thread died): no more heartbeats. */
    void ended(UUID jobId) {
        runningHere.remove(jobId);
    }

    Set<UUID> runningHere() {
        return Set.copyOf(runningHere);
    }

    void heartbeat() {
        Set<UUID> mine = runningHere();
        if (mine.isEmpty()) {
            return;
        }
        try {
            Set<UUID> still = jobs.heartbeat(mine);
            for (UUID id : mine) {
                if (!still.contains(id) && runningHere.contains(id)) {
                    // Finished meanwhile, or another replica found our heartbeat late and marked it interrupted;
                    // the runner stops at its next checkpoint either way.
                    log.debug("Import job {} is no longer running; its heartbeat stops", id);
                }
            }
        } catch (RuntimeException e) {
            log.warn("Could not write the heartbeat of imports {}: {}", mine, e.getMessage());
        }
    }

    /** Marks every running import without a live runner as FAILED; returns how many it marked. */
    int detect() {
        int marked = 0;
        for (ImportJobRepository.RunnableJob job : jobs.staleJobs(STALE)) {
            if (runningHere.contains(job.id())) {
                continue; // ours, and alive: its heartbeat was only late
            }
            if (interruptIfStale(job)) {
                marked++;
            }
        }
        return marked;
    }

    /** Marks this job interrupted when it is running with a stale heartbeat; answers whether it did. */
    boolean interruptIfStale(ImportJobRepository.RunnableJob job) {
        int kept = jobs.committedEpisodes(job.id());
        String error = interruptedMessage(kept);
        if (!jobs.interrupt(job.id(), STALE, kept, error)) {
            return false;
        }
        log.warn("Import job {} was interrupted (no heartbeat for {} s): {} episodes were kept", job.id(),
                STALE.toSeconds(), kept);
        ImportJob row = jobs.job(job.organizationId(), job.id()).orElse(null);
        events.publishEvent(new ImportFinished(job.organizationId(), job.id(), job.datasetId(), ImportState.FAILED,
                kept, row == null ? 0 : row.episodesFailed(), error));
        return true;
    }

    static String interruptedMessage(int kept) {
        return "Interrupted: the server stopped while importing; " + kept
                + (kept == 1 ? " episode was kept" : " episodes were kept")
                + ". Start the import again: episodes already in the dataset are skipped.";
    }

    void sweep() {
        try {
            sweeper.sweep(orphanGrace, this::runningHere);
        } catch (RuntimeException e) {
            log.warn("Sweeping what dead imports left behind failed: {}", e.toString());
        }
    }

    private Runnable guarded(Runnable task, String what) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.warn("Import {} failed: {}", what, e.toString());
            }
        };
    }

    @Override
    public synchronized void start() {
        if (executor != null) {
            return;
        }
        beats = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("import-heartbeat")
                .daemon(true).factory());
        beats.scheduleWithFixedDelay(guarded(this::heartbeat, "heartbeat"), 0, HEARTBEAT.toMillis(),
                TimeUnit.MILLISECONDS);
        ScheduledExecutorService fresh = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform()
                .name("import-watchdog").daemon(true).factory());
        fresh.scheduleWithFixedDelay(guarded(this::detect, "detector"), 0, DETECT_EVERY.toMillis(),
                TimeUnit.MILLISECONDS);
        // After the first detection, so the sweep at start already sees the jobs that died with the last process.
        fresh.scheduleWithFixedDelay(this::sweep, DETECT_EVERY.toMillis(), sweepInterval.toMillis(),
                TimeUnit.MILLISECONDS);
        executor = fresh;
    }

    @Override
    public synchronized void stop() {
        ScheduledExecutorService current = executor;
        executor = null;
        if (current != null) {
            current.shutdownNow();
        }
        ScheduledExecutorService heartbeat = beats;
        beats = null;
        if (heartbeat != null) {
            heartbeat.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }

    /** Stops after the job queues (whose shutdown waits for running imports, which need their heartbeat). */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 200;
    }
}
