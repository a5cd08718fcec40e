package dev.rill.engine.rxjava;

import dev.rill.engine.Engine;
import dev.rill.engine.adapter.AdaptedTask;
import dev.rill.engine.adapter.AdapterCore;
import dev.rill.engine.adapter.Generation;
import io.reactivex.rxjava3.core.Scheduler;
import io.reactivex.rxjava3.disposables.Disposable;
import io.reactivex.rxjava3.plugins.RxJavaPlugins;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * An RxJava {@link Scheduler} that runs on Rill: direct tasks on the engine (or its blocking pool,
 * or one serial worker for {@code single()}), delays and periods on its timer wheel, workers on
 * Rill {@link dev.rill.engine.Scheduler.Worker}s. {@link #shutdown()} rejects new tasks and drops
 * the ones that have not started; {@link #start()} takes tasks again. The engine is never closed
 * by it.
 *
 * <p>Contract, as RxJava's own schedulers keep it: a task that cannot be scheduled (the scheduler
 * is shut down, the engine closed) goes to {@link RxJavaPlugins#onError} as a {@link
 * RejectedExecutionException} and the caller gets a disposed {@code Disposable}, never an
 * exception; a task that throws goes to {@link RxJavaPlugins#onError}; {@link #now} is epoch time
 * from a monotonic clock.
 *
 * <p>Threading: every method from any thread.
 */
final class RxScheduler extends Scheduler implements AdaptedTask.Owner {

    final String name;
    final AdapterCore core;
    private final dev.rill.engine.Scheduler target;
    private final Supplier<dev.rill.engine.Scheduler.Worker> workers;

    RxScheduler(String name, Engine engine, dev.rill.engine.Scheduler target,
                Supplier<dev.rill.engine.Scheduler.Worker> workers) {
        this.name = name;
        this.core = new AdapterCore(engine);
        this.target = target;
        this.workers = workers;
    }

    // Now, later and periodically each reach the engine through a call of their own (AdapterCore).

    @Override
    public Disposable scheduleDirect(Runnable run) {
        RxTask t = accept(run, TimeUnit.NANOSECONDS, false);
        if (t == null) {
            return rejected(name + " is shut down");
        }
        try {
            core.submitNow(t, target);
        } catch (RejectedExecutionException e) {
            return refused(e);
        }
        return t;
    }

    @Override
    public Disposable scheduleDirect(Runnable run, long delay, TimeUnit unit) {
        RxTask t = accept(run, unit, false);
        if (t == null) {
            return rejected(name + " is shut down");
        }
        try {
            core.submitLater(t, target, delay, unit); // at once if the delay is not positive
        } catch (RejectedExecutionException e) {
            return refused(e);
        }
        return t;
    }

    @Override
    public Disposable schedulePeriodicallyDirect(Runnable run, long initialDelay, long period, TimeUnit unit) {
        RxTask t = accept(run, unit, true);
        if (t == null) {
            return rejected(name + " is shut down");
        }
        try {
            core.submitPeriodically(t, target, null, initialDelay, period, unit);
        } catch (RejectedExecutionException e) {
            return refused(e);
        }
        return t;
    }

    /** A new direct task with the schedule hook applied, or null if the scheduler is shut down. */
    private RxTask accept(Runnable run, TimeUnit unit, boolean periodic) {
        Objects.requireNonNull(run, "run is null");
        Objects.requireNonNull(unit, "unit is null");
        return core.isRunning() ? new RxTask.Direct(RxJavaPlugins.onSchedule(run), this, periodic) : null;
    }

    /** The engine refused a task (it closed): reported, and a disposed handle to the caller. */
    static Disposable refused(RejectedExecutionException e) {
        RxJavaPlugins.onError(e);
        return Disposable.disposed();
    }

    /** RxJava's way to refuse: the error to the plugins, a disposed handle to the caller. */
    static Disposable rejected(String why) {
        RxJavaPlugins.onError(new RejectedExecutionException(why));
        return Disposable.disposed();
    }

    @Override
    public Worker createWorker() {
        if (!core.isRunning()) {
            return RxWorker.disposed(this);
        }
        try {
            return new RxWorker(this, workers.get());
        } catch (RejectedExecutionException e) {
            return RxWorker.disposed(this);
        }
    }

    @Override
    public long now(TimeUnit unit) {
        return core.now(unit);
    }

    @Override
    public void start() {
        core.restart();
    }

    @Override
    public void shutdown() {
        // Nothing below it is closed, so that start() brings it back (see ReactorScheduler.dispose).
        core.dispose();
    }

    @Override
    public boolean isClosed() {
        return core.isClosed();
    }

    @Override
    public Generation generation() {
        return core.generation();
    }

    @Override
    public void finished(AdaptedTask task, boolean started) {
        core.finished(task);
    }

    @Override
    public void failed(Throwable error) {
        RxJavaPlugins.onError(error);
    }

    /** Tasks scheduled and not finished, workers' included. */
    long pending() {
        return core.pending();
    }

    @Override
    public String toString() {
        return name;
    }
}
