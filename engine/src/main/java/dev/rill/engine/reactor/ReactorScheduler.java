package dev.rill.engine.reactor;

import dev.rill.engine.Cancellable;
import dev.rill.engine.Engine;
import dev.rill.engine.adapter.AdaptedTask;
import dev.rill.engine.adapter.AdapterCore;
import dev.rill.engine.adapter.Generation;
import dev.rill.engine.adapter.QueueCap;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import reactor.core.Disposable;
import reactor.core.Exceptions;
import reactor.core.Scannable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * A Reactor {@link Scheduler} that runs on Rill: tasks go to the engine (or its blocking pool, or
 * one serial worker for {@code single()}), delays and periods to its timer wheel, workers are Rill
 * {@link dev.rill.engine.Scheduler.Worker}s. Disposing it rejects new tasks and drops the ones that
 * have not started, but never closes the engine, which other schedulers may share; {@link
 * #start()} takes tasks again.
 *
 * <p>Contract, as Reactor's own schedulers keep it: a rejected task throws Reactor's
 * {@code RejectedExecutionException} ({@link Exceptions#failWithRejected}); a task that throws is
 * reported to {@link Schedulers#onHandleError} (or the thread's uncaught-exception handler);
 * {@link #now} is wall-clock milliseconds as Reactor's default is, but from a monotonic clock;
 * {@link #disposeGracefully()} stops periodic tasks, lets started and queued ones finish, and
 * completes when none is left.
 *
 * <p>Threading: every method from any thread.
 */
final class ReactorScheduler implements Scheduler, Scannable, AdaptedTask.Owner {

    final String name;
    final AdapterCore core;
    private final dev.rill.engine.Scheduler target;
    private final Supplier<dev.rill.engine.Scheduler.Worker> workers;
    private final int capacity;
    /** boundedElastic's queued-task cap, or null. */
    final QueueCap cap;

    ReactorScheduler(String name, Engine engine, dev.rill.engine.Scheduler target,
                     Supplier<dev.rill.engine.Scheduler.Worker> workers, int capacity, QueueCap cap) {
        this.name = name;
        this.core = new AdapterCore(engine);
        this.target = target;
        this.workers = workers;
        this.capacity = capacity;
        this.cap = cap;
    }

    // Now, later and periodically each reach the engine through a call of their own (AdapterCore).

    @Override
    public Disposable schedule(Runnable task) {
        ReactorTask t = accept(task, TimeUnit.NANOSECONDS, false);
        try {
            core.submitNow(t, target);
        } catch (RejectedExecutionException e) {
            throw Exceptions.failWithRejected(e); // the task was finished (disposed) by submit
        }
        return t;
    }

    @Override
    public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
        ReactorTask t = accept(task, unit, false);
        try {
            core.submitLater(t, target, delay, unit); // at once if the delay is not positive
        } catch (RejectedExecutionException e) {
            throw Exceptions.failWithRejected(e);
        }
        return t;
    }

    @Override
    public Disposable schedulePeriodically(Runnable task, long initialDelay, long period, TimeUnit unit) {
        ReactorTask t = accept(task, unit, true);
        try {
            core.submitPeriodically(t, target, null, initialDelay, period, unit);
        } catch (RejectedExecutionException e) {
            throw Exceptions.failWithRejected(e);
        }
        return t;
    }

    /** Checks a new task in (arguments, state, boundedElastic's cap) and applies the schedule hooks. */
    private ReactorTask accept(Runnable task, TimeUnit unit, boolean periodic) {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(unit, "unit");
        if (!core.isRunning()) {
            throw Exceptions.failWithRejected();
        }
        if (cap != null && !cap.tryTake(QueueCap.ANY_LANE)) {
            throw Exceptions.failWithRejected(cap.refusal(QueueCap.ANY_LANE));
        }
        // As Reactor's own schedulers do: context propagation, tracing and MDC ride on these hooks.
        return new ReactorTask(Schedulers.onSchedule(task), this, periodic);
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
        if (cap != null) {
            cap.finished(task, started, QueueCap.ANY_LANE);
        }
    }

    @Override
    public void started(AdaptedTask task) {
        if (cap != null) {
            cap.giveBack(QueueCap.ANY_LANE);
        }
    }

    @Override
    public void failed(Throwable error) {
        handleError(error);
    }

    @Override
    public long now(TimeUnit unit) {
        return core.now(unit);
    }

    @Override
    public Worker createWorker() {
        if (!core.isRunning()) {
            throw Exceptions.failWithRejected();
        }
        try {
            return new ReactorWorker(this, workers.get());
        } catch (RejectedExecutionException e) {
            throw Exceptions.failWithRejected(e);
        }
    }

    @Override
    public void dispose() {
        // Nothing below it is closed: the rails, the blocking view and the engine stay usable, so
        // that start() brings the scheduler back (Reactor's own restart), and the tasks that have
        // not started finish without running when their turn comes (AdaptedTask).
        core.dispose();
    }

    @Override
    public boolean isDisposed() {
        return !core.isRunning();
    }

    @Override
    public Mono<Void> disposeGracefully() {
        return Mono.defer(() -> {
            core.shutDownGracefully(); // periodic tasks stop, as ScheduledThreadPoolExecutor.shutdown() does
            // Polled on the wheel every millisecond: a graceful shutdown is rare, the task path
            // is not, and an exact zero-crossing signal would cost every task an atomic.
            return Mono.<Void>create(sink -> {
                // The first poll may run before schedulePeriodically has returned its handle (it
                // runs at once): it then only records that it is over, and whoever sees the handle
                // and that mark second cancels it.
                AtomicReference<Cancellable> poll = new AtomicReference<>();
                AtomicBoolean over = new AtomicBoolean();
                Runnable stopPolling = () -> {
                    over.set(true);
                    Cancellable c = poll.get();
                    if (c != null) {
                        c.cancel();
                    }
                };
                Runnable check = () -> {
                    if (!over.get() && core.pending() == 0) {
                        stopPolling.run();
                        dispose();
                        sink.success();
                    }
                };
                try {
                    poll.set(core.engine().schedulePeriodically(check, 0, 1, TimeUnit.MILLISECONDS));
                } catch (RejectedExecutionException closed) {
                    dispose(); // the engine is gone: nothing of ours can still run
                    sink.success();
                    return;
                }
                if (over.get()) {
                    stopPolling.run();
                }
                sink.onCancel(stopPolling::run);
            });
        });
    }

    @Override
    public void init() {
        if (core.isClosed()) {
            throw new IllegalStateException("Initializing a disposed scheduler is not permitted: " + name);
        }
    }

    @Override
    @Deprecated
    public void start() {
        core.restart(); // Reactor's start() brings a disposed scheduler back
    }

    @Override
    @SuppressWarnings("rawtypes") // Scannable declares the parameter raw; an override must match it
    public Object scanUnsafe(Attr key) {
        if (key == Attr.NAME) {
            return name;
        }
        if (key == Attr.CAPACITY) {
            return capacity;
        }
        if (key == Attr.BUFFERED) {
            return (int) Math.min(Integer.MAX_VALUE, core.pending());
        }
        if (key == Attr.TERMINATED || key == Attr.CANCELLED) {
            return isDisposed();
        }
        return null;
    }

    @Override
    public String toString() {
        return name;
    }

    private static final MethodHandle HANDLE_ERROR = findHandleError();

    /** Reactor's own error path for failing tasks (package-private there), else the thread's handler. */
    static void handleError(Throwable error) {
        if (HANDLE_ERROR != null) {
            try {
                HANDLE_ERROR.invokeExact(error);
                return;
            } catch (Throwable ignored) {
                // fall through to the thread's handler
            }
        }
        Thread t = Thread.currentThread();
        t.getUncaughtExceptionHandler().uncaughtException(t, error);
    }

    private static MethodHandle findHandleError() {
        try {
            var m = Schedulers.class.getDeclaredMethod("handleError", Throwable.class);
            m.setAccessible(true);
            return MethodHandles.lookup().unreflect(m).asType(MethodType.methodType(void.class, Throwable.class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
