package dev.rill.engine;

import java.util.concurrent.ScheduledFuture;

/**
 * What delayed and periodic scheduling hands back: a {@link Cancellable} for Rill code and a
 * {@link ScheduledFuture} for code written against {@code ScheduledExecutorService}.
 *
 * <pre>{@code TimerHandle<?> t = engine.schedule(() -> onTimeout(), 250, TimeUnit.MILLISECONDS); t.cancel();}</pre>
 *
 * <p>Cancelling is O(1) and never blocks; a cancelled task never starts. For a periodic task,
 * cancelling during a run lets that run finish and stops the ones after it.
 *
 * @param <V> the result of a one-shot {@code Callable}; {@code null} for runnables
 */
public interface TimerHandle<V> extends ScheduledFuture<V>, Cancellable {

    /** Same as {@code cancel(false)}: Rill never interrupts a running task. */
    @Override
    void cancel();

    @Override
    boolean isCancelled();
}
