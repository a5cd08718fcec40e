package dev.rill.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;

/**
 * A reusable unit of work on an {@link Engine}: the base class of every stream stage that hands
 * signals across threads. Scheduling a task costs no allocation, so a stage can be woken once per
 * signal for free.
 *
 * <p>State machine (one {@code int}, changed by CAS):
 * <pre>
 *   IDLE --schedule()--> SCHEDULED --engine picks it--> RUNNING --run() returns--> IDLE
 *                                                          |  schedule() while running
 *                                                          v
 *                                                       NOTIFIED --run() returns--> SCHEDULED (back of the queue)
 * </pre>
 * {@link #schedule()} on a task that is already SCHEDULED or NOTIFIED does nothing, so any number
 * of wake-ups before a run collapse into one run; a wake-up during a run causes exactly one more
 * run after it. {@link #run()} is therefore never called by two threads at once, and each run
 * happens-after the previous one.
 *
 * <p>A task that wakes itself from inside {@link #run()} (typically because {@link Budget} ran out)
 * yields: it goes to the back of its worker's run queue, behind everything already waiting.
 *
 * <pre>{@code
 * final class Drain extends Task {
 *     Drain(Engine e) { super(e); }
 *     protected void run() { while (Budget.tryConsume() && emitOne()) { } if (hasMore()) schedule(); }
 * }
 * }</pre>
 *
 * <p>Threading: {@link #schedule()} may be called from any thread; {@link #run()} is called only by
 * the engine.
 */
public abstract class Task {

    static final int IDLE = 0;
    static final int SCHEDULED = 1;
    static final int RUNNING = 2;
    static final int NOTIFIED = 3;

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Task.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Engine engine;

    /** Written by CAS from any thread; see the class comment for the transitions. */
    @SuppressWarnings("unused")
    private volatile int state;

    /**
     * @param engine the engine this task runs on
     * @throws NullPointerException if {@code engine} is null
     */
    protected Task(Engine engine) {
        this.engine = Objects.requireNonNull(engine, "engine");
    }

    /** The engine this task runs on. */
    public final Engine engine() {
        return engine;
    }

    /**
     * Asks for one run of {@link #run()}: from a task of the same engine the run comes next (the
     * LIFO slot), from anywhere else it joins the engine's injection queue.
     *
     * @throws java.util.concurrent.RejectedExecutionException if the task was idle and the engine
     *         no longer takes work
     */
    public final void schedule() {
        for (;;) {
            int s = (int) STATE.getVolatile(this);
            if (s == IDLE) {
                // Full CAS: the scheduler's writes before this call happen-before the run that the
                // queue hand-off below leads to.
                if (STATE.compareAndSet(this, IDLE, SCHEDULED)) {
                    try {
                        engine.submit(this);
                    } catch (RuntimeException rejected) {
                        STATE.setVolatile(this, IDLE);
                        throw rejected;
                    }
                    return;
                }
            } else if (s == RUNNING) {
                // The runner sees NOTIFIED when it tries RUNNING -> IDLE and runs us again.
                if (STATE.compareAndSet(this, RUNNING, NOTIFIED)) {
                    return;
                }
            } else {
                return; // SCHEDULED or NOTIFIED: a run is already coming
            }
        }
    }

    /**
     * The work. Called by the engine, never concurrently with itself. An exception thrown here goes
     * to the engine's error handler; the task returns to idle and can be scheduled again.
     */
    protected abstract void run();

    /** True while a run is queued or in progress. Racy by nature; for tests and diagnostics. */
    public final boolean isScheduled() {
        return (int) STATE.getVolatile(this) != IDLE;
    }

    /**
     * Runs the task once on the calling engine thread.
     *
     * @return true if it must be queued again (it was woken during the run): the caller puts it at
     *         the back of its queue
     */
    final boolean runOnce(WorkerThread worker) {
        // Only the thread that dequeued the task moves it out of SCHEDULED, and no other thread
        // changes a SCHEDULED task, so a plain volatile store is enough.
        STATE.setVolatile(this, RUNNING);
        try {
            run();
        } catch (Throwable t) {
            engine.reportError(worker, t);
        }
        if (STATE.compareAndSet(this, RUNNING, IDLE)) {
            return false;
        }
        // NOTIFIED: only we may leave it, so again a store suffices.
        STATE.setVolatile(this, SCHEDULED);
        return true;
    }

    /** Runs the body on the caller's thread; for tasks handed back by {@link Engine#shutdownNow()}. */
    final void runDetached() {
        STATE.setVolatile(this, RUNNING);
        try {
            run();
        } finally {
            STATE.setVolatile(this, IDLE);
        }
    }
}
