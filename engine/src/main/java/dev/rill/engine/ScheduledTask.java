package dev.rill.engine;

import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * A delayed or periodic task: the wheel entry, the work, and its {@link TimerHandle}, in one object
 * (the only allocation per one-shot timer; a periodic one adds a holder for its period, once).
 *
 * <p>States: PENDING (armed or queued to run) → RUNNING → DONE or FAILED; or PENDING → CANCELLED.
 * Starting and cancelling are both a CAS out of PENDING, so exactly one of "ran" and "cancelled"
 * happens. A periodic task goes RUNNING → PENDING and re-arms itself; cancelling it while RUNNING
 * stops the periods after the current one. A closing engine drops a pending task with the same CAS
 * ({@link #rejected}): the task is cancelled, and its work hears it if it is a {@link Rejectable}.
 *
 * <p>Periods: fixed rate keeps the grid {@code first + k × period} with no drift; runs that fall
 * behind (a late dispatch, an overrunning run) catch up one after another, so no period is lost,
 * unless they are more than {@link #CATCH_UP_LIMIT_NANOS} behind: then the missed points are
 * skipped. Fixed delay measures from the end of each run. A run that throws ends the periods and
 * goes to the error hook.
 *
 * <p>Threading: {@link #run()} by the executor it is dispatched to; {@link #cancel(boolean)},
 * {@link #get()} and the rest from any thread.
 */
final class ScheduledTask<V> extends TimerEntry implements TimerHandle<V>, Rejectable {

    private static final int PENDING = 0;
    private static final int RUNNING = 1;
    private static final int DONE = 2;
    private static final int FAILED = 3;
    private static final int CANCELLED = 4;

    /**
     * How far behind its grid a fixed-rate task may fall and still catch up run by run (as {@code
     * ScheduledThreadPoolExecutor}, Reactor and RxJava do): within it, a 1 ms {@code interval} that
     * ran late loses no tick; beyond it, the missed points are skipped.
     */
    static final long CATCH_UP_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** Longest delay honoured, about 146 years: keeps deadline arithmetic clear of overflow. */
    static final long MAX_DELAY_NANOS = 1L << 62;

    // A field updater and plain volatile accesses rather than VarHandles: the same volatile
    // semantics, and far fewer calls while C2 has not compiled the timer paths yet (a VarHandle
    // access costs five calls in profiled code: bench/README.md, the cold window).
    @SuppressWarnings("rawtypes") // the updater of a generic class cannot name its type argument
    private static final AtomicIntegerFieldUpdater<ScheduledTask> STATE =
            AtomicIntegerFieldUpdater.newUpdater(ScheduledTask.class, "state");

    private static final byte RUNNABLE = 0;
    private static final byte CALLABLE = 1;
    private static final byte FIXED_RATE = 2;
    private static final byte FIXED_DELAY = 3;

    /**
     * Where it runs when due and whose clock and wheel it uses, in one field: the {@link
     * SerialWorker} it was scheduled on (its host is that worker's timers), else the {@link
     * TimerHost} itself (the engine runs it). One reference instead of two keeps a pending timer
     * within 64 bytes (bench/README.md).
     */
    private final Object place;
    /**
     * The work: a Runnable ({@link #RUNNABLE}), a Callable ({@link #CALLABLE}), or a {@link
     * Periodic} holding the Runnable and its period (so one-shot timers, nearly all of them, carry
     * no period field). Dropped when the task is cancelled while pending, so whatever it references
     * (a cancelled stream's subscriber, say) can be collected at once, not when the wheel gets round
     * to unlinking the entry, which for a far deadline may be hours away. A plain field: only a run
     * that won the PENDING to RUNNING CAS reads it to run it, and no run can win it after a cancel
     * did; other readers ({@link #task()}) only describe it and tolerate a stale value.
     */
    private Object work;
    /** What {@link #work} is; also says "periodic" after a cancel dropped the work. */
    private final byte kind;

    /** When this run is due on the host's clock (nanoseconds); the grid point for fixed rate. */
    private long timeNanos;

    /** Whether it was created with no delay: it runs at once and skips the wheel. */
    private boolean immediate;

    /** Driver-owned: whether the driver counted this entry as cancelled. */
    boolean cancelCounted;

    private volatile int state;
    /** Result or Throwable; written before the terminal state is published. */
    private Object outcome;
    private volatile boolean waiters;

    /** A periodic task's Runnable and period (nanoseconds, positive): allocated once per periodic task. */
    private static final class Periodic {
        final Runnable task;
        final long period;

        Periodic(Runnable task, long period) {
            this.task = task;
            this.period = period;
        }
    }

    /** {@code period}: 0 one-shot, > 0 fixed rate, < 0 fixed delay of -period (nanoseconds). */
    ScheduledTask(TimerHost host, SerialWorker worker, Runnable runnable, Callable<V> callable, long timeNanos,
                  long period) {
        this(host, worker, runnable, callable, period);
        setTime(timeNanos);
    }

    /** Everything but the time, which the caller sets. */
    private ScheduledTask(TimerHost host, SerialWorker worker, Runnable runnable, Callable<V> callable, long period) {
        this.place = worker != null ? worker : host;
        if (period != 0) {
            this.work = new Periodic(runnable, Math.abs(period));
            this.kind = period > 0 ? FIXED_RATE : FIXED_DELAY;
        } else {
            this.work = callable != null ? callable : runnable;
            this.kind = callable != null ? CALLABLE : RUNNABLE;
        }
    }

    /** Whose clock and wheel it uses. */
    TimerHost host() {
        Object p = place;
        return p instanceof SerialWorker w ? w.timers : (TimerHost) p;
    }

    /** The ordered worker it runs on when due, or null for the engine itself. */
    SerialWorker worker() {
        return place instanceof SerialWorker w ? w : null;
    }

    /**
     * A one-shot task due {@code delay} from now on {@code host}'s clock.
     *
     * @throws NullPointerException if the task or unit is null
     */
    static <V> ScheduledTask<V> oneShot(TimerHost host, SerialWorker worker, Runnable runnable, Callable<V> callable,
                                        long delay, TimeUnit unit) {
        if (runnable == null && callable == null) {
            throw new NullPointerException("task");
        }
        Objects.requireNonNull(unit, "unit");
        long d = clampDelay(unit.toNanos(delay));
        long start = host.startNanos();
        if (start != TimerHost.DEFERRED) {
            ScheduledTask<V> t = new ScheduledTask<>(host, worker, runnable, callable, start + d, 0);
            t.immediate = d == 0;
            return t;
        }
        // The arm sets the start (WorkerTimers#arm): until then the time holds the delay alone. An
        // immediate task runs at once and is never armed: due since the epoch, no clock read.
        ScheduledTask<V> t = new ScheduledTask<>(host, worker, runnable, callable, 0);
        t.timeNanos = d;
        t.immediate = d == 0;
        t.deadline = d != 0 ? UNRESOLVED : 0; // no rounding spent on a deadline the arm replaces
        return t;
    }

    /**
     * A periodic task: fixed rate if {@code fixedRate}, else fixed delay.
     *
     * @throws NullPointerException if the task or unit is null
     * @throws IllegalArgumentException if {@code period} is not positive
     */
    static ScheduledTask<Void> periodic(TimerHost host, SerialWorker worker, Runnable runnable, long initialDelay,
                                        long period, TimeUnit unit, boolean fixedRate) {
        Objects.requireNonNull(runnable, "task");
        Objects.requireNonNull(unit, "unit");
        if (period <= 0) {
            throw new IllegalArgumentException((fixedRate ? "period" : "delay") + " must be positive, was " + period
                    + " " + unit); // scheduleWithFixedDelay calls it delay
        }
        long p = Math.min(unit.toNanos(period), MAX_DELAY_NANOS);
        long d = clampDelay(unit.toNanos(initialDelay));
        ScheduledTask<Void> t = new ScheduledTask<>(host, worker, runnable, null, host.nanoTime() + d, fixedRate ? p : -p);
        t.immediate = d == 0;
        return t;
    }

    private static long clampDelay(long nanos) {
        return Math.max(0, Math.min(nanos, MAX_DELAY_NANOS));
    }

    /** True if it was created with no delay, or its time has come on the host's clock. */
    boolean isDue() {
        return immediate || timeNanos <= host().nanoTime();
    }

    /** True if it was created with no delay (one clock read saved on the submit path). */
    boolean isImmediate() {
        return immediate;
    }

    private void setTime(long nanos) {
        timeNanos = nanos;
        deadline = TimerHost.ticksCeil(nanos);
    }

    /**
     * True if it was created with its delay alone ({@link TimerHost#DEFERRED}): whoever arms it
     * must {@link #resolve} it first. Only the arming thread asks, before the handle is returned.
     */
    boolean isUnresolved() {
        return deadline == UNRESOLVED;
    }

    /** Sets an unresolved task's time: {@code startNanos} plus its delay. */
    void resolve(long startNanos) {
        setTime(startNanos + timeNanos);
    }

    /** Moves a pending task's time {@code nanos} later (never earlier); returns the new deadline in ticks. */
    long postpone(long nanos) {
        setTime(timeNanos + nanos);
        return deadline;
    }

    boolean isPeriodic() {
        return kind >= FIXED_RATE;
    }

    @Override
    boolean isCancelledEntry() {
        return state == CANCELLED;
    }

    @Override
    public void run() {
        if (!STATE.compareAndSet(this, PENDING, RUNNING)) {
            return; // cancelled while queued
        }
        if (kind < FIXED_RATE) {
            runOnce();
        } else {
            runPeriod();
        }
    }

    private void runOnce() {
        try {
            V v = null;
            if (kind == CALLABLE) {
                @SuppressWarnings("unchecked")
                Callable<V> c = (Callable<V>) work;
                v = c.call();
            } else {
                ((Runnable) work).run();
            }
            outcome = v;
            finish(DONE);
        } catch (Throwable t) {
            if (kind != CALLABLE) {
                host().reportError(t); // a Runnable has nobody else to tell; before the future shows it
            }
            outcome = t;
            finish(FAILED);
        }
    }

    private void runPeriod() {
        immediate = false; // only the first run skips the wheel
        Periodic p = (Periodic) work; // intact: we won the CAS out of PENDING, and only that CAS's loser drops it
        TimerHost host = host();
        try {
            p.task.run();
        } catch (Throwable t) {
            host.reportError(t); // first, so whoever sees the failed future also sees the report
            outcome = t;
            finish(FAILED);
            return;
        }
        long now = host.nanoTime();
        long period = p.period;
        if (kind == FIXED_RATE) {
            long next = timeNanos + period;
            if (now - next > CATCH_UP_LIMIT_NANOS) {
                // Far behind (a suspended VM, a worker blocked for seconds): rejoin the grid at the
                // latest missed point rather than fire a burst of stale runs.
                next = now - Math.floorMod(now - timeNanos, period);
            }
            setTime(next);
        } else {
            setTime(now + period);
        }
        // Our fields above happen-before the re-arm through the CAS and the host's queue.
        if (STATE.compareAndSet(this, RUNNING, PENDING)) {
            host.arm(this);
        }
    }

    private void finish(int terminal) {
        state = terminal;
        wakeWaiters();
    }

    /**
     * After a move to a terminal state: wakes the threads in {@link #get}. Dekker with get(): it
     * sets {@code waiters} then re-reads the state before it waits.
     */
    private void wakeWaiters() {
        if (waiters) {
            synchronized (this) {
                notifyAll();
            }
        }
    }

    @Override
    public void cancel() {
        cancel(false);
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        for (;;) {
            int s = state;
            boolean cancellable = s == PENDING || (s == RUNNING && isPeriodic());
            if (!cancellable) {
                return false;
            }
            if (STATE.compareAndSet(this, s, CANCELLED)) {
                if (s == PENDING) {
                    work = null;
                    host().disarm(this);
                }
                wakeWaiters();
                return true;
            }
        }
    }

    /**
     * The engine closed with this task pending: cancelled, and its work told if it is a {@link
     * Rejectable}. Only out of PENDING: a periodic task in the middle of a run re-arms after it and
     * is rejected then, so the hook never overlaps a run.
     */
    @Override
    public void rejected(RejectedExecutionException cause) {
        Runnable r = task(); // read before the CAS: only the CAS winner clears it
        if (!STATE.compareAndSet(this, PENDING, CANCELLED)) {
            return;
        }
        work = null;
        wakeWaiters();
        if (r instanceof Rejectable x) {
            x.rejected(cause);
        }
    }

    /** The Runnable it runs (null for a Callable, or once cancelled); for deciding whom to tell. */
    Runnable task() {
        Object w = work;
        if (kind == CALLABLE) {
            return null;
        }
        return w instanceof Periodic p ? p.task : (Runnable) w;
    }

    @Override
    public boolean isCancelled() {
        return state == CANCELLED;
    }

    @Override
    public boolean isDone() {
        return state >= DONE;
    }

    @Override
    public V get() throws InterruptedException, ExecutionException {
        if (!isDone()) {
            synchronized (this) {
                waiters = true;
                while (!isDone()) {
                    wait();
                }
            }
        }
        return report();
    }

    @Override
    public V get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        if (!isDone()) {
            long deadlineNanos = System.nanoTime() + unit.toNanos(timeout);
            synchronized (this) {
                waiters = true;
                while (!isDone()) {
                    long left = deadlineNanos - System.nanoTime();
                    if (left <= 0) {
                        throw new TimeoutException("not done within " + timeout + " " + unit);
                    }
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                }
            }
        }
        return report();
    }

    @SuppressWarnings("unchecked")
    private V report() throws ExecutionException {
        int s = state;
        if (s == CANCELLED) {
            throw new CancellationException("the scheduled task was cancelled");
        }
        if (s == FAILED) {
            throw new ExecutionException((Throwable) outcome);
        }
        return (V) outcome;
    }

    @Override
    public long getDelay(TimeUnit unit) {
        return unit.convert(timeNanos - host().nanoTime(), TimeUnit.NANOSECONDS);
    }

    @Override
    public int compareTo(Delayed other) {
        if (other == this) {
            return 0;
        }
        return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
    }

    @Override
    public String toString() {
        Object w = work;
        return "ScheduledTask[" + (w instanceof Periodic p ? p.task : w) + ", due in "
                + getDelay(TimeUnit.MILLISECONDS) + " ms]";
    }
}
