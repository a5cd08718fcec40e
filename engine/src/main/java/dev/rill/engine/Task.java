package dev.rill.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;

/**
 * A reusable unit of work on an {@link Engine}: the base class of every stream stage that hands
 * signals across threads. Scheduling a task costs no allocation, so a stage can be woken once per
 * signal for free.
 *
 * <p>State machine: one {@code int} of two bits, RUNNING and NOTIFIED.
 * <pre>
 *   IDLE --schedule()--> NOTIFIED (queued) --engine takes it--> RUNNING --run() returns--> IDLE
 *                                                                  |  schedule() during the run
 *                                                                  v
 *                                          RUNNING|NOTIFIED --run() returns--> NOTIFIED (queued again, at the back)
 * </pre>
 * {@link #schedule()} is a single atomic OR of NOTIFIED: whoever turns IDLE into NOTIFIED queues
 * the task; everyone else only leaves a mark. So any number of wake-ups before a run collapse into
 * one run, and a wake-up during a run causes exactly one more run after it. {@link #run()} is never
 * called by two threads at once, and each run happens-after the previous one.
 *
 * <p>No lost wake-up: the OR is a full barrier, so whatever a caller published before {@code
 * schedule()} is visible to the next run, which starts with a volatile store of RUNNING followed by
 * the body's reads (the two sides of a Dekker pair).
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
    static final int NOTIFIED = 1;
    static final int RUNNING = 2;

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

    /**
     * A task whose run is {@code body}: for a stage that only needs a task once in a while (the
     * continuation of a drain that yielded) and so creates it lazily.
     *
     * <pre>{@code Task resume = Task.of(Engine.current(), this::drain);}</pre>
     */
    public static Task of(Engine engine, Runnable body) {
        Objects.requireNonNull(body, "body");
        return new Task(engine) {
            @Override
            protected void run() {
                body.run();
            }
        };
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
        if (Thread.currentThread() instanceof WorkerThread w && w.running == this) {
            // A yield from inside our own run: no other thread can be running us, and the runner
            // (this thread) re-queues us when run() returns. No atomic needed.
            w.yieldRequested = true;
            return;
        }
        int prev = (int) STATE.getAndBitwiseOr(this, NOTIFIED);
        if (prev != IDLE) {
            return; // queued already, or running: the runner sees our mark and runs again
        }
        try {
            engine.submit(this);
        } catch (RuntimeException rejected) {
            STATE.compareAndSet(this, NOTIFIED, IDLE);
            throw rejected;
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
        // Clears NOTIFIED. A volatile store: a StoreLoad barrier before the body's reads (see the
        // class comment). Only the thread that dequeued the task writes here; schedule() calls
        // meanwhile only OR a bit that is already set.
        STATE.setVolatile(this, RUNNING);
        worker.running = this;
        worker.yieldRequested = false;
        try {
            run();
        } catch (Throwable t) {
            engine.reportError(worker, t);
        } finally {
            worker.running = null;
        }
        // After a yield we go back to the queue whatever other threads did meanwhile: their OR on
        // RUNNING left RUNNING|NOTIFIED (they did not queue us), and an OR after our store finds
        // NOTIFIED set and does nothing. Release suffices: the queue hand-off publishes the state.
        if (!worker.yieldRequested && STATE.compareAndSet(this, RUNNING, IDLE)) {
            return false;
        }
        // RUNNING|NOTIFIED, or our own yield: nobody else changes a state with NOTIFIED set.
        STATE.setRelease(this, NOTIFIED);
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
