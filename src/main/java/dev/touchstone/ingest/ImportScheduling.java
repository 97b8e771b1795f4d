package dev.touchstone.ingest;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Import jobs run as db-scheduler one-time tasks in PostgreSQL, so any replica can take them and a job survives
 * a restart of the replica that accepted it. The job's own row (import_job) holds state and progress; the task
 * only carries the job id.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ImportProperties.class)
class ImportScheduling {

    static final String TASK_NAME = "import-job";
    private static final Logger log = LoggerFactory.getLogger(ImportScheduling.class);

    @Bean
    OneTimeTask<Void> importTask(ImportRunner runner) {
        return Tasks.oneTime(TASK_NAME)
                // The runner records every failure in the job row; a second automatic attempt would only
                // repeat work the user has already been told about.
                .onFailure((complete, operations) -> operations.stop())
                .execute((instance, context) -> runner.run(UUID.fromString(instance.getId())));
    }

    @Bean
    ImportQueue importQueue(DataSource dataSource, OneTimeTask<Void> importTask, ImportProperties properties,
                            @org.springframework.beans.factory.annotation.Value("${touchstone.import.run-queue:true}")
                            boolean runQueue) {
        // A db-scheduler Scheduler cannot be restarted once stopped, but Spring stops and starts lifecycle beans
        // again (a paused test context, a refreshed one), so every start builds a fresh one.
        Supplier<Scheduler> schedulers = () -> Scheduler.create(dataSource, List.of(importTask))
                .threads(properties.workers())
                .pollingInterval(Duration.ofSeconds(2))
                .heartbeatInterval(Duration.ofSeconds(30))
                .enableImmediateExecution()
                .alwaysPersistTimestampInUTC()
                .schedulerName(new SchedulerName.Fixed(schedulerName()))
                .shutdownMaxWait(Duration.ofSeconds(10))
                .build();
        SchedulerClient client = SchedulerClient.Builder.create(dataSource, importTask).build();
        return new ImportQueue(schedulers, client, importTask, runQueue);
    }

    private static String schedulerName() {
        try {
            return InetAddress.getLocalHost().getHostName() + "-" + ProcessHandle.current().pid();
        } catch (Exception e) {
            return "touchstone-" + ProcessHandle.current().pid();
        }
    }

    /** Starts and stops the scheduler with the application, and queues jobs. */
    static final class ImportQueue implements SmartLifecycle {

        private final Supplier<Scheduler> schedulers;
        private final SchedulerClient client;
        private final OneTimeTask<Void> task;
        private final boolean runQueue;
        private volatile Scheduler scheduler;

        /** @param runQueue false for the command line, which runs its own import and must not take others' jobs */
        ImportQueue(Supplier<Scheduler> schedulers, SchedulerClient client, OneTimeTask<Void> task,
                    boolean runQueue) {
            this.schedulers = schedulers;
            this.client = client;
            this.task = task;
            this.runQueue = runQueue;
        }

        /** Queues the job; this replica starts it at once when it runs the queue, else any replica at its poll. */
        void enqueue(UUID jobId) {
            Scheduler running = scheduler;
            if (running != null) {
                running.schedule(task.instance(jobId.toString()), Instant.now());
            } else {
                client.schedule(task.instance(jobId.toString()), Instant.now());
            }
        }

        @Override
        public synchronized void start() {
            running = true;
            if (runQueue && scheduler == null) {
                Scheduler fresh = schedulers.get();
                fresh.start();
                scheduler = fresh;
                log.info("Import queue started");
            }
        }

        @Override
        public synchronized void stop() {
            running = false;
            Scheduler current = scheduler;
            scheduler = null;
            if (current != null) {
                current.stop();
            }
        }

        @Override
        public boolean isRunning() {
            return running;
        }

        private volatile boolean running;

        /** After the web server, so imports start only once the application is up; stopped before the pool. */
        @Override
        public int getPhase() {
            return SmartLifecycle.DEFAULT_PHASE - 100;
        }
    }
}
