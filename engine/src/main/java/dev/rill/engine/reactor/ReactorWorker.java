package dev.rill.engine.reactor;

import dev.rill.engine.adapter.AdaptedTask;
import dev.rill.engine.adapter.Generation;
import dev.rill.engine.adapter.QueueCap;
import dev.rill.engine.adapter.TaskSet;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import reactor.core.Disposable;
import reactor.core.Exceptions;
import reactor.core.Scannable;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * A Reactor {@link Scheduler.Worker} over a Rill worker: its tasks run in order, one at a time.
 * Disposing it rejects new tasks, cancels its delayed and periodic ones at once, and makes the
 * queued ones finish without running (they are skipped when their turn comes, which keeps the
 * parent's count of unfinished tasks exact).
 *
 * <p>Threading: every method from any thread.
 */
final class ReactorWorker implements Scheduler.Worker, Scannable, AdaptedTask.Owner {

    private static final VarHandle DISPOSED;

    static {
        try {
            DISPOSED = MethodHandles.lookup().findVarHandle(ReactorWorker.class, "disposed", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final ReactorScheduler parent;
    private final dev.rill.engine.Scheduler.Worker worker;
    private final TaskSet timed = new TaskSet();
    /** Its scheduler's generation when it was made: a dispose of the scheduler disposes it too. */
    private final Generation generation;
    /** Its place in boundedElastic's per-thread queue caps ({@link QueueCap}). */
    private final int lane;
    private volatile boolean disposed;
    /** The task running now (its tasks run one at a time): disposing the worker interrupts it. */
    private volatile AdaptedTask current;

    ReactorWorker(ReactorScheduler parent, dev.rill.engine.Scheduler.Worker worker) {
        this.parent = parent;
        this.worker = worker;
        this.generation = parent.core.generation();
        this.lane = parent.cap == null ? QueueCap.ANY_LANE : parent.cap.pin();
    }

    // Now, later and periodically each reach the engine through a call of their own (AdapterCore).

    @Override
    public Disposable schedule(Runnable task) {
        ReactorTask t = accept(task, TimeUnit.NANOSECONDS, false);
        try {
            parent.core.submitNow(t, worker);
        } catch (RejectedExecutionException e) {
            throw Exceptions.failWithRejected(e);
        }
        return t;
    }

    @Override
    public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
        ReactorTask t = accept(task, unit, false);
        try {
            parent.core.submitLater(t, worker, timed, delay, unit); // at once if the delay is not positive
        } catch (RejectedExecutionException e) {
            throw Exceptions.failWithRejected(e);
        }
        return t;
    }

    @Override
    public Disposable schedulePeriodically(Runnable task, long initialDelay, long period, TimeUnit unit) {
        ReactorTask t = accept(task, unit, true);
        try {
            parent.core.submitPeriodically(t, worker, timed, initialDelay, period, unit);
        } catch (RejectedExecutionException e) {
            throw Exceptions.failWithRejected(e);
        }
        return t;
    }

    /** Checks a new task in (arguments, state, boundedElastic's cap) and applies the schedule hooks. */
    private ReactorTask accept(Runnable task, TimeUnit unit, boolean periodic) {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(unit, "unit");
        if (isClosed() || !generation.isRunning()) {
            throw Exceptions.failWithRejected();
        }
        QueueCap cap = parent.cap;
        if (cap != null && !cap.tryTake(lane)) {
            throw Exceptions.failWithRejected(cap.refusal(lane));
        }
        // As Reactor's own schedulers do: context propagation, tracing and MDC ride on these hooks.
        return new ReactorTask(Schedulers.onSchedule(task), this, periodic);
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
        if (parent.cap != null) {
            parent.cap.finished(task, started, lane);
        }
    }

    @Override
    public void started(AdaptedTask task) {
        if (parent.cap != null) {
            parent.cap.giveBack(lane);
        }
    }

    @Override
    public void failed(Throwable error) {
        ReactorScheduler.handleError(error);
    }

    @Override
    public void running(AdaptedTask task, boolean starts) {
        current = starts ? task : null;
    }

    @Override
    public void dispose() {
        if (disposed || !DISPOSED.compareAndSet(this, false, true)) {
            return;
        }
        if (parent.cap != null) {
            parent.cap.unpin(lane);
        }
        timed.cancelAll(false);
        AdaptedTask running = current;
        if (running != null) {
            running.cancel(); // interrupts it, as disposing a worker of Reactor's own does
        }
    }

    @Override
    public boolean isDisposed() {
        return disposed;
    }

    @Override
    @SuppressWarnings("rawtypes") // Scannable declares the parameter raw; an override must match it
    public Object scanUnsafe(Attr key) {
        if (key == Attr.NAME) {
            return parent.name + ".worker";
        }
        if (key == Attr.PARENT) {
            return parent;
        }
        if (key == Attr.TERMINATED || key == Attr.CANCELLED) {
            return isClosed();
        }
        return null;
    }
}
