package dev.rill.engine.rxjava;

import dev.rill.engine.adapter.AdaptedTask;
import dev.rill.engine.adapter.Generation;
import dev.rill.engine.adapter.TaskSet;
import io.reactivex.rxjava3.core.Scheduler;
import io.reactivex.rxjava3.disposables.Disposable;
import io.reactivex.rxjava3.plugins.RxJavaPlugins;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * An RxJava {@link Scheduler.Worker} over a Rill worker: its tasks run in order, one at a time.
 * Disposing it cancels its delayed and periodic tasks at once and makes queued ones finish without
 * running; scheduling on a disposed worker returns a disposed {@code Disposable}, as RxJava's
 * workers do.
 *
 * <p>Threading: every method from any thread.
 */
final class RxWorker extends Scheduler.Worker implements AdaptedTask.Owner {

    private final RxScheduler parent;
    private final dev.rill.engine.Scheduler.Worker worker;
    private final TaskSet timed = new TaskSet();
    /** Its scheduler's generation when it was made: a dispose of the scheduler disposes it too. */
    private final Generation generation;
    private volatile boolean disposed;
    /** The task running now (its tasks run one at a time): disposing the worker interrupts it. */
    private volatile AdaptedTask current;

    RxWorker(RxScheduler parent, dev.rill.engine.Scheduler.Worker worker) {
        this.parent = parent;
        this.worker = worker;
        this.generation = parent.core.generation();
    }

    /** What a shut-down scheduler hands out: a worker that refuses everything. */
    static RxWorker disposed(RxScheduler parent) {
        RxWorker w = new RxWorker(parent, null);
        w.disposed = true;
        return w;
    }

    // Now, later and periodically each reach the engine through a call of their own (AdapterCore).

    @Override
    public Disposable schedule(Runnable run) {
        RxTask t = accept(run, TimeUnit.NANOSECONDS, false);
        if (t == null) {
            return Disposable.disposed(); // RxJava: a disposed worker schedules nothing, silently
        }
        try {
            parent.core.submitNow(t, worker);
        } catch (RejectedExecutionException e) {
            return RxScheduler.refused(e);
        }
        return t;
    }

    @Override
    public Disposable schedule(Runnable run, long delay, TimeUnit unit) {
        RxTask t = accept(run, unit, false);
        if (t == null) {
            return Disposable.disposed();
        }
        try {
            parent.core.submitLater(t, worker, timed, delay, unit); // at once if the delay is not positive
        } catch (RejectedExecutionException e) {
            return RxScheduler.refused(e);
        }
        return t;
    }

    @Override
    public Disposable schedulePeriodically(Runnable run, long initialDelay, long period, TimeUnit unit) {
        RxTask t = accept(run, unit, true);
        if (t == null) {
            return Disposable.disposed();
        }
        try {
            parent.core.submitPeriodically(t, worker, timed, initialDelay, period, unit);
        } catch (RejectedExecutionException e) {
            return RxScheduler.refused(e);
        }
        return t;
    }

    /** A new task with the schedule hook applied, or null if this worker or its scheduler is disposed. */
    private RxTask accept(Runnable run, TimeUnit unit, boolean periodic) {
        Objects.requireNonNull(run, "run is null");
        Objects.requireNonNull(unit, "unit is null");
        if (isClosed() || !generation.isRunning()) {
            return null;
        }
        return new RxTask(RxJavaPlugins.onSchedule(run), this, periodic);
    }

    @Override
    public long now(TimeUnit unit) {
        return parent.now(unit);
    }

    @Override
    public boolean isClosed() {
        return disposed || generation.isDisposed();
    }

    @Override
    public Generation generation() {
        return generation;
    }

    @Override
    public void finished(AdaptedTask task, boolean started) {
        parent.core.finished(task, timed);
    }

    @Override
    public void failed(Throwable error) {
        RxJavaPlugins.onError(error);
    }

    @Override
    public void running(AdaptedTask task, boolean starts) {
        current = starts ? task : null;
    }

    @Override
    public void dispose() {
        if (!disposed) {
            disposed = true;
            timed.cancelAll(false);
            AdaptedTask running = current;
            if (running != null) {
                running.cancel(); // interrupts it, as disposing a worker of RxJava's own does
            }
        }
    }

    @Override
    public boolean isDisposed() {
        return disposed;
    }
}
