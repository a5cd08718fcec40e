package dev.rill.engine;

import java.util.Objects;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The {@link Scheduler} half of a {@link BlockingScheduler}, written once on top of {@link
 * #execute(Runnable)}: immediate tasks go straight to the pool, delayed ones wait on the engine's
 * wheel first, periodic ones run on a private {@link ExecutorWorker} so their runs never overlap,
 * and workers are {@link ExecutorWorker}s. The clock is the engine's.
 *
 * <p>Threading: every method from any thread.
 */
abstract class PoolScheduler extends AbstractExecutorService implements BlockingScheduler {

    final Engine engine;

    PoolScheduler(Engine engine) {
        this.engine = engine;
    }

    @Override
    public Cancellable schedule(Runnable task) {
        CancellableRunnable item = new CancellableRunnable(Objects.requireNonNull(task, "task"));
        execute(item);
        return item;
    }

    @Override
    public Cancellable schedule(Runnable task, long delay, TimeUnit unit) {
        CancellableRunnable item = new CancellableRunnable(Objects.requireNonNull(task, "task"));
        TimerHandle<?> timer = engine.schedule(new DelayedHandOff(item, this), delay, unit);
        return new Cancellable() {
            @Override
            public void cancel() {
                item.cancel();
                timer.cancel();
            }

            @Override
            public boolean isCancelled() {
                return item.isCancelled();
            }
        };
    }

    @Override
    public Cancellable schedulePeriodically(Runnable task, long initialDelay, long period, TimeUnit unit) {
        ExecutorWorker w = new ExecutorWorker(drains(), engine);
        Cancellable periodic = w.schedulePeriodically(task, initialDelay, period, unit);
        return new Cancellable() {
            @Override
            public void cancel() {
                periodic.cancel();
                w.cancel();
            }

            @Override
            public boolean isCancelled() {
                return periodic.isCancelled();
            }
        };
    }

    @Override
    public long now(TimeUnit unit) {
        return engine.now(unit);
    }

    @Override
    public Scheduler.Worker createWorker() {
        if (isShutdown()) {
            throw new RejectedExecutionException("the blocking pool takes no more tasks");
        }
        return new ExecutorWorker(drains(), engine);
    }

    /** Where a worker's drain runs: the pool itself, unless a view must not count it as a task. */
    Executor drains() {
        return this;
    }

    @Override
    public BlockingScheduler limited(int maxThreads, int maxQueued) {
        return new LimitedPool(this, engine, maxThreads, maxQueued);
    }
}
