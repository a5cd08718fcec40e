package dev.rill.engine.adapter;

import dev.rill.engine.Engine;
import dev.rill.engine.Scheduler;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * What every adapter's scheduler keeps, whatever library's interface it wears (Reactor,
 * RxJava): the lifecycle (running, shutting down, disposed), the count of unfinished tasks, the
 * set of delayed and periodic tasks to cancel at once on dispose, and a wall-clock-aligned
 * monotonic clock (both libraries' {@code now} defaults to epoch milliseconds).
 *
 * <p>Immediate tasks are not tracked one by one (that would cost every task a set insertion): a
 * disposed owner makes them finish without running when their turn comes ({@link AdaptedTask}).
 *
 * <p>Threading: every method from any thread.
 */
public final class AdapterCore {

    private static final int RUNNING = 0;
    private static final int SHUTTING_DOWN = 1;
    private static final int DISPOSED = 2;

    private final Engine engine;
    private final LongAdder pending = new LongAdder();
    private final TaskSet timed = new TaskSet();
    private final AtomicInteger state = new AtomicInteger();
    private final long epochOffsetNanos;

    public AdapterCore(Engine engine) {
        this.engine = engine;
        this.epochOffsetNanos = TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis()) - engine.now(TimeUnit.NANOSECONDS);
    }

    public Engine engine() {
        return engine;
    }

    /** Takes new tasks. */
    public boolean isRunning() {
        return state.get() == RUNNING;
    }

    /** Disposed: tasks that have not started never will. */
    public boolean isClosed() {
        return state.get() == DISPOSED;
    }

    /** Epoch time from a monotonic clock. */
    public long now(TimeUnit unit) {
        return unit.convert(epochOffsetNanos + engine.now(TimeUnit.NANOSECONDS), TimeUnit.NANOSECONDS);
    }

    /** Tasks scheduled (here or on this scheduler's workers) and not finished. */
    public long pending() {
        return Math.max(0, pending.sum());
    }

    /**
     * Counts {@code t}, tracks it in {@code tracking} if it is delayed or periodic, and submits it
     * to {@code on} (a {@link Scheduler} or a {@link Scheduler.Worker}). A dispose that raced with
     * the submission is caught up with here.
     *
     * @throws java.util.concurrent.RejectedExecutionException if {@code on} rejects it (the task
     *         is then finished)
     */
    public void submit(AdaptedTask t, Object on, TaskSet tracking, long delay, long period, TimeUnit unit,
                       AdaptedTask.Owner owner) {
        pending.increment();
        if (t.isPeriodic() || delay > 0) {
            t.tracked = true; // before the hand-off to the engine, which publishes it to finished()
            tracking.add(t);
        }
        if (on instanceof Scheduler s) {
            t.submit(s, delay, period, unit);
        } else {
            t.submit((Scheduler.Worker) on, delay, period, unit);
        }
        if (owner.isClosed()) {
            t.cancel();
        }
    }

    /** {@link #submit} for the scheduler's own tasks. */
    public void submit(AdaptedTask t, Scheduler on, long delay, long period, TimeUnit unit, AdaptedTask.Owner owner) {
        submit(t, on, timed, delay, period, unit, owner);
    }

    /** A task finished: uncount it and untrack it from {@code tracking} (the scheduler's or a worker's). */
    public void finished(AdaptedTask t, TaskSet tracking) {
        pending.decrement();
        if (t.tracked) {
            tracking.remove(t);
        }
    }

    /** {@link #finished(AdaptedTask, TaskSet)} for the scheduler's own tasks. */
    public void finished(AdaptedTask t) {
        finished(t, timed);
    }

    /** Disposes now: returns false if it was already disposed. Cancels the tracked tasks. */
    public boolean dispose() {
        if (state.getAndSet(DISPOSED) == DISPOSED) {
            return false;
        }
        timed.cancelAll(false);
        return true;
    }

    /** Starts a graceful shutdown: no new tasks, periodic ones stop, the rest may finish. */
    public void shutDownGracefully() {
        if (state.compareAndSet(RUNNING, SHUTTING_DOWN)) {
            timed.cancelAll(true);
        }
    }

    /** A disposed scheduler that its library may start again. */
    public boolean restart() {
        return state.compareAndSet(DISPOSED, RUNNING);
    }
}
