package dev.rill.engine.reactor;

import dev.rill.engine.AdaptedTask;
import dev.rill.engine.Engine;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
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
 * have not started, but never closes the engine, which other schedulers may share.
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

    private static final int RUNNING = 0;
    private static final int SHUTTING_DOWN = 1;
    private static final int DISPOSED = 2;

    final String name;
    final Engine engine;
    private final dev.rill.engine.Scheduler target;
    private final Supplier<dev.rill.engine.Scheduler.Worker> workers;
    private final int capacity;
    private final Runnable onDispose;
    private final long epochOffsetNanos;
    /** Tasks scheduled and not finished, workers' included: Reactor's BUFFERED, and what a graceful dispose waits for. */
    private final LongAdder pending = new LongAdder();
    /** Delayed and periodic tasks, cancelled at once on dispose rather than when they come due. */
    private final Set<ReactorTask> timed = ConcurrentHashMap.newKeySet();
    private final AtomicInteger state = new AtomicInteger();

    ReactorScheduler(String name, Engine engine, dev.rill.engine.Scheduler target,
                     Supplier<dev.rill.engine.Scheduler.Worker> workers, int capacity, Runnable onDispose) {
        this.name = name;
        this.engine = engine;
        this.target = target;
        this.workers = workers;
        this.capacity = capacity;
        this.onDispose = onDispose;
        this.epochOffsetNanos = TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis()) - engine.now(TimeUnit.NANOSECONDS);
    }

    @Override
    public Disposable schedule(Runnable task) {
        return submit(task, 0, 0, TimeUnit.NANOSECONDS, false);
    }

    @Override
    public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
        return submit(task, delay, 0, unit, false);
    }

    @Override
    public Disposable schedulePeriodically(Runnable task, long initialDelay, long period, TimeUnit unit) {
        return submit(task, initialDelay, period, unit, true);
    }

    private Disposable submit(Runnable task, long delay, long period, TimeUnit unit, boolean periodic) {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(unit, "unit");
        if (state.get() != RUNNING) {
            throw Exceptions.failWithRejected();
        }
        boolean tracked = periodic || delay > 0;
        ReactorTask t = new ReactorTask(task, this, periodic, tracked);
        return submit(t, target, timed, delay, period, unit, this::isClosed);
    }

    /** Shared with the workers: count, track, submit, and undo on rejection or a racing dispose. */
    ReactorTask submit(ReactorTask t, Object on, Set<ReactorTask> tracking, long delay, long period, TimeUnit unit,
                       java.util.function.BooleanSupplier closed) {
        pending.increment();
        if (t.tracked) {
            tracking.add(t);
        }
        try {
            if (on instanceof dev.rill.engine.Scheduler s) {
                t.submit(s, delay, period, unit);
            } else {
                t.submit((dev.rill.engine.Scheduler.Worker) on, delay, period, unit);
            }
        } catch (RejectedExecutionException e) {
            throw Exceptions.failWithRejected(e); // the task was finished (disposed) by submit
        }
        if (closed.getAsBoolean()) {
            t.cancel(); // a dispose ran while we scheduled: it may have missed this one
        }
        return t;
    }

    @Override
    public boolean isClosed() {
        return state.get() == DISPOSED;
    }

    @Override
    public void finished(AdaptedTask task) {
        pending.decrement();
        ReactorTask t = (ReactorTask) task;
        if (t.tracked) {
            timed.remove(t);
        }
    }

    void workerTaskFinished() {
        pending.decrement();
    }

    @Override
    public void failed(Throwable error) {
        handleError(error);
    }

    @Override
    public long now(TimeUnit unit) {
        return unit.convert(epochOffsetNanos + engine.now(TimeUnit.NANOSECONDS), TimeUnit.NANOSECONDS);
    }

    @Override
    public Worker createWorker() {
        if (state.get() != RUNNING) {
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
        if (state.getAndSet(DISPOSED) == DISPOSED) {
            return;
        }
        for (ReactorTask t : timed) {
            t.dispose();
        }
        onDispose.run();
    }

    @Override
    public boolean isDisposed() {
        return state.get() != RUNNING;
    }

    @Override
    public Mono<Void> disposeGracefully() {
        return Mono.defer(() -> {
            if (state.compareAndSet(RUNNING, SHUTTING_DOWN)) {
                for (ReactorTask t : timed) {
                    if (t.isPeriodic()) {
                        t.dispose(); // as ScheduledThreadPoolExecutor.shutdown() does
                    }
                }
            }
            // Polled on the wheel every millisecond: a graceful shutdown is rare, the task path
            // is not, and an exact zero-crossing signal would cost every task an atomic.
            return Mono.<Void>create(sink -> {
                dev.rill.engine.Cancellable[] poll = new dev.rill.engine.Cancellable[1];
                Runnable check = () -> {
                    if (pending.sum() == 0) {
                        poll[0].cancel();
                        dispose();
                        sink.success();
                    }
                };
                poll[0] = engine.schedulePeriodically(check, 0, 1, TimeUnit.MILLISECONDS);
                sink.onCancel(() -> poll[0].cancel());
            });
        });
    }

    @Override
    public void init() {
        if (state.get() == DISPOSED) {
            throw new IllegalStateException("Initializing a disposed scheduler is not permitted: " + name);
        }
    }

    @Override
    @Deprecated
    public void start() {
        state.compareAndSet(DISPOSED, RUNNING); // Reactor's start() brings a disposed scheduler back
    }

    @Override
    public Object scanUnsafe(Attr key) {
        if (key == Attr.NAME) {
            return name;
        }
        if (key == Attr.CAPACITY) {
            return capacity;
        }
        if (key == Attr.BUFFERED) {
            return (int) Math.min(Integer.MAX_VALUE, Math.max(0, pending.sum()));
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

    /** Waits up to {@code timeout} for a graceful dispose; for {@code RillReactor.uninstall}. */
    void awaitGracefully(Duration timeout) {
        disposeGracefully().timeout(timeout).onErrorResume(e -> Mono.fromRunnable(this::dispose)).block();
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
