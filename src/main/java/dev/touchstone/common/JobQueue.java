package dev.touchstone.common;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Instant;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * A queue of background jobs (imports, release builds) as db-scheduler one-time tasks in PostgreSQL, whose instance
 * id is the job's id: any replica that runs the queue takes them, and a job survives a restart of the replica that
 * accepted it. Starts and stops its scheduler with the application; features subclass it so each queue is a bean of
 * its own type.
 */
public class JobQueue implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(JobQueue.class);

    private final String name;
    private final Supplier<Scheduler> schedulers;
    private final SchedulerClient client;
    private final OneTimeTask<Void> task;
    private final boolean runQueue;
    private volatile Scheduler scheduler;
    private volatile boolean running;

    /**
     * @param name     for the log ("Import queue started")
     * @param runQueue false where this process must not take jobs (the command line runs its own import)
     */
    protected JobQueue(String name, Supplier<Scheduler> schedulers, SchedulerClient client, OneTimeTask<Void> task,
                       boolean runQueue) {
        this.name = name;
        this.schedulers = schedulers;
        this.client = client;
        this.task = task;
        this.runQueue = runQueue;
    }

    /** Queues the job; this replica starts it at once when it runs the queue, else any replica at its poll. */
    public void enqueue(UUID jobId) {
        Scheduler current = scheduler;
        if (current != null) {
            current.schedule(task.instance(jobId.toString()), Instant.now());
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
            log.info("{} queue started", name);
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

    /** After the web server, so jobs start only once the application is up; stopped before the connection pool. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 100;
    }
}
