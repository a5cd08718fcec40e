package dev.rill.engine;

import java.lang.invoke.VarHandle;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.jctools.queues.MpscUnboundedXaddArrayQueue;

/**
 * One worker's own timer wheel (or, with no owner, one of the engine's outside wheels: see {@link
 * TimerDriver}; nobody advances those but the timer thread, at their exact due tick). A timer armed
 * by a task running on the worker is linked here directly, not posted to the timer thread: nothing
 * is handed off, and the only atomic is the wheel's lock, which only this worker takes as a rule (an
 * uncontended CAS on a line nobody else writes). Cancelled on the same worker, the timer is unlinked
 * at once; cancelled elsewhere, it is posted here and unlinked by the next holder (its work was
 * dropped at the cancel and it can no longer fire). The worker fires what is due at its maintenance
 * tick and before it parks.
 *
 * <p>No timer depends on this worker: it publishes {@link #due()}, the tick by which someone must
 * look at the wheel (its next expiration plus {@link #LATE_TICKS} while it is awake, the expiration
 * itself once it parks). Whoever drives the engine's shared wheel (the timer thread, or a worker
 * assisting it) takes over a wheel whose due tick has passed: the owner is stuck in a long run or
 * asleep. The timer thread sleeps until the earliest due tick; an owner that lowers its due tick
 * below what the thread sleeps until wakes it (a Dekker pair: the owner's volatile store of the
 * tick, then its read of the thread's published deadline; the thread's publication, then its read
 * of every due tick).
 *
 * <p>The lock: a try-lock. The owner takes it per operation (an arm, a cancel, an advance), so it
 * is never held across a task's run, and a takeover waits at most one of those; an owner that finds
 * it taken arms through the shared wheel instead and never waits. {@link #lock()} (waiting) is for
 * the rare sweeps: the engine's close and {@link Engine#cancelTimers}.
 *
 * <p>Threading: {@link #arm} and {@link #advance} by the owner; {@link #disarm}, {@link #due()},
 * {@link #takeOverIfDue} and the sweeps from any thread; the wheel, {@link #closed} and the counters
 * by the holder of the lock (counters read racily).
 */
final class WorkerTimers {

    /** How long past its due tick an awake owner's wheel waits for the owner: 1 ms. */
    static final long LATE_TICKS = 10;
    /** Timers armed on one clock reading at most (see {@link #placeDeferred}). */
    static final int WINDOW = 64;
    /** How much later than its reading an unresolved timer counts from: one tick (see {@link #placeDeferred}). */
    static final long SLACK_NANOS = TimerHost.TICK_NANOS;
    /** Posted cancels between two wake-ups of the timer thread to apply them (an owner may sleep). */
    static final int CANCEL_BATCH = 4096;

    // A field updater and plain volatile accesses rather than VarHandles: the owner takes the lock
    // per arm and per cancel, and a VarHandle access costs five calls until C2 has compiled the
    // caller, which in a fresh JVM was a fifth of the adapters' time (bench/README.md, the cold
    // window). Every ordering below is the same or stronger than with the handles (the opaque reads
    // became volatile reads).
    private static final AtomicIntegerFieldUpdater<WorkerTimers> LOCK =
            AtomicIntegerFieldUpdater.newUpdater(WorkerTimers.class, "lock");

    /** What a worker's wheel needs from the engine's timer driver ({@link TimerDriver}; a fake in tests). */
    interface Driver {
        /** The clock of every wheel: nanoseconds since the driver's epoch. */
        long nanoTime();

        /** A timer taken over from the owner is due: run it where it belongs. */
        void dispatch(ScheduledTask<?> t);

        /** A wheel is now due by {@code tick} (after a volatile store of it): wake the timer thread if it sleeps past. */
        void noticeDue(long tick);

        /** Wake the timer thread (posted cancels pile up). */
        void wakeThread();
    }

    /**
     * The thread that arms here; only it unlinks a cancel at once. Set once (tests bind it to
     * theirs). Null for a wheel of threads outside the engine ({@link TimerDriver}): no thread
     * advances it (the timer thread fires it at its due tick), and any thread that gets the lock
     * unlinks a cancel at once.
     */
    Thread owner;
    /**
     * Ticks past its next expiration the wheel waits for its owner: {@link #LATE_TICKS}, or 0
     * without an owner that advances it.
     */
    private final long graceTicks;
    private final Driver driver;
    /** Where the owner puts what fires (its run queue, or the ordered worker of the task). */
    private final Consumer<TimerEntry> ownerFire;
    private final Consumer<TimerEntry> takeoverFire;
    private final Consumer<TimerEntry> dropped = this::countCancel;
    private final TimerWheel wheel = new TimerWheel(0, this);
    private final MpscUnboundedXaddArrayQueue<ScheduledTask<?>> cancels = new MpscUnboundedXaddArrayQueue<>(256);

    private volatile int lock;
    /** The tick by which the wheel must be advanced; Long.MAX_VALUE when empty. Written under the lock. */
    private volatile long due = Long.MAX_VALUE;

    // Holder-only.
    private boolean closed;
    /** The clock reading the open window's timers count from. */
    private long baseNanos;
    /** The open window: unresolved timers placed on {@link #baseNanos}, not yet checked ({@link #placeDeferred}). */
    private final ScheduledTask<?>[] window = new ScheduledTask<?>[WINDOW];
    private int windowed;
    long armed;
    long fired;
    long cancelled;
    long takeovers;

    WorkerTimers(Thread owner, Driver driver, Consumer<ScheduledTask<?>> fire) {
        this(owner, driver, fire, LATE_TICKS);
    }

    /**
     * {@code graceTicks}: how long past a due tick the wheel waits for its owner to advance it
     * before the timer thread takes over; 0 for a wheel nobody advances but the timer thread.
     */
    WorkerTimers(Thread owner, Driver driver, Consumer<ScheduledTask<?>> fire, long graceTicks) {
        this.owner = owner;
        this.graceTicks = graceTicks;
        this.driver = driver;
        this.ownerFire = e -> {
            fired++;
            fire.accept((ScheduledTask<?>) e);
        };
        this.takeoverFire = e -> {
            fired++;
            driver.dispatch((ScheduledTask<?>) e);
        };
    }

    // ---------------------------------------------------------------- the lock

    /** A plain look first spares a failing CAS. */
    boolean tryLock() {
        return lock == 0 && LOCK.compareAndSet(this, 0, 1);
    }

    /** Release: this holder's use of the wheel happens-before the next holder's CAS. */
    void unlock() {
        LOCK.lazySet(this, 0); // a release store
    }

    /** Waits for the lock: only for sweeps, never on the task path (the owner holds it for one operation). */
    void lock() {
        while (!tryLock()) {
            LockSupport.parkNanos(this, 10_000);
        }
    }

    // ---------------------------------------------------------------- the owner

    /**
     * Owner: links {@code t} (its deadline set), or fires it if already due. False if another
     * thread holds the wheel now or it closed with the engine: the caller arms through the shared
     * wheel instead.
     *
     * <p>A one-shot timer needs no check for a cancel that raced with the link: its handle leaves
     * the arming thread only after this returns, so every cancel happens-after the link and reads
     * {@link TimerEntry#wheel}. A periodic task re-arming itself was already shared: a cancel may
     * run meanwhile and, having read no wheel, post nothing. The fence orders our link before our
     * read of its state; the canceller's CAS orders its state before its read of the wheel; so one
     * of us sees the other (as {@code TimerDriver}'s inbox does).
     */
    boolean arm(ScheduledTask<?> t) {
        if (!tryLock()) {
            return false;
        }
        long lowered;
        try {
            if (closed) {
                return false;
            }
            armed++;
            if (t.isUnresolved()) {
                placeDeferred(t);
            }
            if (!wheel.insert(t)) {
                ownerFire.accept(t); // already due
                return true;
            }
            if (t.isPeriodic()) {
                VarHandle.fullFence();
                if (t.isCancelledEntry()) {
                    wheel.remove(t);
                    countCancel(t);
                    return true;
                }
            }
            lowered = lowerDue(t.deadline + graceTicks);
        } finally {
            unlock();
        }
        if (lowered != 0) {
            driver.noticeDue(lowered); // after the volatile store of due: our side of the Dekker pair
        }
        return true;
    }

    /**
     * Owner, at its maintenance tick and when it wakes: applies posted cancels, fires what is due
     * by {@code nowTick} into the owner's queue, and publishes the next due tick (plus the owner's
     * grace, as it is awake). Skipped (false) if someone else holds the wheel: it takes care of it.
     */
    boolean advance(long nowTick) {
        if (wheel.size() == 0 && cancels.isEmpty() && windowed == 0) {
            return true; // racy looks: what they miss is seen next time, or by a takeover
        }
        if (!tryLock()) {
            return false;
        }
        try {
            advanceLocked(nowTick, ownerFire, true);
        } finally {
            unlock();
        }
        return true;
    }

    /**
     * Owner, about to park: fires what is due and publishes the exact next expiration, so the
     * timer thread (woken if it sleeps past it) fires the wheel while the owner sleeps. Returns
     * true if something fired: the owner has work and should not park.
     */
    boolean beforePark() {
        if (wheel.size() == 0 && cancels.isEmpty()) {
            return false;
        }
        lock(); // the timer thread holds it for a takeover at most: wait, so the publication is exact
        long before = fired;
        long next;
        try {
            advanceLocked(TimerHost.ticksFloor(driver.nanoTime()), ownerFire, false);
            next = due;
        } finally {
            unlock();
        }
        driver.noticeDue(next);
        return fired != before;
    }

    // ---------------------------------------------------------------- any thread

    /**
     * Any thread, once {@code t} is cancelled: on the owner (or any thread, for a wheel without
     * one), unlinked now if the wheel is free; elsewhere, posted for the next holder, with a nudge
     * to the timer thread every {@value #CANCEL_BATCH} posts in case the owner sleeps.
     */
    void disarm(ScheduledTask<?> t) {
        Thread o = owner;
        if ((o == null || Thread.currentThread() == o) && tryLock()) {
            try {
                if (wheel.contains(t)) {
                    wheel.remove(t);
                    countCancel(t);
                }
            } finally {
                unlock();
            }
            return;
        }
        cancels.offer(t);
        if ((cancels.currentProducerIndex() & (CANCEL_BATCH - 1)) == 0) {
            driver.wakeThread();
        }
    }

    /** The tick by which someone must advance the wheel; a volatile read. */
    long due() {
        return due;
    }

    /**
     * Not the owner (the driver of the shared wheel): if the due tick has passed (the owner is
     * stuck in a run, or asleep), or posted cancels pile up, take the wheel and fire what is due
     * to the engine. Returns the next due tick; {@code nowTick + 1} (look again a tick later) if
     * the owner holds the wheel right now.
     */
    long takeOverIfDue(long nowTick) {
        long d = due();
        if (d > nowTick && cancels.size() < CANCEL_BATCH) {
            return d;
        }
        if (!tryTakeOver(nowTick)) {
            return nowTick + 1;
        }
        return due();
    }

    /** Not the owner: takes the wheel if it is free, applies posted cancels and fires what is due by {@code nowTick}. */
    boolean tryTakeOver(long nowTick) {
        if (!tryLock()) {
            return false;
        }
        try {
            if (due() <= nowTick) {
                takeovers++;
            }
            advanceLocked(nowTick, takeoverFire, false);
            return true;
        } finally {
            unlock();
        }
    }

    /** Closing engine: no more arms here; every timer linked goes to {@code drop}. */
    void close(Consumer<TimerEntry> drop) {
        lock();
        try {
            closed = true;
            closeWindow();
            applyCancels();
            wheel.drainAll(drop);
            due = Long.MAX_VALUE;
        } finally {
            unlock();
        }
    }

    /** Unlinks the timers {@code which} accepts into {@code hits} (for {@link Engine#cancelTimers}). */
    void removeIf(Predicate<? super TimerEntry> which, List<ScheduledTask<?>> hits) {
        lock();
        try {
            applyCancels();
            wheel.removeIf(which, e -> {
                ScheduledTask<?> t = (ScheduledTask<?>) e;
                countCancel(t);
                hits.add(t);
            });
        } finally {
            unlock();
        }
    }

    /** Timers linked and not cancelled, as far as the posted cancels are applied (they are, if the wheel is free). */
    int pending() {
        if (tryLock()) {
            try {
                applyCancels();
            } finally {
                unlock();
            }
        }
        return wheel.size(); // racy if another holds it
    }

    // ---------------------------------------------------------------- holder

    private void advanceLocked(long nowTick, Consumer<TimerEntry> fire, boolean ownerAwake) {
        closeWindow();
        applyCancels();
        wheel.advance(nowTick, fire, dropped);
        long next = wheel.nextExpiration();
        long d = next == Long.MAX_VALUE || !ownerAwake ? next : next + graceTicks;
        due = d;
    }

    /**
     * Holder: sets the time of an unresolved timer armed by the owner (created with its delay
     * alone, {@link TimerHost#DEFERRED}) from a clock reading shared by up to {@value #WINDOW}
     * arms, instead of one reading per arm.
     *
     * <p>Why no timer is early. The first arm of a window reads the clock: {@link #baseNanos}. Each
     * timer of the window is due at {@code baseNanos + SLACK_NANOS + delay}, and was started at a
     * moment {@code s >= baseNanos}. The window closes ({@link #closeWindow}) after {@value #WINDOW}
     * arms, and before anything in the wheel can fire: every path that fires (the owner's advance,
     * its advance before parking, a takeover) closes it first, under the lock, with a clock
     * reading {@code now} taken after every arm of the window, so {@code s <= now}. If {@code now
     * <= baseNanos + SLACK_NANOS}, each timer is due at or after {@code s + delay}: never early. If
     * not (the window stayed open across a long run, or many tasks), each timer still linked is
     * moved later by the difference, to {@code now + delay >= s + delay}. Rounding up to whole ticks
     * only makes deadlines later. Until it closes, no window timer can be fired by its own arm: a
     * window opens with a reading no older than the wheel's time (which only an advance moves, after
     * closing the window), so each deadline is past the wheel's time and the insert links it.
     *
     * <p>The price: up to a tick later than a timer with its own reading, and when a window
     * outlives its slack, the move, plus lateness up to the window's age for its timers.
     */
    private void placeDeferred(ScheduledTask<?> t) {
        if (windowed == WINDOW) {
            baseNanos = closeWindow(); // a full window: its closing reading opens the next
        } else if (windowed == 0) {
            baseNanos = driver.nanoTime();
        }
        t.resolve(baseNanos + SLACK_NANOS);
        window[windowed++] = t;
    }

    /**
     * Holder: checks the open window against a fresh clock reading and moves its timers later if it
     * outlived its slack (the argument is in {@link #placeDeferred}); returns the reading, or 0 if
     * no window was open. Forgets the window's timers, so a cancelled one is not kept reachable.
     */
    private long closeWindow() {
        int n = windowed;
        if (n == 0) {
            return 0;
        }
        long now = driver.nanoTime();
        long late = now - baseNanos - SLACK_NANOS;
        for (int i = 0; i < n; i++) {
            ScheduledTask<?> t = window[i];
            window[i] = null;
            if (late > 0 && wheel.contains(t)) {
                wheel.move(t, t.postpone(late));
            }
        }
        windowed = 0;
        return now;
    }

    private void applyCancels() {
        for (ScheduledTask<?> t; (t = cancels.poll()) != null; ) {
            if (wheel.contains(t)) {
                wheel.remove(t);
                countCancel(t);
            }
        }
    }

    /** Lowers the due tick to {@code d} if that is earlier; returns it, or 0 if unchanged. */
    private long lowerDue(long d) {
        if (d >= due) {
            return 0;
        }
        due = d;
        return d;
    }

    private void countCancel(TimerEntry e) {
        ScheduledTask<?> t = (ScheduledTask<?>) e;
        if (!t.cancelCounted) {
            t.cancelCounted = true;
            cancelled++;
        }
    }
}
