package dev.rill.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The state machine of a {@link Task}, on its own so it can be model-checked without an engine
 * ({@code TaskLincheckTest}): one {@code int} of two bits, RUNNING and NOTIFIED. {@code Task}
 * extends it, so the state costs no object of its own; the diagram and the no-lost-wake-up argument
 * are in {@link Task}'s comment. A third bit, REJECTED, is terminal: the engine closed with the task
 * queued and will never run it; a later mark finds the bit and the caller learns that the engine is
 * gone ({@link #markNotified} returns the prior state for that).
 *
 * <p>Threading: {@link #markNotified}, {@link #undoNotify}, {@link #markRejected} and {@link
 * #isScheduled} from any thread; {@link #enterRun}, {@link #exitRun} and {@link #exitDetachedRun} only by the one thread
 * that took the task from a queue.
 */
abstract class TaskState {

    static final int IDLE = 0;
    static final int NOTIFIED = 1;
    static final int RUNNING = 2;
    static final int REJECTED = 4;

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
     * Leaves the NOTIFIED mark and returns the state before it: {@link #IDLE} if the caller turned
     * IDLE into NOTIFIED and so must queue the task; otherwise it is queued already or running (the
     * runner sees the mark and runs again), or it was rejected ({@link #REJECTED} set, for good).
     * A single atomic OR, a full barrier: what the caller published before is visible to the run.
     */
    final int markNotified() {
        return (int) STATE.getAndBitwiseOr(this, NOTIFIED);
    }

    /**
     * The engine dropped the queued task for good: true for the one caller that set REJECTED. An
     * atomic OR, a full barrier: a mark after it sees the bit; a mark before it (which found the
     * task queued and so only left its bit) happens-before the rejection, so whatever that caller
     * published is visible to the rejection hook.
     */
    final boolean markRejected() {
        return ((int) STATE.getAndBitwiseOr(this, REJECTED) & REJECTED) == 0;
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

    /** True while a run is queued or in progress. Racy by nature; for tests and diagnostics. */
    public final boolean isScheduled() {
        int s = (int) STATE.getVolatile(this);
        return s != IDLE && (s & REJECTED) == 0;
    }
}
