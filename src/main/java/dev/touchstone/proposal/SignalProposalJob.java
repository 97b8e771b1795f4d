package dev.touchstone.proposal;

import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs the signal proposers over a project's episodes in the background, one episode per transaction, as the member
 * who started it (the dataset module checks who reads episodes). One worker thread per replica, like the quality
 * rebuild: proposals are not urgent and should not compete with labeling for the cores of a small installation. An
 * episode that fails for a reason the runner did not foresee is logged and skipped; the others still get theirs.
 */
@Component
class SignalProposalJob {

    private static final Logger log = LoggerFactory.getLogger(SignalProposalJob.class);

    private final SignalProposalRunner runner;
    private final SecurityContextHolderStrategy securityContexts;
    private final TransactionTemplate transactions;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "signal-proposals");
        thread.setDaemon(true);
        return thread;
    });

    SignalProposalJob(SignalProposalRunner runner, SecurityContextHolderStrategy securityContexts,
                      PlatformTransactionManager transactionManager) {
        this.runner = runner;
        this.securityContexts = securityContexts;
        this.transactions = new TransactionTemplate(transactionManager);
        this.transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** Queues the run; called with the member signed in, after the caller checked the project is theirs. */
    Future<?> start(UUID organizationId, UUID projectId, List<UUID> episodes,
                    dev.touchstone.labeling.LabelSchema schema, UUID createdBy) {
        Authentication caller = securityContexts.getContext().getAuthentication();
        return worker.submit(() -> run(organizationId, projectId, episodes, schema, createdBy, caller));
    }

    private void run(UUID organizationId, UUID projectId, List<UUID> episodes,
                     dev.touchstone.labeling.LabelSchema schema, UUID createdBy, Authentication caller) {
        SecurityContext context = securityContexts.createEmptyContext();
        context.setAuthentication(caller);
        securityContexts.setContext(context);
        int done = 0;
        try {
            for (UUID episode : episodes) {
                try {
                    transactions.executeWithoutResult(status ->
                            runner.run(organizationId, projectId, episode, schema, createdBy));
                    done++;
                } catch (RuntimeException e) {
                    log.warn("Signal proposals for episode {} of project {} failed", episode, projectId, e);
                }
            }
            log.info("Signal proposals for project {}: {} of {} episodes", projectId, done, episodes.size());
            try {
                // The verdicts weigh each episode against the project's others: only now are they all measured.
                transactions.executeWithoutResult(status ->
                        runner.storeVerdicts(organizationId, projectId, schema, createdBy));
            } catch (RuntimeException e) {
                log.warn("Suggested verdicts for project {} failed", projectId, e);
            }
        } finally {
            securityContexts.clearContext();
        }
    }

    @PreDestroy
    void stop() {
        worker.shutdownNow();
    }
}
