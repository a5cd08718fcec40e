package dev.rill.engine;

import java.util.Objects;

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
 * <p>Threading: {@link #schedule()} may be called from any thread; {@link #run()} is called only by
 * the engine.
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
        if (!markNotified()) {
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

    /** Runs the body on the caller's thread; for tasks handed back by {@link Engine#shutdownNow()}. */
    final void runDetached() {
        enterRun();
        try {
            run();
        } finally {
            exitDetachedRun();
        }
    }
}
