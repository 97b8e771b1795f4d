package dev.touchstone.ingest;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import dev.touchstone.common.JobQueue;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;
import java.net.InetAddress;
import java.time.Duration;
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

    /** The import jobs' queue (a type of its own for injection). */
    static final class ImportQueue extends JobQueue {

        /** @param runQueue false for the command line, which runs its own import and must not take others' jobs */
        ImportQueue(Supplier<Scheduler> schedulers, SchedulerClient client, OneTimeTask<Void> task,
                    boolean runQueue) {
            super("Import", schedulers, client, task, runQueue);
        }
    }
}
