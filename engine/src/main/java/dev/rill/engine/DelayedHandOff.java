package dev.rill.engine;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * The timer of a delayed task on a pool or a pool's worker: when due, it hands the task to its
 * executor. If the engine drops the timer, or the executor refuses the task, the task hears it
 * ({@link CancellableRunnable#rejected}), so a delayed stream stage on the blocking pool is not
 * left waiting by a close.
 *
 * <p>Threading: run by an engine worker when due; {@link #rejected} by whoever drops the timer.
 */
final class DelayedHandOff implements Rejectable {
    private final CancellableRunnable item;
    private final Executor target;

    DelayedHandOff(CancellableRunnable item, Executor target) {
        this.item = item;
        this.target = target;
    }

    @Override
    public void run() {
        if (item.isCancelled()) {
            return;
        }
        try {
            target.execute(item);
        } catch (RejectedExecutionException refused) {
            item.rejected(refused);
        }
    }

    @Override
    public void rejected(RejectedExecutionException cause) {
        item.rejected(cause);
    }
}
