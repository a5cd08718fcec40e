package dev.rill.engine;

import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Something that runs tasks, now or later: the common surface of an {@link Engine}, a {@link
 * VirtualTimeScheduler} and the adapters that put Rill under other libraries.
 *
 * <p>Tasks given to {@link #schedule(Runnable)} may run in any order and in parallel. A
 * {@link Worker} gives order: its tasks run one at a time, in submission order.
 *
 * <pre>{@code Cancellable c = scheduler.schedule(() -> System.out.println("hi"), 250, TimeUnit.MILLISECONDS);}</pre>
 *
 * <p>Delays: a timer is never early; zero or negative delays run as soon as possible. Periods:
 * fixed rate with no drift; runs that fall behind catch up one after another, so no period is lost
 * (as with {@code ScheduledThreadPoolExecutor}), unless they fall more than a second behind, when
 * the missed periods are skipped; a run that throws ends the periods and goes to the error hook.
 *
 * <p>Threading: every method may be called from any thread.
 */
public interface Scheduler extends Executor {

    /**
     * Runs {@code task} soon on one of the scheduler's threads.
     *
     * @return a handle that stops the task if it has not started yet
     * @throws NullPointerException if {@code task} is null
     * @throws java.util.concurrent.RejectedExecutionException if the scheduler is closed
     */
    Cancellable schedule(Runnable task);

    /**
     * Runs {@code task} once, {@code delay} from now.
     *
     * @throws NullPointerException if {@code task} or {@code unit} is null
     * @throws java.util.concurrent.RejectedExecutionException if the scheduler is closed
     */
    Cancellable schedule(Runnable task, long delay, TimeUnit unit);

    /**
     * Runs {@code task} after {@code initialDelay}, then every {@code period} (fixed rate).
     *
     * @throws IllegalArgumentException if {@code period} is not positive
     * @throws NullPointerException if {@code task} or {@code unit} is null
     * @throws java.util.concurrent.RejectedExecutionException if the scheduler is closed
     */
    Cancellable schedulePeriodically(Runnable task, long initialDelay, long period, TimeUnit unit);

    /** The scheduler's clock, monotonic, in {@code unit}. */
    long now(TimeUnit unit);

    /**
     * Creates an ordered, serial executor on this scheduler.
     *
     * @throws java.util.concurrent.RejectedExecutionException if the scheduler is closed
     */
    Worker createWorker();

    /** Fire-and-forget form of {@link #schedule(Runnable)}. */
    @Override
    default void execute(Runnable task) {
        schedule(task);
    }

    /**
     * An ordered executor: its tasks run in the order they become due, never two at once, each
     * seeing everything the previous one wrote (happens-before). Tasks scheduled with no delay run
     * in submission order. The tasks may run on different threads over time. Cancelling the worker
     * drops every task that has not started, delayed and periodic ones included, and later
     * {@code schedule} calls are rejected.
     *
     * <pre>{@code Scheduler.Worker w = engine.createWorker(); w.schedule(a); w.schedule(b); // a, then b}</pre>
     */
    interface Worker extends Cancellable {

        /**
         * Queues {@code task} behind the worker's earlier tasks.
         *
         * @return a handle that drops the task if it has not started yet
         * @throws NullPointerException if {@code task} is null
         * @throws java.util.concurrent.RejectedExecutionException if this worker was cancelled or
         *         its scheduler is closed
         */
        Cancellable schedule(Runnable task);

        /** Runs {@code task} on this worker, {@code delay} from now. See {@link Scheduler#schedule(Runnable, long, TimeUnit)}. */
        Cancellable schedule(Runnable task, long delay, TimeUnit unit);

        /** Runs {@code task} on this worker periodically. See {@link Scheduler#schedulePeriodically}. */
        Cancellable schedulePeriodically(Runnable task, long initialDelay, long period, TimeUnit unit);
    }
}
