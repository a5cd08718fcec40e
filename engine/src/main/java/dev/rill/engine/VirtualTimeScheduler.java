package dev.rill.engine;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A {@link Scheduler} whose clock moves only when a test says so, for testing time-based code
 * without sleeping (like Reactor's {@code VirtualTimeScheduler}).
 *
 * <pre>{@code
 * VirtualTimeScheduler vts = VirtualTimeScheduler.create();
 * vts.schedule(() -> fired.set(true), 5, TimeUnit.SECONDS);
 * vts.advanceTimeBy(Duration.ofSeconds(5));   // runs it, now, on this thread
 * }</pre>
 *
 * <p>Tasks run on the thread that moves time ({@link #advanceTimeBy}, {@link #advanceTimeTo}), or
 * at once on the scheduling thread for tasks due now, one at a time, in deadline order; tasks due
 * at the same tick run in the order they were scheduled. Time moves in the wheel's ticks of
 * 100 µs: a delay of 150 µs runs when the clock reaches 200 µs. A task that itself calls
 * {@code advanceTimeBy} moves the clock forward as if it had taken that long (useful to simulate a
 * slow periodic task); the tasks that became due run after it returns.
 *
 * <p>A task that throws has its exception rethrown from the call that moved time, once every due
 * task has run (further ones are added as suppressed).
 *
 * <p>To test code that uses the operators' default scheduler ({@code Rill.interval(Duration)},
 * {@code timeout(Duration)} and the other time operators without a scheduler argument), assemble it
 * inside {@link #assemble}: meanwhile this scheduler stands in for {@link Engine#common()} on the
 * assembling thread, as Reactor's {@code VirtualTimeScheduler.getOrSet()} stands in for its
 * default schedulers, but only for that assembly and that thread.
 *
 * <p>Threading: any thread may schedule and move time; tasks never run in parallel.
 */
public final class VirtualTimeScheduler implements Scheduler {

    /** The scheduler an assembly on this thread runs under ({@link #assemble}), if any. */
    private static final ThreadLocal<VirtualTimeScheduler> ASSEMBLING = new ThreadLocal<>();

    private final Host host = new Host();
    private final TimerWheel wheel = new TimerWheel(0);
    private final ArrayDeque<ScheduledTask<?>> ready = new ArrayDeque<>();
    private final List<ScheduledTask<?>> fired = new ArrayList<>();
    private long nowNanos;
    private long targetNanos;
    /**
     * Insertion order of the entries in the wheel, so that entries with equal deadlines fire
     * first-in first-out: kept here, not in every engine timer, since only virtual time needs it.
     */
    private final Map<ScheduledTask<?>, Long> order = new IdentityHashMap<>();
    private long seq;
    private Thread drainer;
    private Throwable failure;
    private boolean closed;

    private VirtualTimeScheduler() {
    }

    /** A new scheduler with its clock at zero. */
    public static VirtualTimeScheduler create() {
        return new VirtualTimeScheduler();
    }

    /**
     * Runs {@code assembly} on this thread with this scheduler standing in for the default
     * scheduler of time operators ({@link Engine#common()}), and returns what it built. Nested
     * calls stand in for the outer one until they return.
     *
     * <pre>{@code Rill<Long> ticks = vts.assemble(() -> Rill.interval(Duration.ofHours(1)));}</pre>
     *
     * @throws NullPointerException if {@code assembly} is null
     */
    public <T> T assemble(Supplier<T> assembly) {
        Objects.requireNonNull(assembly, "assembly");
        VirtualTimeScheduler outer = ASSEMBLING.get();
        ASSEMBLING.set(this);
        try {
            return assembly.get();
        } finally {
            if (outer == null) {
                ASSEMBLING.remove();
            } else {
                ASSEMBLING.set(outer);
            }
        }
    }

    /**
     * The scheduler an assembly running on this thread stands under ({@link #assemble}), or null:
     * what time operators take instead of {@link Engine#common()} when given no scheduler.
     */
    public static VirtualTimeScheduler assembling() {
        return ASSEMBLING.get();
    }

    @Override
    public Cancellable schedule(Runnable task) {
        return schedule(task, 0, TimeUnit.NANOSECONDS);
    }

    @Override
    public Cancellable schedule(Runnable task, long delay, TimeUnit unit) {
        return submit(ScheduledTask.oneShot(host, null, task, null, delay, unit));
    }

    @Override
    public Cancellable schedulePeriodically(Runnable task, long initialDelay, long period, TimeUnit unit) {
        return submit(ScheduledTask.periodic(host, null, task, initialDelay, period, unit, true));
    }

    @Override
    public long now(TimeUnit unit) {
        synchronized (this) {
            return unit.convert(nowNanos, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public Scheduler.Worker createWorker() {
        synchronized (this) {
            checkOpen();
        }
        return new VirtualWorker();
    }

    /** Moves the clock forward by {@code d}, running every task that comes due, in order. */
    public void advanceTimeBy(Duration d) {
        Objects.requireNonNull(d, "duration");
        if (d.isNegative()) {
            throw new IllegalArgumentException("time cannot go back: " + d);
        }
        long target;
        synchronized (this) {
            target = nowNanos + Math.min(Deadline.nanos(d), Long.MAX_VALUE - nowNanos); // "forever" saturates
        }
        advanceTimeTo(target, TimeUnit.NANOSECONDS);
    }

    /** Moves the clock to {@code time} (no-op if already past it), running what comes due. */
    public void advanceTimeTo(long time, TimeUnit unit) {
        long target = unit.toNanos(time);
        synchronized (this) {
            if (drainer == Thread.currentThread()) {
                // Called from a running task: the task "took" this long.
                nowNanos = Math.max(nowNanos, target);
                targetNanos = Math.max(targetNanos, target);
                return;
            }
            targetNanos = Math.max(targetNanos, target);
        }
        drain();
    }

    /** Runs the tasks that are due now without moving the clock. */
    public void runDue() {
        advanceTimeBy(Duration.ZERO);
    }

    /** Timers scheduled and not yet run or cancelled. */
    public synchronized int pending() {
        return wheel.size() + ready.size();
    }

    /** Cancels every pending task; later scheduling is rejected. */
    public void close() {
        List<ScheduledTask<?>> all = new ArrayList<>();
        synchronized (this) {
            closed = true;
            wheel.drainAll(e -> all.add((ScheduledTask<?>) e));
            order.clear();
            all.addAll(ready);
            ready.clear();
        }
        all.forEach(t -> t.cancel(false));
    }

    private Cancellable submit(ScheduledTask<?> t) {
        synchronized (this) {
            checkOpen();
            enqueue(t);
        }
        drain();
        return t;
    }

    private void checkOpen() {
        if (closed) {
            throw new RejectedExecutionException("the virtual-time scheduler is closed");
        }
    }

    /** Under the lock. */
    private void enqueue(ScheduledTask<?> t) {
        if (t.isDue() || !wheel.insert(t)) {
            ready.add(t);
        } else {
            order.put(t, seq++);
        }
    }

    /** One thread at a time runs tasks; others just leave theirs in the queues for it. */
    private void drain() {
        synchronized (this) {
            if (drainer != null) {
                return;
            }
            drainer = Thread.currentThread();
        }
        Throwable thrown;
        try {
            for (;;) {
                ScheduledTask<?> t;
                synchronized (this) {
                    t = nextDue();
                    if (t == null) {
                        nowNanos = Math.max(nowNanos, targetNanos);
                        wheel.advance(TimerHost.ticksFloor(nowNanos), x -> { }, order::remove);
                        drainer = null;
                        thrown = failure;
                        failure = null;
                        break;
                    }
                }
                t.run(); // outside the lock: the task may schedule, cancel or move time
            }
        } catch (RuntimeException | Error unexpected) {
            synchronized (this) {
                drainer = null;
            }
            throw unexpected;
        }
        if (thrown instanceof RuntimeException re) {
            throw re;
        }
        if (thrown instanceof Error er) {
            throw er;
        }
        if (thrown != null) {
            throw new IllegalStateException("a task failed", thrown);
        }
    }

    /** Under the lock: the next task to run, moving the clock to it if needed; null if none is due. */
    private ScheduledTask<?> nextDue() {
        for (;;) {
            ScheduledTask<?> t = ready.poll();
            if (t != null) {
                return t;
            }
            long tick = wheel.nextExpiration();
            if (tick == Long.MAX_VALUE || tick * TimerHost.TICK_NANOS > targetNanos) {
                return null;
            }
            wheel.advance(tick, e -> fired.add((ScheduledTask<?>) e), order::remove);
            fired.sort(Comparator.comparingLong(this::insertionOrder));
            fired.forEach(order::remove);
            ready.addAll(fired);
            fired.clear();
            nowNanos = Math.max(nowNanos, tick * TimerHost.TICK_NANOS);
        }
    }

    /** Under the lock: the entry's insertion order (the comparator of one sort: it only looks). */
    private long insertionOrder(ScheduledTask<?> t) {
        Long n = order.get(t);
        return n == null ? Long.MAX_VALUE : n;
    }

    private final class Host implements TimerHost {

        @Override
        public long nanoTime() {
            synchronized (VirtualTimeScheduler.this) {
                return nowNanos;
            }
        }

        @Override
        public void arm(ScheduledTask<?> task) {
            synchronized (VirtualTimeScheduler.this) {
                if (closed) {
                    task.cancel(false);
                    return;
                }
                enqueue(task);
            }
        }

        @Override
        public void disarm(ScheduledTask<?> task) {
            synchronized (VirtualTimeScheduler.this) {
                if (task.wheelState == TimerEntry.LINKED) {
                    wheel.remove(task);
                    order.remove(task);
                }
            }
        }

        @Override
        public void reportError(Throwable error) {
            synchronized (VirtualTimeScheduler.this) {
                if (failure == null) {
                    failure = error;
                } else if (failure != error) {
                    failure.addSuppressed(error);
                }
            }
        }
    }

    /** Ordered by construction: every task of the scheduler runs on one drainer, in deadline order. */
    private final class VirtualWorker implements Scheduler.Worker {

        private final List<ScheduledTask<?>> tasks = new ArrayList<>();
        private boolean disposed;

        @Override
        public Cancellable schedule(Runnable task) {
            return schedule(task, 0, TimeUnit.NANOSECONDS);
        }

        @Override
        public Cancellable schedule(Runnable task, long delay, TimeUnit unit) {
            return track(ScheduledTask.oneShot(host, null, task, null, delay, unit));
        }

        @Override
        public Cancellable schedulePeriodically(Runnable task, long initialDelay, long period, TimeUnit unit) {
            return track(ScheduledTask.periodic(host, null, task, initialDelay, period, unit, true));
        }

        private Cancellable track(ScheduledTask<?> t) {
            synchronized (this) {
                if (disposed) {
                    throw new RejectedExecutionException("this worker of the virtual-time scheduler was cancelled");
                }
                tasks.removeIf(ScheduledTask::isDone);
                tasks.add(t);
            }
            return submit(t);
        }

        @Override
        public void cancel() {
            List<ScheduledTask<?>> all;
            synchronized (this) {
                disposed = true;
                all = new ArrayList<>(tasks);
                tasks.clear();
            }
            all.forEach(t -> t.cancel(false));
        }

        @Override
        public synchronized boolean isCancelled() {
            return disposed;
        }
    }
}
