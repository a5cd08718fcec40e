package dev.rill.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A delayed or periodic task: the wheel entry, the work, and its {@link TimerHandle}, in one object
 * (the only allocation per timer).
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

    private static final VarHandle STATE;
    private static final VarHandle WAITERS;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(ScheduledTask.class, "state", int.class);
            WAITERS = MethodHandles.lookup().findVarHandle(ScheduledTask.class, "waiters", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final TimerHost host;
    /** Where it runs when due, for the engine: an ordered worker, or null for the engine itself. */
    final SerialWorker worker;
    /**
     * The work; dropped when the task is cancelled while pending, so whatever it references (a
     * cancelled stream's subscriber, say) can be collected at once, not when the wheel gets round to
     * unlinking the entry, which for a far deadline may be hours away. Plain fields: only a run that
     * won the PENDING to RUNNING CAS reads them, and no run can win it after a cancel did.
     */
    private Runnable runnable;
    private Callable<V> callable;

    /** 0: one-shot; > 0: fixed rate; < 0: fixed delay of -period. Nanoseconds. */
    private final long period;
    /** When this run is due on the host's clock (nanoseconds); the grid point for fixed rate. */
    private long timeNanos;

    /** Whether it was created with no delay: it runs at once and skips the wheel. */
    private boolean immediate;

    /** Driver-owned: whether the driver counted this entry as cancelled. */
    boolean cancelCounted;

    @SuppressWarnings("unused")
    private volatile int state;
    /** Result or Throwable; written before the terminal state is published. */
    private Object outcome;
    @SuppressWarnings("unused")
    private volatile boolean waiters;

    ScheduledTask(TimerHost host, SerialWorker worker, Runnable runnable, Callable<V> callable, long timeNanos,
                  long period) {
        this.host = host;
        this.worker = worker;
        this.runnable = runnable;
        this.callable = callable;
        this.period = period;
        setTime(timeNanos);
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
        ScheduledTask<V> t = new ScheduledTask<>(host, worker, runnable, callable, host.nanoTime() + d, 0);
        t.immediate = d == 0;
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
        return immediate || timeNanos <= host.nanoTime();
    }

    /** True if it was created with no delay (one clock read saved on the submit path). */
    boolean isImmediate() {
        return immediate;
    }

    private void setTime(long nanos) {
        timeNanos = nanos;
        deadline = TimerHost.ticksCeil(nanos);
    }

    boolean isPeriodic() {
        return period != 0;
    }

    @Override
    boolean isCancelledEntry() {
        return (int) STATE.getVolatile(this) == CANCELLED;
    }

    @Override
    public void run() {
        if (!STATE.compareAndSet(this, PENDING, RUNNING)) {
            return; // cancelled while queued
        }
        if (period == 0) {
            runOnce();
        } else {
            runPeriod();
        }
    }

    private void runOnce() {
        try {
            V v = callable != null ? callable.call() : null;
            if (callable == null) {
                runnable.run();
            }
            outcome = v;
            finish(DONE);
        } catch (Throwable t) {
            if (callable == null) {
                host.reportError(t); // a Runnable has nobody else to tell; before the future shows it
            }
            outcome = t;
            finish(FAILED);
        }
    }

    private void runPeriod() {
        immediate = false; // only the first run skips the wheel
        try {
            runnable.run();
        } catch (Throwable t) {
            host.reportError(t); // first, so whoever sees the failed future also sees the report
            outcome = t;
            finish(FAILED);
            return;
        }
        long now = host.nanoTime();
        if (period > 0) {
            long next = timeNanos + period;
            if (now - next > CATCH_UP_LIMIT_NANOS) {
                // Far behind (a suspended VM, a worker blocked for seconds): rejoin the grid at the
                // latest missed point rather than fire a burst of stale runs.
                next = now - Math.floorMod(now - timeNanos, period);
            }
            setTime(next);
        } else {
            setTime(now - period);
        }
        // Our fields above happen-before the re-arm through the CAS and the host's queue.
        if (STATE.compareAndSet(this, RUNNING, PENDING)) {
            host.arm(this);
        }
    }

    private void finish(int terminal) {
        STATE.setVolatile(this, terminal);
        wakeWaiters();
    }

    /**
     * After a move to a terminal state: wakes the threads in {@link #get}. Dekker with get(): it
     * sets {@code waiters} then re-reads the state before it waits.
     */
    private void wakeWaiters() {
        if ((boolean) WAITERS.getVolatile(this)) {
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
            int s = (int) STATE.getVolatile(this);
            boolean cancellable = s == PENDING || (s == RUNNING && period != 0);
            if (!cancellable) {
                return false;
            }
            if (STATE.compareAndSet(this, s, CANCELLED)) {
                if (s == PENDING) {
                    runnable = null;
                    callable = null;
                    host.disarm(this);
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
        Runnable r = runnable; // read before the CAS: only the CAS winner clears it
        if (!STATE.compareAndSet(this, PENDING, CANCELLED)) {
            return;
        }
        runnable = null;
        callable = null;
        wakeWaiters();
        if (r instanceof Rejectable x) {
            x.rejected(cause);
        }
    }

    /** The Runnable it runs (null for a Callable, or once cancelled); for deciding whom to tell. */
    Runnable task() {
        return runnable;
    }

    @Override
    public boolean isCancelled() {
        return (int) STATE.getVolatile(this) == CANCELLED;
    }

    @Override
    public boolean isDone() {
        return (int) STATE.getVolatile(this) >= DONE;
    }

    @Override
    public V get() throws InterruptedException, ExecutionException {
        if (!isDone()) {
            synchronized (this) {
                WAITERS.setVolatile(this, true);
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
                WAITERS.setVolatile(this, true);
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
        int s = (int) STATE.getVolatile(this);
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
        return unit.convert(timeNanos - host.nanoTime(), TimeUnit.NANOSECONDS);
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
        return "ScheduledTask[" + (runnable != null ? runnable : callable) + ", due in "
                + getDelay(TimeUnit.MILLISECONDS) + " ms]";
    }
}
