package dev.rill.engine;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * A queued {@link Runnable} that can be called off until it starts: what {@link
 * Engine#schedule(Runnable)} and {@link Scheduler.Worker#schedule(Runnable)} hand back. Cancelling
 * is O(1): the entry stays where it is and is skipped when its turn comes.
 *
 * <p>Exactly one of "ran", "cancelled" and "rejected" happens: each is a CAS out of {@code
 * PENDING}. Rejected (dropped unrun by a closing scheduler) passes the news on to the task if it is
 * a {@link Rejectable}.
 *
 * <p>Threading: {@link #run()} by the engine, {@link #cancel()} and {@link #rejected} from any thread.
 */
final class CancellableRunnable implements Rejectable, Cancellable {

    private static final int PENDING = 0;
    private static final int RUNNING = 1;
    private static final int DONE = 2;
    private static final int CANCELLED = 3;

    // A field updater and plain volatile accesses rather than VarHandles: the same volatile
    // semantics, and far fewer calls while C2 has not compiled the task path yet (a VarHandle
    // access costs five calls in profiled code: bench/README.md, the cold window).
    private static final AtomicIntegerFieldUpdater<CancellableRunnable> STATE =
            AtomicIntegerFieldUpdater.newUpdater(CancellableRunnable.class, "state");

    private Runnable task;

    private volatile int state;

    CancellableRunnable(Runnable task) {
        this.task = task;
    }

    @Override
    public void run() {
        if (!STATE.compareAndSet(this, PENDING, RUNNING)) {
            return; // cancelled while queued
        }
        Runnable t = task;
        task = null;
        try {
            t.run();
        } finally {
            STATE.lazySet(this, DONE); // a release store, as before
        }
    }

    @Override
    public void cancel() {
        tryCancel();
    }

    /** Cancels it if it has not started, been cancelled or been rejected; true if this call did. */
    boolean tryCancel() {
        if (STATE.compareAndSet(this, PENDING, CANCELLED)) {
            // Written before the CAS by the constructor's publisher; cleared after ours, so the
            // runner (who lost the CAS) never reads it. Lets a cancelled closure be collected.
            task = null;
            return true;
        }
        return false;
    }

    @Override
    public void rejected(RejectedExecutionException cause) {
        Runnable t = task; // read before the CAS: a winning CAS means nobody cleared it
        if (tryCancel() && t instanceof Rejectable r) {
            r.rejected(cause);
        }
    }

    /** The task, while it has neither run nor been called off; for deciding whom to tell at close. */
    Runnable task() {
        return task;
    }

    @Override
    public boolean isCancelled() {
        return state == CANCELLED;
    }
}
