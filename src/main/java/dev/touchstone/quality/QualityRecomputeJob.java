package dev.touchstone.quality;

import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Rebuilds a project's quality aggregates (docs/quality/dashboards.md): empties them, then hands every merged task
 * (review or accepted) to {@link QualityRecorder#taskMerged} again, its consensus re-run from the stored
 * submissions by {@link MergedTasks} (workflow), in batches of {@value #BATCH} tasks per transaction; then the
 * project's gold scores. Progress is the quality_recompute row. One worker thread per replica: rebuilds are rare
 * and should not compete with labeling for the two cores of a small installation. The job runs as the member who
 * started it (workflow reads episodes through the dataset module, which checks who asks).
 */
@Component
class QualityRecomputeJob {

    static final int BATCH = 200;
    private static final Logger log = LoggerFactory.getLogger(QualityRecomputeJob.class);

    private final ObjectProvider<MergedTasks> sources;
    private final QualityRecorder recorder;
    private final SecurityContextHolderStrategy securityContexts;
    private final TransactionTemplate transactions;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "quality-recompute");
        thread.setDaemon(true);
        return thread;
    });

    QualityRecomputeJob(ObjectProvider<MergedTasks> sources, QualityRecorder recorder,
                        SecurityContextHolderStrategy securityContexts, PlatformTransactionManager transactionManager) {
        this.sources = sources;
        this.recorder = recorder;
        this.securityContexts = securityContexts;
        this.transactions = new TransactionTemplate(transactionManager);
        this.transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /**
     * Starts rebuilding the project's aggregates in the background, or answers the rebuild already running. Called
     * with the requesting member signed in, after the caller checked the project is theirs.
     */
    RecomputeProgress start(UUID organizationId, UUID projectId) {
        MergedTasks tasks = sources.getIfAvailable();
        if (tasks == null) {
            throw new IllegalStateException("No module can rebuild quality aggregates in this application");
        }
        Optional<RecomputeProgress> started = transactions.execute(status ->
                recorder.startRecompute(organizationId, projectId, tasks.count(organizationId, projectId)));
        if (started == null || started.isEmpty()) {
            return recorder.recomputeProgress(organizationId, projectId);
        }
        Authentication caller = securityContexts.getContext().getAuthentication();
        worker.execute(() -> run(tasks, organizationId, projectId, caller));
        return started.get();
    }

    private void run(MergedTasks tasks, UUID organizationId, UUID projectId, Authentication caller) {
        SecurityContext context = securityContexts.createEmptyContext();
        context.setAuthentication(caller);
        securityContexts.setContext(context);
        try {
            int[] done = {0};
            UUID[] after = {new UUID(0, 0)};
            while (true) {
                Boolean more = transactions.execute(status -> {
                    List<MergedTask> batch = tasks.remerge(organizationId, projectId, after[0], BATCH);
                    for (MergedTask task : batch) {
                        recorder.taskMerged(task);
                        after[0] = task.taskId();
                    }
                    done[0] += batch.size();
                    recorder.recomputeAdvanced(projectId, done[0]);
                    return batch.size() == BATCH;
                });
                if (!Boolean.TRUE.equals(more)) {
                    break;
                }
            }
            transactions.executeWithoutResult(status ->
                    tasks.goldResults(organizationId, projectId).forEach(recorder::goldScored));
            transactions.executeWithoutResult(status -> recorder.recomputeFinished(projectId, null));
        } catch (RuntimeException e) {
            log.warn("Quality recompute of project {} failed", projectId, e);
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            transactions.executeWithoutResult(status -> recorder.recomputeFinished(projectId,
                    message.length() > 2000 ? message.substring(0, 2000) : message));
        } finally {
            securityContexts.clearContext();
        }
    }

    @PreDestroy
    void stop() {
        worker.shutdownNow();
    }
}
