package dev.rill.engine;

import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;

/**
 * A reusable unit of work on an {@link Engine}: the base class of every stream stage that hands
 * signals across threads. Scheduling a task costs no allocation, so a stage can be woken once per
 * signal for free.
 *
 * <p>State machine ({@link TaskState}): one {@code int} of two bits, RUNNING and NOTIFIED.
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
 * <p>Closing: a task still queued when the engine stops for good is never run; the engine calls
 * {@link #rejected} once instead, and from then on {@link #schedule()} throws {@link
 * RejectedExecutionException}. A stream stage ends its stream with {@code onError} there, so no
 * subscriber waits for a run that will not come.
 *
 * <p>Threading: {@link #schedule()} may be called from any thread; {@link #run()} is called only by
 * the engine; {@link #rejected} by the thread that closes the engine, never during a run.
 */
public abstract class Task extends TaskState {


    private final Engine engine;

    /**
     * @param engine the engine this task runs on
     * @throws NullPointerException if {@code engine} is null
     */
    protected Task(Engine engine) {
        this.engine = Objects.requireNonNull(engine, "engine");
    }

    /**
     * A task whose run is {@code body}: for a stage that only needs a task once in a while (the
     * continuation of a drain that yielded) and so creates it lazily. A {@code body} that is a
     * {@link Rejectable} is told when the engine drops the task unrun ({@link #rejected}).
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

            @Override
            protected void rejected(RejectedExecutionException cause) {
                if (body instanceof Rejectable r) {
                    r.rejected(cause);
                }
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
     * @throws RejectedExecutionException if the task was idle and the engine no longer takes
     *         work, or the engine dropped the task unrun when it closed ({@link #rejected})
     */
    public final void schedule() {
        if (Thread.currentThread() instanceof WorkerThread w && w.running == this) {
            // A yield from inside our own run: no other thread can be running us, and the runner
            // (this thread) re-queues us when run() returns. No atomic needed.
            w.yieldRequested = true;
            return;
        }
        int prior = markNotified();
        if (prior != IDLE) {
            if ((prior & REJECTED) != 0) {
                throw engine.rejected(this); // dropped for good: no run will see our mark
            }
            return; // queued already, or running: the runner sees our mark and runs again
        }
        try {
            engine.submit(this);
        } catch (RuntimeException rejected) {
            undoNotify();
            throw rejected;
        }
    }

    /**
     * The work. Called by the engine, never concurrently with itself. An exception thrown here goes
     * to the engine's error handler; the task returns to idle and can be scheduled again.
     */
    protected abstract void run();

    /**
     * The engine closed with this task queued and will never run it. Called once, instead of the
     * run; the default does nothing. A stream stage overrides it to end its stream with {@code
     * onError(cause)}: the marks that queued the task happened-before this call, so whatever they
     * published (values, a completion) is visible here.
     *
     * @param cause names the closed engine
     */
    protected void rejected(RejectedExecutionException cause) {
    }

    /** Drops the queued task for good and tells it, once; an exception from the hook is reported. */
    final void reject(RejectedExecutionException cause) {
        if (!markRejected()) {
            return;
        }
        try {
            rejected(cause);
        } catch (Throwable t) {
            engine.reportError(Thread.currentThread(), t);
        }
    }

    /**
     * Runs the task once on the calling engine thread.
     *
     * @return true if it must be queued again (it was woken during the run): the caller puts it at
     *         the back of its queue
     */
    final boolean runOnce(WorkerThread worker) {
        enterRun();
        worker.running = this;
        worker.yieldRequested = false;
        try {
            run();
        } catch (Throwable t) {
            engine.reportError(worker, t);
        } finally {
            worker.running = null;
        }
        return exitRun(worker.yieldRequested);
    }
}
