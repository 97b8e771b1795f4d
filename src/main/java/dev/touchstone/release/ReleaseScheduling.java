package dev.touchstone.release;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import dev.touchstone.common.JobQueue;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Release builds run as db-scheduler one-time tasks stored in PostgreSQL (table {@code release_scheduled_tasks}),
 * like imports: any replica takes them and the release row holds state and progress; the task carries the id.
 */
@Configuration(proxyBeanMethods = false)
class ReleaseScheduling {

    static final String TASK_NAME = "release-build";
    static final String TABLE = "release_scheduled_tasks";

    @Bean
    OneTimeTask<Void> releaseTask(ReleaseBuilder builder) {
        return Tasks.oneTime(TASK_NAME)
                // The builder records a failure in the release row; the release is made again under a new version.
                .onFailure((complete, operations) -> operations.stop())
                .execute((instance, context) -> builder.run(UUID.fromString(instance.getId())));
    }

    @Bean
    ReleaseQueue releaseQueue(DataSource dataSource, OneTimeTask<Void> releaseTask,
                              @Value("${touchstone.release.workers:1}") int workers,
                              @Value("${touchstone.release.run-queue:${touchstone.import.run-queue:true}}")
                              boolean runQueue) {
        Supplier<Scheduler> schedulers = () -> Scheduler.create(dataSource, List.of(releaseTask))
                .tableName(TABLE)
                .threads(Math.max(1, workers))
                .pollingInterval(Duration.ofSeconds(2))
                .heartbeatInterval(Duration.ofSeconds(30))
                .enableImmediateExecution()
                .alwaysPersistTimestampInUTC()
                .schedulerName(new SchedulerName.Fixed("release-" + ProcessHandle.current().pid()))
                .shutdownMaxWait(Duration.ofSeconds(10))
                .build();
        SchedulerClient client = SchedulerClient.Builder.create(dataSource, releaseTask).tableName(TABLE).build();
        return new ReleaseQueue(schedulers, client, releaseTask, runQueue);
    }

    /** The release builds' queue (a type of its own for injection). */
    static final class ReleaseQueue extends JobQueue {

        ReleaseQueue(Supplier<Scheduler> schedulers, SchedulerClient client, OneTimeTask<Void> task, boolean runQueue) {
            super("Release", schedulers, client, task, runQueue);
        }
    }
}
