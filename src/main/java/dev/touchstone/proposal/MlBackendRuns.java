package dev.touchstone.proposal;

import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * Calls a project's ML backend for each of its episodes in the background, one after another, as the member who
 * started it, and keeps the progress in memory. One worker thread per replica: a backend is a remote model that one
 * installation should not flood.
 */
@Component
class MlBackendRuns {

    private static final Logger log = LoggerFactory.getLogger(MlBackendRuns.class);

    private final SecurityContextHolderStrategy securityContexts;
    private final Map<UUID, MlBackendRun> runs = new ConcurrentHashMap<>();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "ml-backend-calls");
        thread.setDaemon(true);
        return thread;
    });

    MlBackendRuns(SecurityContextHolderStrategy securityContexts) {
        this.securityContexts = securityContexts;
    }

    /**
     * Queues calls for the episodes, unless a run of the project is still going.
     *
     * @throws IllegalStateException when one is
     */
    MlBackendRun start(UUID projectId, List<UUID> episodes, Function<UUID, MlBackendCall> call) {
        MlBackendRun run = new MlBackendRun(projectId, episodes.size(), 0, 0, 0, !episodes.isEmpty(), Instant.now());
        MlBackendRun before = runs.compute(projectId, (id, old) -> old != null && old.running() ? old : run);
        if (before != run) {
            throw new IllegalStateException("The ML backend is already being called for this project's episodes ("
                    + before.done() + " of " + before.total() + " done)");
        }
        Authentication caller = securityContexts.getContext().getAuthentication();
        worker.submit(() -> {
            SecurityContext context = securityContexts.createEmptyContext();
            context.setAuthentication(caller);
            securityContexts.setContext(context);
            try {
                for (UUID episode : episodes) {
                    boolean stored = false;
                    try {
                        stored = call.apply(episode).stored();
                    } catch (RuntimeException e) {
                        // An episode gone meanwhile, say: counted as failed, the others still get their call.
                        log.warn("ML backend call for episode {} of project {} failed", episode, projectId, e);
                    }
                    boolean ok = stored;
                    runs.computeIfPresent(projectId, (id, r) -> new MlBackendRun(id, r.total(), r.done() + 1,
                            r.stored() + (ok ? 1 : 0), r.failed() + (ok ? 0 : 1), r.done() + 1 < r.total(),
                            r.startedAt()));
                }
            } finally {
                runs.computeIfPresent(projectId, (id, r) -> new MlBackendRun(id, r.total(), r.done(), r.stored(),
                        r.failed(), false, r.startedAt()));
                securityContexts.clearContext();
            }
        });
        return run;
    }

    Optional<MlBackendRun> run(UUID projectId) {
        return Optional.ofNullable(runs.get(projectId));
    }

    @PreDestroy
    void stop() {
        worker.shutdownNow();
    }
}
