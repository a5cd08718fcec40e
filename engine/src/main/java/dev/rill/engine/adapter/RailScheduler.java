package dev.rill.engine.adapter;

import dev.rill.engine.Cancellable;
import dev.rill.engine.Engine;
import dev.rill.engine.Scheduler;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link Scheduler} that runs at most {@code n} tasks at once on an engine, as {@code n} rails:
 * each rail is one {@link Scheduler.Worker} of the engine, whose tasks run one at a time in
 * submission order. With one rail it is what code written for Reactor's or RxJava's {@code
 * single()} relies on (no two of its tasks ever overlap); with {@code n}, what {@code
 * newParallel(name, n)} promises (at most {@code n} at once). Direct tasks go to the rails in
 * turn; a worker of it is pinned to one rail, chosen in turn, as Reactor's parallel workers are
 * pinned to one thread. The work still moves between the engine's threads; what is kept is the
 * bound, the order on a rail and the happens-before from each task of a rail to the next.
 *
 * <pre>{@code Scheduler single = RailScheduler.single(engine); single.schedule(a); single.createWorker().schedule(b); // a, then b}</pre>
 *
 * <p>A worker of it is a view: cancelling the view rejects its later tasks but cannot take back
 * the ones already queued on the rail (the adapters skip those at run time).
 *
 * <p>Threading: every method from any thread.
 */
public final class RailScheduler implements Scheduler {

    private final Engine engine;
    private final Scheduler.Worker[] rails;
    /** Which rail the next direct task or worker takes; wraps harmlessly. */
    private final AtomicInteger next = new AtomicInteger();

    private RailScheduler(Engine engine, int n) {
        this.engine = engine;
        this.rails = new Scheduler.Worker[n];
        for (int i = 0; i < n; i++) {
            rails[i] = engine.createWorker();
        }
    }

    /**
     * One rail: every task, its workers' included, one at a time, in order.
     *
     * @throws RejectedExecutionException if the engine is closed
     */
    public static RailScheduler single(Engine engine) {
        return new RailScheduler(Objects.requireNonNull(engine, "engine"), 1);
    }

    /**
     * {@code n} rails: at most {@code n} tasks at once.
     *
     * @throws IllegalArgumentException if {@code n} is not positive
     * @throws RejectedExecutionException if the engine is closed
     */
    public static RailScheduler rails(Engine engine, int n) {
        Objects.requireNonNull(engine, "engine");
        if (n <= 0) {
            throw new IllegalArgumentException("n must be positive, was " + n);
        }
        return new RailScheduler(engine, n);
    }

    /** How many tasks may run at once. */
    public int parallelism() {
        return rails.length;
    }

    private Scheduler.Worker pick() {
        return rails.length == 1 ? rails[0] : rails[Math.floorMod(next.getAndIncrement(), rails.length)];
    }

    @Override
    public Cancellable schedule(Runnable task) {
        return pick().schedule(task);
    }

    @Override
    public Cancellable schedule(Runnable task, long delay, TimeUnit unit) {
        return pick().schedule(task, delay, unit);
    }

    @Override
    public Cancellable schedulePeriodically(Runnable task, long initialDelay, long period, TimeUnit unit) {
        return pick().schedulePeriodically(task, initialDelay, period, unit);
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
        return new View(pick());
    }

    private static final class View implements Scheduler.Worker {
        private final Scheduler.Worker shared;
        private volatile boolean cancelled;

        View(Scheduler.Worker rail) {
            this.shared = rail;
        }

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
