package dev.rill.engine.adapter;

import dev.rill.engine.Engine;
import dev.rill.engine.Scheduler;
import java.util.concurrent.TimeUnit;

/**
 * What every adapter's scheduler keeps, whatever library's interface it wears (Reactor,
 * RxJava): its current {@link Generation} (running, shutting down, disposed), the count of
 * unfinished tasks, and a wall-clock-aligned monotonic clock (both libraries' {@code now} defaults
 * to epoch milliseconds).
 *
 * <p>No task is tracked one by one: a delayed task through {@code Flux.timeout} is armed and
 * cancelled per value, and a structure shared by the scheduler and touched per timer was the
 * adapters' main cost under load (bench/README.md). A dispose ends the generation instead: its
 * tasks that have not started finish without running when their turn comes ({@link AdaptedTask}),
 * its delayed tasks are swept off the engine's wheel at once ({@link Engine#cancelTimers}), and its
 * running tasks are interrupted, found in their threads' slots ({@link RunningSlots}).
 *
 * <p>Threading: every method from any thread.
 */
public final class AdapterCore {

    private final Engine engine;
    /** Tasks scheduled and not finished: workers, pool threads and callers all change it. */
    private final StripedCounter pending;
    private volatile Generation generation = new Generation();
    private final long epochOffsetNanos;

    public AdapterCore(Engine engine) {
        this.engine = engine;
        this.pending = new StripedCounter(engine.workerCount() * 2 + 2);
        this.epochOffsetNanos = TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis()) - engine.now(TimeUnit.NANOSECONDS);
    }

    public Engine engine() {
        return engine;
    }

    /** The generation new tasks belong to. */
    public Generation generation() {
        return generation;
    }

    /** Takes new tasks. */
    public boolean isRunning() {
        return generation.isRunning();
    }

    /** Disposed: tasks that have not started never will. */
    public boolean isClosed() {
        return generation.isDisposed();
    }

    /** Epoch time from a monotonic clock. */
    public long now(TimeUnit unit) {
        return unit.convert(epochOffsetNanos + engine.now(TimeUnit.NANOSECONDS), TimeUnit.NANOSECONDS);
    }

    /** Tasks scheduled (here or on this scheduler's workers) and not finished. */
    public long pending() {
        return Math.max(0, pending.sum());
    }

    /*
     * One entry point per kind of submission (now or later, on a scheduler or a worker) rather than
     * one that tells them apart: each is a call site of its own for the JIT, so a library's
     * schedule(task) compiles with the engine's submission path alone and its schedule(task,
     * delay) with the timer's alone. One shared entry pulled every path (queues, wheel, blocking
     * pool) into each compilation, five kilobytes of bytecode compiled again whenever a branch that
     * any of them had not yet taken was taken (bench/README.md, the cold window).
     */

    /**
     * Counts {@code t} and runs it as soon as {@code on} can. A dispose that raced with the
     * submission is caught up with here.
     *
     * @throws java.util.concurrent.RejectedExecutionException if {@code on} rejects it (the task
     *         is then finished)
     */
    public void submitNow(AdaptedTask t, Scheduler on) {
        pending.add(1);
        t.submitNow(on);
        catchUp(t);
    }

    /** {@link #submitNow(AdaptedTask, Scheduler)} on a worker: in order with its other tasks. */
    public void submitNow(AdaptedTask t, Scheduler.Worker on) {
        pending.add(1);
        t.submitNow(on);
        catchUp(t);
    }

    /** Counts {@code t} and runs it on {@code on} after {@code delay}; at once if it is not positive. */
    public void submitLater(AdaptedTask t, Scheduler on, long delay, TimeUnit unit) {
        if (delay <= 0) {
            submitNow(t, on);
            return;
        }
        pending.add(1);
        t.submitLater(on, delay, unit);
        catchUp(t);
    }

    /**
     * {@link #submitLater(AdaptedTask, Scheduler, long, TimeUnit)} on a worker, tracked in the
     * worker's own {@code tracking} set so that disposing the worker reaches it.
     */
    public void submitLater(AdaptedTask t, Scheduler.Worker on, TaskSet tracking, long delay, TimeUnit unit) {
        if (delay <= 0) {
            submitNow(t, on); // in order with the worker's other tasks, and nothing to sweep off a wheel
            return;
        }
        pending.add(1);
        track(t, tracking);
        t.submitLater(on, delay, unit);
        catchUp(t);
    }

    /**
     * Counts {@code t} and runs it on {@code on} (a {@link Scheduler} or a {@link Scheduler.Worker})
     * after {@code delay}, then every {@code period}; tracked in {@code tracking} if that is a
     * worker's set (null for the scheduler's own tasks).
     */
    public void submitPeriodically(AdaptedTask t, Object on, TaskSet tracking, long delay, long period, TimeUnit unit) {
        pending.add(1);
        if (tracking != null) {
            track(t, tracking);
        }
        t.submitPeriodically(on, delay, period, unit);
        catchUp(t);
    }

    private static void track(AdaptedTask t, TaskSet tracking) {
        t.tracked = true; // before the hand-off to the engine, which publishes it to finished()
        tracking.add(t);
    }

    private static void catchUp(AdaptedTask t) {
        if (t.ownerClosed()) {
            t.cancel(); // the sweep of a dispose that ran meanwhile may have missed it
        }
    }

    /** A task finished: uncount it and untrack it from {@code tracking} (a worker's, or null). */
    public void finished(AdaptedTask t, TaskSet tracking) {
        pending.add(-1);
        if (t.tracked) {
            tracking.remove(t);
        }
    }

    /** {@link #finished(AdaptedTask, TaskSet)} for the scheduler's own tasks. */
    public void finished(AdaptedTask t) {
        pending.add(-1);
    }

    /**
     * Disposes now: returns false if it was already disposed. The generation's delayed and
     * periodic tasks (its workers' too) leave the wheel at once.
     */
    public boolean dispose() {
        Generation g = generation;
        if (!g.dispose()) {
            return false;
        }
        engine.cancelTimers(r -> r instanceof AdaptedTask a && a.generation() == g);
        // As the libraries' own shutdownNow(): their running tasks are interrupted.
        RunningSlots.forEachRunning(t -> {
            if (t.generation() == g) {
                t.cancel();
            }
        });
        return true;
    }

    /** Starts a graceful shutdown: no new tasks, periodic ones stop, the rest may finish. */
    public void shutDownGracefully() {
        Generation g = generation;
        if (g.shutDown()) {
            engine.cancelTimers(r -> r instanceof AdaptedTask a && a.generation() == g && a.isPeriodic());
        }
    }

    /** A disposed scheduler that its library may start again: a new generation. */
    public synchronized boolean restart() {
        if (!generation.isDisposed()) {
            return false;
        }
        generation = new Generation();
        return true;
    }
}
