package dev.touchstone.workflow;

import org.jooq.Configuration;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;
import org.jooq.ExecuteListenerProvider;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the SQL statements the application sends through jOOQ (every repository does), by adding a listener to the
 * shared jOOQ configuration for as long as it is open. {@link #thread()} counts the calling thread's statements
 * (a test acting as one annotator), {@link #all()} every thread's (a benchmark phase). Transaction commits are not
 * statements jOOQ sends and are not counted; each service call is one transaction, one commit.
 */
final class StatementCounter implements AutoCloseable {

    private final Configuration configuration;
    private final ExecuteListenerProvider[] before;
    private final AtomicLong all = new AtomicLong();
    private final ThreadLocal<List<String>> mine = ThreadLocal.withInitial(ArrayList::new);
    private final Thread owner = Thread.currentThread();

    StatementCounter(Configuration configuration) {
        this.configuration = configuration;
        this.before = configuration.executeListenerProviders();
        ExecuteListener listener = new ExecuteListener() {
            @Override
            public void executeStart(ExecuteContext ctx) {
                all.incrementAndGet();
                if (Thread.currentThread() == owner) {
                    mine.get().add(ctx.sql());
                }
            }
        };
        ExecuteListenerProvider[] providers = Arrays.copyOf(before, before.length + 1);
        providers[before.length] = () -> listener;
        configuration.set(providers);
    }

    /** Statements the thread that opened this counter sent since the last call; then starts counting afresh. */
    List<String> thread() {
        List<String> sent = List.copyOf(mine.get());
        mine.get().clear();
        return sent;
    }

    /** Statements every thread sent since this counter was opened. */
    long all() {
        return all.get();
    }

    @Override
    public void close() {
        configuration.set(before);
    }
}
