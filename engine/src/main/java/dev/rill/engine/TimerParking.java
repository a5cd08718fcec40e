package dev.rill.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * Who may drive the timer wheel now, and how long a worker with nothing to do may sleep for it:
 * both questions answered in one place, in the shape of Tokio's {@code park.rs}.
 *
 * <p>Driving: the {@link TimerWheel} belongs, one holder at a time, to whoever holds the
 * {@code driving} try-lock: the timer thread ({@link TimerDriver}) almost always, a worker when that
 * thread is late. Nobody waits for the lock; a thread that does not get it leaves the work to the
 * holder. Taking it (a CAS) after the previous holder's release store orders each holder's use of
 * the wheel after the last.
 *
 * <p>The published deadline: the timer thread publishes the tick it sleeps until ({@link #AWAKE}
 * while it works, {@link Long#MAX_VALUE} with no timer set): the earliest of the shared wheel's
 * next expiration and the workers' due ticks ({@link WorkerTimers}). From it a worker decides
 * <ul>
 *   <li>whether to drive the wheel itself ({@link #assist}): at its
 *       maintenance tick and when a task's budget runs out, if the deadline has passed and the
 *       thread has not run yet (a woken third thread may wait milliseconds for a core); what fires
 *       goes to the worker's own queue;</li>
 *   <li>whether to watch the timers instead of parking ({@link #watch}): out of work with a
 *       deadline at most {@link #MAX_WATCH_NANOS} away, one worker sleeps until it and fires what
 *       is due, so a timer costs one wake-up (the worker's) instead of two in a row (the timer
 *       thread's, then a worker's for the task handed over). Watching is a shortcut, never a duty:
 *       the timer thread still keeps every deadline. The watcher slot itself lives in {@link Idle},
 *       because a producer must read it in the same Dekker pair as the idle counts.</li>
 * </ul>
 * The timer thread's own use (arm's offer-then-read against the thread's publish-then-look) is
 * argued in {@link TimerDriver}.
 *
 * <p>Threading: every method from any thread; {@link #watch} only by a worker for itself. The
 * {@code assists} counter is written by lock holders only and read racily.
 */
final class TimerParking {

    /** Published while the timer thread works: no deadline to act on. */
    static final long AWAKE = -1L;
    /** The furthest deadline a worker watches: beyond it the saved wake-up is noise. */
    static final long MAX_WATCH_NANOS = 50_000_000L;

    private static final VarHandle DRIVING;
    private static final VarHandle SLEEP_UNTIL;

    static {
        try {
            DRIVING = MethodHandles.lookup().findVarHandle(TimerParking.class, "driving", int.class);
            SLEEP_UNTIL = MethodHandles.lookup().findVarHandle(TimerParking.class, "sleepUntil", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final TimerDriver driver;

    /** 1 while someone drives the wheel. */
    @SuppressWarnings("unused")
    private volatile int driving;
    /** The tick the timer thread sleeps until; AWAKE while it works; Long.MAX_VALUE with no timer. */
    @SuppressWarnings("unused")
    private volatile long sleepUntil = AWAKE;
    /** Times a worker drove the wheel because the timer thread was late; written by lock holders. */
    private long assists;

    TimerParking(TimerDriver driver) {
        this.driver = driver;
    }

    // ---------------------------------------------------------------- the lock

    /** Takes the wheel if nobody holds it; never waits. A plain look first spares a failing CAS. */
    boolean tryDrive() {
        return (int) DRIVING.getVolatile(this) == 0 && DRIVING.compareAndSet(this, 0, 1);
    }

    /** Gives the wheel back. Release: our use of the wheel happens-before the next holder's CAS. */
    void release() {
        DRIVING.setRelease(this, 0);
    }

    // ---------------------------------------------------------------- the published deadline

    /** Timer thread: it works now. A volatile store, before it drives. */
    void markAwake() {
        SLEEP_UNTIL.setVolatile(this, AWAKE);
    }

    /**
     * Timer thread: it will sleep until {@code tick}. A volatile store, before its last look at the
     * inbox (the Dekker pair with {@link TimerDriver#arm}).
     */
    void publish(long tick) {
        SLEEP_UNTIL.setVolatile(this, tick);
    }

    /** The published tick: a volatile read, after an arm's offer (its side of the Dekker pair). */
    long published() {
        return (long) SLEEP_UNTIL.getVolatile(this);
    }

    /** An arm earlier than the published deadline lowers it, so workers see it due (fails if the thread woke). */
    void lower(long expected, long tick) {
        SLEEP_UNTIL.compareAndSet(this, expected, tick);
    }

    /**
     * How long a worker may sleep for the timers: nanoseconds until the published deadline (zero or
     * less: overdue); {@link Long#MAX_VALUE} if the thread is awake, no timer is set or the driver
     * stopped. A racy read, for a decision that is only a shortcut.
     */
    long nanosToNextDeadline() {
        long until = published();
        if (until == AWAKE || until >= Long.MAX_VALUE / TimerHost.TICK_NANOS || driver.isStopped()) {
            return Long.MAX_VALUE;
        }
        return until * TimerHost.TICK_NANOS - driver.nanoTime();
    }

    // ---------------------------------------------------------------- driving from a worker

    /**
     * A worker at its maintenance tick: if the published deadline has passed, the timer thread is
     * late; fire what is due here (into this worker's queue), publish the next deadline so other
     * workers do not repeat it, and nudge the thread.
     *
     * @param nowNanos {@link System#nanoTime()} as the worker read it
     */
    void assist(long nowNanos) {
        assist(nowNanos, published());
    }

    /** Whether the thread sleeps until a deadline: worth a clock reading to see if it is late. */
    boolean hasDeadline() {
        long until = published();
        return until != AWAKE && until != Long.MAX_VALUE;
    }

    private void assist(long nowNanos, long until) {
        if (until == AWAKE || until == Long.MAX_VALUE || TimerHost.ticksFloor(driver.sinceEpoch(nowNanos)) < until
                || driver.isStopped() || !tryDrive()) {
            return;
        }
        long next;
        try {
            next = driver.drive();
            assists++;
        } finally {
            release();
        }
        lower(until, next); // fails if the thread woke meanwhile: it publishes its own
        driver.wakeThread();
    }

    /**
     * Out of work: sleep until a timer deadline due soon instead of parking on the idle list, as
     * the one watcher (see the class comment). The worker is counted awake and not searching while
     * it watches; it publishes itself in {@link Idle} (a CAS) before its last look at the queues,
     * so a producer that finds every worker awake nudges it (the Dekker pair argued in {@code Idle}).
     *
     * @return true if it watched (the caller goes back to its loop), false to park as usual
     */
    boolean watch(WorkerThread w) {
        long wait = nanosToNextDeadline();
        Idle idle = w.engine.idle;
        if (wait > MAX_WATCH_NANOS || !idle.tryWatch(w)) {
            return false;
        }
        try {
            w.stopSearching();
            // The last look, after the CAS that published us as the watcher (see Idle).
            if (w.engine.hasQueuedWork() || w.engine.mayExit()) {
                return true;
            }
            if (wait > 0) {
                w.parks++;
                Thread.interrupted(); // a pending interrupt would make parkNanos return at once
                LockSupport.parkNanos(this, wait);
            }
        } finally {
            idle.unwatch(w);
        }
        assist(System.nanoTime());
        return true;
    }

    long assists() {
        return assists;
    }
}
