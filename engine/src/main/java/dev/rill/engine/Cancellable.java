package dev.rill.engine;

/**
 * A handle to something that was scheduled and can be called off: a task, a worker, a subscription.
 *
 * <p>{@code cancel()} is idempotent and may be called from any thread. After it returns, work that
 * has not started will not start; work already running is not interrupted.
 *
 * <pre>{@code Cancellable c = engine.schedule(() -> work()); c.cancel();}</pre>
 */
@FunctionalInterface
public interface Cancellable {

    /** Calls the work off. Safe to call more than once and from any thread. */
    void cancel();

    /**
     * Whether {@link #cancel()} took effect. A task that ran to completion before the cancel is not
     * cancelled.
     */
    default boolean isCancelled() {
        return false;
    }
}
