package dev.rill.engine;

import java.util.concurrent.Executor;

/**
 * Something that runs tasks: the common surface of an {@link Engine} and the adapters that put
 * Rill under other libraries.
 *
 * <p>Tasks given to {@link #schedule(Runnable)} may run in any order and in parallel. A
 * {@link Worker} gives order: its tasks run one at a time, in submission order.
 *
 * <pre>{@code Cancellable c = scheduler.schedule(() -> System.out.println("hi"));}</pre>
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
     * An ordered executor: its tasks run in the order they were scheduled, never two at once, each
     * seeing everything the previous one wrote (happens-before). The tasks may run on different
     * threads over time. Cancelling the worker drops every task that has not started, and later
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
    }
}
