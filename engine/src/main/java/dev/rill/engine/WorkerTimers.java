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
 * TimerDriver}; nobody advances those but the timer thread, at their exact due tick, and every
 * thread's arm goes into their buffer under the lock: {@link #bufferShared}).
 *
 * <p><b>The owner's buffer.</b> A one-shot timer armed by a task running on the worker is not
 * linked at once: it is appended to the owner's buffer with plain stores and a release store of
 * the count, no atomic read-modify-write and no lock. A cancel by anyone is the task's state CAS
 * alone ({@link ScheduledTask#cancel}); a cancelled timer still in the buffer is dropped, never
 * linked, by the owner's next flush. The owner flushes (links what is left, under the lock) at its
 * maintenance tick, before it parks, when the buffer is full and as it exits, so a timeout started
 * and cancelled within one stretch of work never touches the wheel. The buffer holds at most
 * {@value #MAX_BUFFER} timers; a full one is first compacted, then grown, then flushed.
 *
 * <p><b>Why a buffered timer is never lost if the owner blocks.</b> The owner publishes {@link
 * #bufferDue}, a tick by which someone must look at the buffer: the earliest deadline it holds
 * plus {@link #LATE_TICKS}. Only the owner writes it; it lowers it with a volatile store followed
 * by {@link Driver#noticeDue} (the same Dekker pair with the timer thread as the wheel's due tick),
 * and resets it after a flush. Whoever drives the shared wheel takes over a wheel whose {@link
 * #due()} (the earlier of the wheel's due tick and the buffer's) has passed: under the lock it
 * claims every timer in the buffer (an acquire read of the count: each element and its deadline
 * were written before the count's release store) and links it, so from then on the wheel's own
 * due tick covers it. A timer appended after that claim either lowers {@link #bufferDue} below
 * the value the claim served (and is seen at once) or does not, in which case the buffer stays
 * "served" and the taker looks again every {@link #LATE_TICKS} ({@link #bufferLook}) until the
 * owner flushes; so a buffered timer of a blocked owner fires at most {@link #LATE_TICKS} after
 * its deadline, as a linked one does (a timer of the window still open at the claim counts from
 * the claim's reading, as it did when a takeover closed the window: see {@link #placeDeferred}).
 * Periodic timers and timers whose start is already set skip the buffer and are linked under the
 * lock (a double dispatch of a period must never happen).
 *
 * <p><b>Who touches a buffered entry.</b> The owner writes it before the count's release store
 * and never again outside the lock. Under the lock exactly one holder moves it out of {@link
 * TimerEntry#DETACHED}: the owner's flush (links or fires it, or forgets it if cancelled), a
 * taker's claim (links or fires it), or the engine's close (drops it); every holder skips an entry
 * that is no longer DETACHED, so none is linked twice. A cancel that read no wheel posts nothing,
 * so whoever links buffered timers rechecks them after one fence ({@link #recheckLinked}). The
 * buffer ({@link TimerBuffer}, whose chunks keep its stores young) and every index into it change
 * only under the lock, except the owner's append at the end (which may allocate the chunk it
 * writes into). The task's state CAS decides "ran" against
 * "cancelled" whoever holds the entry, so a cancel that returns true is never followed by a run.
 *
 * <p><b>The lock.</b> A try-lock, held for one operation at a time (a linked arm, an unlink, an
 * advance, a window turn, a claim), never across a task's run; an owner that finds it taken arms
 * through the shared wheel instead and never waits. {@link #lock()} (waiting) is for the rare
 * sweeps: the engine's close and {@link Engine#cancelTimers}. No timer depends on this worker:
 * the timer thread sleeps until the earliest due tick of every wheel, and an owner that lowers
 * its due tick below that wakes it.
 *
 * <p>Threading: {@link #arm} and {@link #advance} by the owner ({@link #arm} by any thread on an
 * outside wheel); {@link #disarm}, {@link #due()}, {@link #takeOverIfDue} and the sweeps from any
 * thread; the wheel, {@link #closed} and the counters by the holder of the lock (counters read
 * racily; {@link #armed} by the owner, or under the lock on an outside wheel).
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
    /** The least capacity of the owner's buffer: it is compacted when it holds this many timers. */
    static final int INITIAL_BUFFER = 256;
    /** Timers the owner's buffer holds at most: beyond, it flushes into the wheel. */
    static final int MAX_BUFFER = 1 << 17;
    /**
     * How long after its first arm the timer thread looks at an outside wheel's buffer at the
     * latest, linking what is live and dropping what was cancelled: 100 ms, the tick of Netty's
     * wheel, which applies its cancels at that pace.
     */
    static final long OUTSIDE_LOOK_TICKS = 1_000;

    // Field updaters and plain volatile field accesses rather than VarHandles: the owner touches
    // these per arm, and a VarHandle access costs five calls until C2 has compiled the caller,
    // which in a fresh JVM made the adapters slower than Reactor's own threads (bench/README.md,
    // the cold window). Each ordering below is the one the notes give or stronger: a plain or
    // opaque read of these volatile fields became a volatile read, a release store is lazySet.
    private static final AtomicIntegerFieldUpdater<WorkerTimers> LOCK =
            AtomicIntegerFieldUpdater.newUpdater(WorkerTimers.class, "lock");
    private static final AtomicIntegerFieldUpdater<WorkerTimers> BUFFERED =
            AtomicIntegerFieldUpdater.newUpdater(WorkerTimers.class, "buffered");

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
     * The thread that arms here; only it unlinks a cancel at once and only it buffers. Set once
     * (tests bind it to theirs). Null for a wheel of threads outside the engine ({@link
     * TimerDriver}): no thread advances it (the timer thread fires it at its due tick), and any
     * thread that gets the lock unlinks a cancel at once.
     */
    Thread owner;
    /** An outside wheel: no owner ever, every arm buffered under the lock (see {@link #bufferShared}). */
    private final boolean ownerless;
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
    /**
     * Timers in {@link #buffer}, [0, buffered): the owner appends with a release store; it resets
     * it, and anything else about the buffer, only under the lock. Others read it (acquire) under
     * the lock.
     */
    private volatile int buffered;
    /**
     * The tick by which someone must look at the buffer, or Long.MAX_VALUE; written by the owner
     * alone (on an outside wheel, under the lock).
     */
    private volatile long bufferDue = Long.MAX_VALUE;
    /** The {@link #bufferDue} a takeover last claimed the buffer for; written under the lock. */
    private volatile long bufferServed = Long.MAX_VALUE;
    /** While {@link #bufferDue} is still the one served: the tick of the next look; written under the lock. */
    private volatile long bufferLook = Long.MAX_VALUE;

    // Owner-only (read by others under the lock where noted); on an outside wheel, under the lock.
    /** The owner's timers not yet linked; replaced under the lock only. */
    private final TimerBuffer buffer = new TimerBuffer(MAX_BUFFER);
    /**
     * Where the buffer is next compacted ({@link #makeRoom}): from {@link #INITIAL_BUFFER}, doubled
     * as it fills, brought down again when a compaction finds little left.
     */
    private int capacity = INITIAL_BUFFER;
    /** The owner's copy of {@link #bufferDue} (on an outside wheel, the lock holder's). */
    private long ownBufferDue = Long.MAX_VALUE;
    /** Arms in the open window; 0: no window open. */
    private int windowed;
    long armed;

    // Holder-only.
    private boolean closed;
    /** Where entries the owner finds after the close go. */
    private Consumer<TimerEntry> closedDrop;
    /** The clock reading the open window's timers count from (read by a taker to claim them). */
    private long baseNanos;
    /** The buffer index of the open window's first timer (read by a taker to claim them). */
    private int windowStart;
    /** Whether a window is open: buffer entries from {@link #windowStart} on are in it. */
    private boolean windowOpen;
    /** Buffer entries [0, claimed) a takeover has already claimed. */
    private int claimed;
    long fired;
    long cancelled;
    long takeovers;

    WorkerTimers(Thread owner, Driver driver, Consumer<ScheduledTask<?>> fire) {
        this(owner, driver, fire, false);
    }

    /** An outside wheel ({@link TimerDriver}): armed by any thread, advanced by the timer thread alone. */
    static WorkerTimers outside(Driver driver, Consumer<ScheduledTask<?>> fire) {
        return new WorkerTimers(null, driver, fire, true);
    }

    private WorkerTimers(Thread owner, Driver driver, Consumer<ScheduledTask<?>> fire, boolean ownerless) {
        this.owner = owner;
        this.ownerless = ownerless;
        this.graceTicks = ownerless ? 0 : LATE_TICKS;
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
        LOCK.lazySet(this, 0);
    }

    /** Waits for the lock: only for sweeps, never on the task path (the owner holds it for one operation). */
    void lock() {
        while (!tryLock()) {
            LockSupport.parkNanos(this, 10_000);
        }
    }

    // ---------------------------------------------------------------- the owner

    /**
     * Owner: buffers {@code t} (a one-shot timer whose start the arm sets), or links it (its
     * deadline set), or fires it if already due. False if another thread holds the wheel when the
     * lock is needed, or it closed with the engine: the caller arms through the shared wheel
     * instead.
     */
    boolean arm(ScheduledTask<?> t) {
        if (!t.isPeriodic()) {
            if (ownerless) {
                return bufferShared(t);
            }
            if (t.isUnresolved() && Thread.currentThread() == owner) {
                return buffer(t);
            }
        }
        return armLinked(t);
    }

    /**
     * Owner: appends an unresolved one-shot timer to the buffer: plain stores, then the count's
     * release store, which publishes the element and its deadline to a taker's acquire read.
     * The lock only every {@value #WINDOW} arms (a window's turn) or when the buffer is full.
     */
    private boolean buffer(ScheduledTask<?> t) {
        int n = buffered; // we are its only writer
        if ((windowed == 0 || windowed >= WINDOW || n == capacity) && !turnWindow()) {
            return false;
        }
        n = buffered; // a turn may have compacted or flushed the buffer
        t.resolve(baseNanos + SLACK_NANOS);
        buffer.set(n, t);
        BUFFERED.lazySet(this, n + 1); // release: the element, its chunk and its deadline before the count
        windowed++;
        armed++;
        long d = t.deadline + graceTicks;
        if (d < ownBufferDue) {
            ownBufferDue = d;
            bufferDue = d; // volatile, then the read in noticeDue: our side of the Dekker pair
            driver.noticeDue(d);
        }
        return true;
    }

    /**
     * Any thread, on an outside wheel: appends a one-shot timer to the buffer under the lock,
     * instead of linking it, so a timeout cancelled before the timer thread's next look costs its
     * cancel the state CAS alone (the look, or the compaction of a full buffer, drops it unlinked).
     * Every write to the buffer of an outside wheel is under the lock, so the owner's rules (the
     * release store of the count, the claim, the window) reduce to the lock's order; the start is
     * the caller's own reading ({@link TimerDriver#startNanos}), so there is no window. The buffer's
     * due tick is the earliest deadline it holds, and at most {@link #OUTSIDE_LOOK_TICKS} after its
     * first arm, so a cancelled entry is unreachable after that at the latest. False if another
     * thread holds the lock (the caller goes through the inbox) or the engine closed.
     */
    private boolean bufferShared(ScheduledTask<?> t) {
        if (!tryLock()) {
            return false;
        }
        long look;
        try {
            if (closed) {
                return false;
            }
            if (t.isUnresolved()) {
                t.resolve(driver.nanoTime());
            }
            if (buffered == capacity) {
                makeRoom();
            }
            int n = buffered;
            buffer.set(n, t);
            BUFFERED.lazySet(this, n + 1); // under the lock: one kind of store for the count
            armed++;
            look = t.deadline;
            if (ownBufferDue == Long.MAX_VALUE) { // the first since the last look: bound its wait
                look = Math.min(look, TimerHost.ticksFloor(driver.nanoTime()) + OUTSIDE_LOOK_TICKS);
            }
            if (look >= ownBufferDue) {
                return true;
            }
            ownBufferDue = look;
            bufferDue = look; // volatile, then the read in noticeDue: our side of the Dekker pair
        } finally {
            unlock();
        }
        driver.noticeDue(look);
        return true;
    }

    /**
     * Owner, under the lock: closes the open window (see {@link #placeDeferred}) and opens the
     * next on the same reading, making room in the buffer first if it is full. If the lock is
     * taken, the open window simply stays open (its timers move later when it closes, if it
     * outlives its slack) as long as the buffer has room; false if there is none, or no window,
     * or the wheel closed.
     */
    private boolean turnWindow() {
        if (!tryLock()) {
            return windowed != 0 && buffered < capacity; // only we write it
        }
        try {
            if (closed) {
                return false;
            }
            long now = closeWindow();
            if (buffered == capacity) { // only we write it
                makeRoom();
            }
            placeDeferred(now != 0 ? now : driver.nanoTime());
            return true;
        } finally {
            unlock();
        }
    }

    /** Owner: links {@code t} under the lock, as every arm did before the buffer. */
    private boolean armLinked(ScheduledTask<?> t) {
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
                t.resolve(driver.nanoTime()); // not the owner: no window to share
            }
            if (!wheel.insert(t)) {
                ownerFire.accept(t); // already due
                return true;
            }
            if (t.isPeriodic() && cancelledWhileLinking(t)) {
                return true;
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
     * A periodic task re-arming itself was already shared: a cancel may run meanwhile and, having
     * read no wheel, post nothing. The fence orders our link before our read of its state; the
     * canceller's CAS orders its state before its read of the wheel; so one of us sees the other
     * (as {@code TimerDriver}'s inbox does). A one-shot timer needs no check: its handle leaves the
     * arming thread only after the arm returns, so every cancel happens-after the link.
     */
    private boolean cancelledWhileLinking(ScheduledTask<?> t) {
        VarHandle.fullFence();
        if (!t.isCancelledEntry()) {
            return false;
        }
        wheel.remove(t);
        countCancel(t);
        return true;
    }

    /**
     * Owner, at its maintenance tick and when it wakes: flushes the buffer, applies posted
     * cancels, fires what is due by {@code nowTick} into the owner's queue, and publishes the next
     * due tick (plus the owner's grace, as it is awake). Skipped (false) if someone else holds the
     * wheel: it takes care of it.
     */
    boolean advance(long nowTick) {
        if (wheel.size() == 0 && cancels.isEmpty() && buffered == 0) { // only we write it
            return true; // racy looks: what they miss is seen next time, or by a takeover
        }
        if (!tryLock()) {
            return false;
        }
        try {
            advanceOwned(nowTick, true);
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
        if (wheel.size() == 0 && cancels.isEmpty() && buffered == 0) { // only we write it
            return false;
        }
        lock(); // the timer thread holds it for a takeover at most: wait, so the publication is exact
        long before = fired;
        long next;
        try {
            advanceOwned(TimerHost.ticksFloor(driver.nanoTime()), false);
            next = due;
        } finally {
            unlock();
        }
        driver.noticeDue(next);
        return fired != before;
    }

    /**
     * Owner, as its thread ends: links what it buffered (dropped, if the engine closed), so the
     * timer thread fires or drops it. Due ones go to the engine, not to the ending owner.
     */
    void ownerExits() {
        lock();
        long next;
        try {
            closeWindow();
            flush(takeoverFire);
            next = wheel.nextExpiration(); // nobody's grace: only takeovers fire it from now on
            due = next; // volatile: before bufferFlushed, so due() never sees neither
            bufferFlushed();
        } finally {
            unlock();
        }
        driver.noticeDue(next);
    }

    // ---------------------------------------------------------------- any thread

    /**
     * Any thread, once {@code t} is cancelled and was linked: on the owner (or any thread, for a
     * wheel without one), unlinked now if the wheel is free; elsewhere, posted for the next
     * holder, with a nudge to the timer thread every {@value #CANCEL_BATCH} posts in case the owner
     * sleeps. A buffered timer is never disarmed: the flush drops it.
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

    /**
     * The tick by which someone must look at the wheel: the earlier of the wheel's due tick and
     * the buffer's (or, once a takeover served the buffer's, the takeover's next look); volatile
     * reads.
     */
    long due() {
        long d = due;
        long b = bufferDue;
        if (b != Long.MAX_VALUE && b == bufferServed) {
            b = bufferLook;
        }
        return Math.min(d, b);
    }

    /**
     * Owner: the tick from which its wheel or its buffer may hold a due timer, or {@link
     * Long#MAX_VALUE} if both are empty. The due ticks include the owner's grace; without it this
     * is never later than the earliest deadline (earlier when a takeover published the wheel's
     * exact tick, which only costs a look that fires nothing). Volatile reads, no lock.
     */
    long ownerNextTick() {
        long d = Math.min(due, ownBufferDue);
        return d == Long.MAX_VALUE ? d : d - graceTicks;
    }

    /**
     * Not the owner (the driver of the shared wheel): if the due tick has passed (the owner is
     * stuck in a run, or asleep), or posted cancels pile up, take the wheel, claim the buffer and
     * fire what is due to the engine. Returns the next due tick; {@code nowTick + 1} (look again a
     * tick later) if the owner holds the wheel right now.
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

    /**
     * Not the owner: takes the wheel if it is free, claims the buffer, applies posted cancels and
     * fires what is due by {@code nowTick}.
     */
    boolean tryTakeOver(long nowTick) {
        if (!tryLock()) {
            return false;
        }
        try {
            if (due() <= nowTick) {
                takeovers++;
            }
            if (ownerless) {
                flush(takeoverFire); // every write to the buffer is under the lock: empty it
            } else {
                claimBuffer(nowTick);
            }
            applyCancels();
            wheel.advance(nowTick, takeoverFire, dropped);
            // volatile: read by the timer thread after it publishes its deadline; before
            // bufferFlushed, so due() never sees neither
            due = wheel.nextExpiration();
            if (ownerless) {
                bufferFlushed();
            }
            return true;
        } finally {
            unlock();
        }
    }

    /** Closing engine: no more arms here; every timer linked or buffered goes to {@code drop}. */
    void close(Consumer<TimerEntry> drop) {
        lock();
        try {
            closed = true;
            closedDrop = drop;
            if (ownerless || Thread.currentThread() == owner) {
                flush(drop);
            } else {
                claim(drop); // the owner's next flush, or its exit, drops what it appends meanwhile
            }
            applyCancels();
            wheel.drainAll(drop);
            due = Long.MAX_VALUE;
        } finally {
            unlock();
        }
    }

    /**
     * Unlinks the timers {@code which} accepts into {@code hits} (for {@link Engine#cancelTimers});
     * buffered ones go to {@code hits} as they are (the caller cancels them; the flush drops them).
     */
    void removeIf(Predicate<? super TimerEntry> which, List<ScheduledTask<?>> hits) {
        lock();
        try {
            applyCancels();
            wheel.removeIf(which, e -> {
                ScheduledTask<?> t = (ScheduledTask<?>) e;
                countCancel(t);
                hits.add(t);
            });
            TimerBuffer b = buffer;
            for (int i = 0, n = buffered; i < n; i++) { // a volatile read (at least acquire): the owner appends meanwhile
                ScheduledTask<?> t = b.get(i);
                if (t.wheelState == TimerEntry.DETACHED && which.test(t)) {
                    hits.add(t);
                }
            }
        } finally {
            unlock();
        }
    }

    /**
     * Timers linked or buffered and not cancelled, as far as the posted cancels are applied (they
     * are, if the wheel is free; else the count is the wheel's alone, racy).
     */
    int pending() {
        if (!tryLock()) {
            return wheel.size();
        }
        try {
            applyCancels();
            int n = wheel.size();
            TimerBuffer b = buffer;
            for (int i = 0, k = buffered; i < k; i++) { // a volatile read (at least acquire): the owner appends meanwhile
                ScheduledTask<?> t = b.get(i);
                if (t.wheelState == TimerEntry.DETACHED && !t.isCancelledEntry()) {
                    n++;
                }
            }
            return n;
        } finally {
            unlock();
        }
    }

    // ---------------------------------------------------------------- holder

    /** Owner, holding the lock: the window, the buffer, the cancels, what is due, the due ticks. */
    private void advanceOwned(long nowTick, boolean ownerAwake) {
        closeWindow();
        flush(ownerFire);
        applyCancels();
        wheel.advance(nowTick, ownerFire, dropped);
        long next = wheel.nextExpiration();
        // volatile: before bufferFlushed, so due() never sees neither
        due = next == Long.MAX_VALUE || !ownerAwake ? next : next + graceTicks;
        bufferFlushed();
    }

    /**
     * Owner, holding the lock, the window closed: empties the buffer. Each entry still {@link
     * TimerEntry#DETACHED} is dropped if cancelled, else linked (fired at once if due; dropped if
     * the engine closed); one a takeover claimed is unlinked if it was cancelled since. The caller
     * publishes the wheel's due tick, then {@link #bufferFlushed}.
     */
    private void flush(Consumer<TimerEntry> fire) {
        TimerBuffer b = buffer;
        int n = buffered; // we are its only writer
        boolean kept = false;
        for (int i = 0; i < n; i++) {
            ScheduledTask<?> t = b.get(i);
            if (t.wheelState != TimerEntry.DETACHED) {
                kept = true; // claimed: the recheck below unlinks it if it was cancelled since
            } else if (t.isCancelledEntry()) {
                cancelled++; // out of the buffer for good, never linked, never counted: no flag to set on the entry
            } else {
                linkOrFire(t, closed ? closedDrop : fire);
                kept = true;
            }
        }
        if (kept) {
            recheckLinked(b, 0, n);
        }
        b.forget();
        BUFFERED.lazySet(this, 0); // release: under the lock anyway; keeps every store of the count one kind
        claimed = 0;
        windowStart = 0;
    }

    /**
     * Owner, after a flush and the volatile store of the wheel's due tick that covers what it
     * linked: the buffer needs no look. In that order, so a reader of {@link #due()} never sees
     * neither.
     */
    private void bufferFlushed() {
        if (ownBufferDue != Long.MAX_VALUE) {
            ownBufferDue = Long.MAX_VALUE;
            bufferDue = Long.MAX_VALUE;
        }
    }

    /**
     * Holding the lock, after linking buffered timers [from, to): unlinks those cancelled
     * meanwhile. Their handles were out before the link, and a cancel that read no wheel posted
     * nothing ({@link TimerDriver#disarm}). The fence orders our links before our reads of the
     * states; the canceller's CAS orders its state before its read of the wheel; so one of us sees
     * the other.
     */
    private void recheckLinked(TimerBuffer b, int from, int to) {
        VarHandle.fullFence();
        for (int i = from; i < to; i++) {
            ScheduledTask<?> t = b.get(i);
            if (t.isCancelledEntry() && wheel.contains(t)) {
                wheel.remove(t);
                countCancel(t);
            }
        }
    }

    private void linkOrFire(ScheduledTask<?> t, Consumer<TimerEntry> fire) {
        if (closed || !wheel.insert(t)) {
            t.wheelState = TimerEntry.GONE;
            fire.accept(t); // due already, or the engine closed: to the drop
        }
    }

    /**
     * Not the owner, holding the lock: claims every buffered timer appended since the last claim
     * (an acquire read of the count: each was written before the owner's release store of it) and
     * links it. Those of the open window get the window's check first, against a reading taken
     * after the count (see {@link #placeDeferred}). The buffer is then served until the owner
     * lowers its due tick again: look again {@link #LATE_TICKS} later for what it appends.
     */
    private void claimBuffer(long nowTick) {
        claim(takeoverFire);
        serveBuffer(nowTick);
    }

    /**
     * Not the owner, holding the lock: links (or passes to {@code fire}, if due or the engine
     * closed) each buffered timer not yet claimed, and counts a cancelled one as dropped. It leaves the buffer's array
     * and count to the owner, who may be appending: its flush skips what is no longer DETACHED.
     */
    private void claim(Consumer<TimerEntry> fire) {
        int n = buffered; // a volatile read (at least acquire): pairs with the owner's release store of the count
        if (n == claimed) {
            return;
        }
        long late = windowOpen && windowStart < n ? driver.nanoTime() - baseNanos - SLACK_NANOS : 0;
        TimerBuffer b = buffer;
        for (int i = claimed; i < n; i++) {
            ScheduledTask<?> t = b.get(i);
            if (t.wheelState != TimerEntry.DETACHED) {
                continue;
            }
            if (t.isCancelledEntry()) {
                t.wheelState = TimerEntry.GONE; // whoever moves it out of DETACHED counts it
                cancelled++;
                continue;
            }
            if (late > 0 && windowOpen && i >= windowStart) {
                t.postpone(late);
            }
            linkOrFire(t, fire);
        }
        recheckLinked(b, claimed, n);
        claimed = n;
    }

    private void serveBuffer(long nowTick) {
        long b = bufferDue; // volatile: the owner lowers it meanwhile
        if (b != Long.MAX_VALUE) {
            bufferLook = nowTick + Math.max(1, graceTicks); // before the served value: due() reads them the other way
            bufferServed = b;
        }
    }

    /**
     * Owner, holding the lock: opens a window on the reading {@code nowNanos}. The timers the
     * owner buffers until the window closes (created with their delay alone, {@link
     * TimerHost#DEFERRED}) count from it ({@link #buffer}), so up to {@value #WINDOW} arms share one
     * clock reading instead of one each.
     *
     * <p>Why no timer is early. A timer of the window is due at {@code baseNanos + SLACK_NANOS +
     * delay} and was started at a moment {@code s >= baseNanos}. Its entry can fire only once it
     * is linked, and it is linked only under the lock, by one of two: the owner, whose flush
     * closes the window first ({@link #closeWindow}, after {@value #WINDOW} arms or before any
     * flush) with a reading {@code now} taken after every arm of the window, so {@code s <= now};
     * or a taker, whose claim takes its reading after its acquire read of the count, which came
     * after each claimed arm's release store, so again {@code s <= now}. If {@code now <= baseNanos
     * + SLACK_NANOS}, the deadline is at or after {@code s + delay}: never early. If not (the window
     * stayed open across a long run, or many tasks), the one linking it first moves it later by the
     * difference, to {@code now + delay >= s + delay}. The window's start index and reading are
     * written under the lock, so a taker knows which claimed timers are in it. Rounding up to whole
     * ticks only makes deadlines later.
     *
     * <p>The price: up to a tick later than a timer with its own reading, and when a window
     * outlives its slack, the move, plus lateness up to the window's age for its timers.
     */
    private void placeDeferred(long nowNanos) {
        baseNanos = nowNanos;
        windowStart = buffered; // only the owner writes it
        windowOpen = true;
    }

    /**
     * Owner, holding the lock: checks the open window against a fresh clock reading and moves its
     * timers still in the buffer later if it outlived its slack (the argument is in {@link
     * #placeDeferred}; a takeover already moved those it claimed, against its own reading);
     * returns the reading, or 0 if no window was open.
     */
    private long closeWindow() {
        if (windowed == 0) {
            return 0;
        }
        long now = driver.nanoTime();
        long late = now - baseNanos - SLACK_NANOS;
        if (late > 0) {
            TimerBuffer b = buffer;
            for (int i = windowStart, n = buffered; i < n; i++) { // only the owner writes it
                ScheduledTask<?> t = b.get(i);
                if (t.wheelState == TimerEntry.DETACHED) {
                    t.postpone(late);
                }
            }
        }
        windowed = 0;
        windowOpen = false;
        return now;
    }

    /**
     * Owner, holding the lock, the window closed, the buffer full: drops what was cancelled or
     * claimed; if more than half is left, doubles the capacity up to {@value #MAX_BUFFER}, or else
     * links all of it (the wheel's due tick then covers it; {@link #bufferDue} still does too). If
     * less than a quarter is left, the capacity comes down to between two and four times that
     * (at least {@value #INITIAL_BUFFER}): a buffer that once grew for a burst is then compacted
     * while what it scans is still in the cache, not every {@value #MAX_BUFFER} arms through entries
     * long evicted. Each compaction scans at most twice the arms since the last one.
     */
    private void makeRoom() {
        TimerBuffer b = buffer;
        int n = buffered; // only the owner writes it
        ScheduledTask<?>[][] from = b.detach(n); // the survivors go to young chunks (TimerBuffer)
        int k = 0;
        for (int i = 0; i < n; i++) {
            ScheduledTask<?> t = TimerBuffer.get(from, i);
            if (t.wheelState != TimerEntry.DETACHED) {
                if (t.isCancelledEntry() && wheel.contains(t)) {
                    wheel.remove(t);
                    countCancel(t);
                }
            } else if (t.isCancelledEntry()) {
                t.wheelState = TimerEntry.GONE;
                cancelled++;
            } else {
                b.set(k++, t);
            }
        }
        claimed = 0;
        if (k > n / 2) {
            if (capacity < MAX_BUFFER) {
                capacity *= 2;
            } else {
                for (int i = 0; i < k; i++) {
                    linkOrFire(b.get(i), ownerFire);
                }
                recheckLinked(b, 0, k);
                b.forget();
                k = 0;
            }
        } else if (k < n / 4) {
            capacity = Math.max(INITIAL_BUFFER, Integer.highestOneBit(k) << 2);
        }
        BUFFERED.lazySet(this, k); // release: under the lock anyway; keeps every store of the count one kind
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
