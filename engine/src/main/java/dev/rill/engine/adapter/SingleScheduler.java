package dev.rill.engine.adapter;

import dev.rill.engine.Cancellable;
import dev.rill.engine.Engine;
import dev.rill.engine.Scheduler;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A {@link Scheduler} whose tasks, its workers' included, all run one at a time in submission
 * order, on one {@link Scheduler.Worker} of an engine: what code written for Reactor's or RxJava's
 * {@code single()} relies on (no two of its tasks ever overlap). The work still moves between the
 * engine's threads; what is kept is the order and the mutual exclusion, with happens-before from
 * each task to the next.
 *
 * <pre>{@code Scheduler single = SingleScheduler.on(engine); single.schedule(a); single.createWorker().schedule(b); // a, then b}</pre>
 *
 * <p>A worker of it is a view: cancelling the view rejects its later tasks but cannot take back
 * the ones already queued on the shared worker (the adapters skip those at run time).
 *
 * <p>Threading: every method from any thread.
 */
public final class SingleScheduler implements Scheduler {

    private final Engine engine;
    private final Scheduler.Worker shared;

    private SingleScheduler(Engine engine) {
        this.engine = engine;
        this.shared = engine.createWorker();
    }

    /**
     * @throws RejectedExecutionException if the engine is closed
     */
    public static SingleScheduler on(Engine engine) {
        return new SingleScheduler(Objects.requireNonNull(engine, "engine"));
    }

    @Override
    public Cancellable schedule(Runnable task) {
        return shared.schedule(task);
    }

    @Override
    public Cancellable schedule(Runnable task, long delay, TimeUnit unit) {
        return shared.schedule(task, delay, unit);
    }

    @Override
    public Cancellable schedulePeriodically(Runnable task, long initialDelay, long period, TimeUnit unit) {
        return shared.schedulePeriodically(task, initialDelay, period, unit);
    }

    @Override
    public long now(TimeUnit unit) {
        return engine.now(unit);
    }

    @Override
    public Scheduler.Worker createWorker() {
        if (engine.isShutdown()) {
            throw new RejectedExecutionException("engine '" + engine.name() + "' is closed and takes no more tasks");
        }
        return new View();
    }

    /** Stops the shared worker: queued tasks are dropped, later ones rejected. */
    public void close() {
        shared.cancel();
    }

    private final class View implements Scheduler.Worker {
        private volatile boolean cancelled;

        private void check() {
            if (cancelled) {
                throw new RejectedExecutionException("the worker was cancelled");
            }
        }

        @Override
        public Cancellable schedule(Runnable task) {
            check();
            return shared.schedule(task);
        }

        @Override
        public Cancellable schedule(Runnable task, long delay, TimeUnit unit) {
            check();
            return shared.schedule(task, delay, unit);
        }

        @Override
        public Cancellable schedulePeriodically(Runnable task, long initialDelay, long period, TimeUnit unit) {
            check();
            return shared.schedulePeriodically(task, initialDelay, period, unit);
        }

        @Override
        public void cancel() {
            cancelled = true;
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }
    }
}
