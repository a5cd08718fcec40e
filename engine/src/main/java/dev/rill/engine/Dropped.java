package dev.rill.engine;

import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;

/**
 * Work a closing scheduler drops unrun, and whom to tell: a {@link Task} through its {@code
 * rejected} hook, a {@link Rejectable} (our own wrappers pass it on to the user's task when that is
 * one), a {@link Future} by cancelling it so that nobody waits on its {@code get()} for ever.
 *
 * <p>Threading: any thread; each piece of work is told at most once by the wrappers' own CAS.
 */
final class Dropped {

    private Dropped() {
    }

    /** True if {@code work} hears of its rejection; false for plain work that can only be handed back. */
    static boolean canTell(Object work) {
        if (work instanceof Task) {
            return true;
        }
        if (work instanceof CancellableRunnable c) {
            return c.task() instanceof Rejectable;
        }
        if (work instanceof ScheduledTask<?> t) {
            return t.task() instanceof Rejectable;
        }
        return work instanceof Rejectable;
    }

    /**
     * Tells {@code work} that it will never run: a Task or a Rejectable hears it, a Future is
     * cancelled, anything else is dropped. An exception from a hook goes to the engine's handler.
     * A JFR recording sees a {@link RejectedTaskEvent} for each.
     */
    static void tell(Object work, RejectedExecutionException cause, Engine engine) {
        RejectedTaskEvent.commit(engine.name(), work, cause.getMessage());
        try {
            if (work instanceof Task t) {
                t.reject(cause);
            } else if (work instanceof Rejectable r) {
                r.rejected(cause);
            } else if (work instanceof Future<?> f) {
                f.cancel(false);
            }
        } catch (Throwable t) {
            engine.reportError(Thread.currentThread(), t);
        }
    }
}
