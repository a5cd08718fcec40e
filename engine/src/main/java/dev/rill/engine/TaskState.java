package dev.rill.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The state machine of a {@link Task}, on its own so it can be model-checked without an engine
 * ({@code TaskLincheckTest}): one {@code int} of two bits, RUNNING and NOTIFIED. {@code Task}
 * extends it, so the state costs no object of its own; the diagram and the no-lost-wake-up argument
 * are in {@link Task}'s comment.
 *
 * <p>Threading: {@link #markNotified}, {@link #undoNotify} and {@link #isScheduled} from any
 * thread; {@link #enterRun}, {@link #exitRun} and {@link #exitDetachedRun} only by the one thread
 * that took the task from a queue.
 */
abstract class TaskState {

    static final int IDLE = 0;
    static final int NOTIFIED = 1;
    static final int RUNNING = 2;

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(TaskState.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Written by atomic OR and CAS from any thread, and by the runner; see the methods. */
    @SuppressWarnings("unused")
    private volatile int state;

    TaskState() {
    }

    /**
     * Leaves the NOTIFIED mark: true if the caller turned IDLE into NOTIFIED and so must queue the
     * task; false if it is queued already or running (the runner sees the mark and runs again).
     * A single atomic OR, a full barrier: what the caller published before is visible to the run.
     */
    final boolean markNotified() {
        return (int) STATE.getAndBitwiseOr(this, NOTIFIED) == IDLE;
    }

    /** The queue refused the task that {@link #markNotified} asked to queue: back to idle. */
    final void undoNotify() {
        STATE.compareAndSet(this, NOTIFIED, IDLE);
    }

    /**
     * The runner starts a run, clearing NOTIFIED. A volatile store: a StoreLoad barrier before the
     * body's reads (the runner's side of the Dekker pair with {@link #markNotified}). Only the
     * thread that dequeued the task writes here; a mark meanwhile only ORs a bit already clear or set.
     */
    final void enterRun() {
        STATE.setVolatile(this, RUNNING);
    }

    /**
     * The run returned: true if the task must be queued again, because it was marked during the
     * run or because it yielded ({@code yielded}); the state is then NOTIFIED. Otherwise IDLE.
     */
    final boolean exitRun(boolean yielded) {
        // A yield goes back to the queue whatever other threads did meanwhile: their OR on RUNNING
        // left RUNNING|NOTIFIED (they did not queue it), and an OR after our store finds NOTIFIED
        // set and does nothing.
        if (!yielded && STATE.compareAndSet(this, RUNNING, IDLE)) {
            return false;
        }
        // RUNNING|NOTIFIED, or a yield: nobody else changes a state with NOTIFIED set. Release
        // suffices: the queue hand-off publishes the state to the next runner.
        STATE.setRelease(this, NOTIFIED);
        return true;
    }

    /** A run outside any queue (a task handed back at shutdown) ended: idle again. */
    final void exitDetachedRun() {
        STATE.setVolatile(this, IDLE);
    }

    /** True while a run is queued or in progress. Racy by nature; for tests and diagnostics. */
    public final boolean isScheduled() {
        return (int) STATE.getVolatile(this) != IDLE;
    }
}
