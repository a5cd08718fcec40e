package dev.rill.engine;

import java.util.concurrent.ExecutorService;

/**
 * The engine's pool for blocking work, as both an {@link ExecutorService} and a {@link Scheduler}:
 * hand it to {@code subscribeOn} or {@code publishOn} to move a blocking call off the workers.
 * Delays and periods are timed on the engine's wheel; the work itself runs on a pool thread. A
 * {@link Scheduler.Worker} of it runs its tasks one at a time, in order, on the pool.
 *
 * <pre>{@code Rill.fromCallable(() -> jdbc.query(sql)).subscribeOn(engine.blocking())}</pre>
 *
 * <p>Threading: every method from any thread.
 */
public interface BlockingScheduler extends Scheduler, ExecutorService {

    /**
     * A view of this pool that runs at most {@code maxThreads} of its tasks at once and holds at
     * most {@code maxQueued} more; beyond that, tasks are rejected. Shutting the view down stops
     * only the view. For callers that need their own caps on the shared pool (Reactor's {@code
     * boundedElastic}).
     *
     * @throws IllegalArgumentException if either bound is not positive
     */
    BlockingScheduler limited(int maxThreads, int maxQueued);
}
