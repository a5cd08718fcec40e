package dev.rill.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.jctools.queues.MpscUnboundedXaddArrayQueue;

/**
 * The engine's timer thread and the inbox of arms and cancels: it applies what other threads post,
 * sleeps until the next deadline, and hands expired tasks to the workers (or to the ordered worker
 * they were scheduled on). It never runs a task itself.
 *
 * <p>Two kinds of wheel. A timer armed by a task on a worker goes into that worker's own wheel
 * ({@link WorkerTimers}): no hand-off, no contended write, and a cancel on the same worker unlinks
 * it at once, which is the life of a per-value {@code timeout}. A timer armed outside the engine
 * goes the same way into one of a few outside wheels (picked by the thread's id), which
 * only the timer thread advances; there it is buffered until the thread's next look, so a
 * timeout cancelled before that is never linked. Everything else (a timer armed by a spare, or while another
 * thread holds the wheel it would go to) goes into the shared wheel here, through the inbox.
 * Whoever drives the shared wheel also takes over a worker's wheel that is past its due tick (the
 * worker is stuck in a run, or asleep) and an outside wheel at its due tick, and the thread sleeps
 * until the earliest of its own deadline and those due ticks, so no timer depends on one busy
 * worker.
 *
 * <p>A dedicated thread, because with an idle engine no worker is awake to look at the wheel, and
 * a thread that sleeps until the next deadline wakes within the OS timer slack. The wheel is not
 * the thread's alone: whoever holds the driving lock of {@link TimerParking} owns it, and workers
 * take it when the thread is late, when they watch the next deadline instead of parking, and to
 * link a periodic task that re-arms itself. {@code TimerParking} is where those decisions live.
 *
 * <p>Inbox protocol: {@link #arm} and {@link #disarm} offer the task to an MPSC queue (no lock) and
 * wake the thread only when the new deadline is earlier than the one it sleeps until, or when the
 * inbox has grown by {@value #HOUSEKEEPING_BATCH} entries (so cancelled timers are unlinked and
 * collected even while nothing fires). The thread publishes its wake-up deadline before a last look
 * at the inbox, and an offer (an atomic add) comes before the read of that deadline: a Dekker pair,
 * so an earlier deadline is never missed.
 *
 * <p>Threading: {@link #arm}, {@link #disarm}, {@link #nanoTime} from any thread; the wheel, the
 * inbox's consumer side and the metrics by the holder of the driving lock.
 */
final class TimerDriver implements TimerHost, WorkerTimers.Driver, Runnable {

    private static final long AWAKE = TimerParking.AWAKE;
    /**
     * An arm sent through the inbox (the fallback: most go to a worker's or an outside wheel) waits
     * there until the thread drains it, cancelled or not: the entry (its work is dropped at cancel)
     * stays reachable until then. 4,096 of them are a few hundred kilobytes, which die young;
     * 65,536 were megabytes copied between survivor spaces under a timeout per value
     * (bench/README.md). The price is one unpark per 4,096 arms.
     */
    static final int HOUSEKEEPING_BATCH = 4096;

    /**
     * Wheels for timers armed outside the engine, a power of two: a thread arms into the one its
     * id picks, under that wheel's try-lock (so two threads on one wheel never wait:
     * the second goes through the inbox). Spread over a few, so unrelated threads seldom meet.
     */
    static final int OUTSIDE_WHEELS = 4;

    private static final VarHandle DIRECT_ARMS;

    static {
        try {
            DIRECT_ARMS = MethodHandles.lookup().findVarHandle(TimerDriver.class, "directArms", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Engine engine;
    private final long epoch = System.nanoTime();
    private final TimerWheel wheel = new TimerWheel(0);
    private final MpscUnboundedXaddArrayQueue<ScheduledTask<?>> inbox = new MpscUnboundedXaddArrayQueue<>(1024);
    private final Thread thread;
    /**
     * The outside path: timers armed by threads outside the engine, appended under a try-lock to
     * an outside wheel's buffer instead of sent through the inbox ({@link WorkerTimers#outside}).
     * A cancel before the timer thread's next look is the task's state CAS alone, and the entry is
     * never linked; the look (at the earliest buffered deadline, and at most {@link
     * WorkerTimers#OUTSIDE_LOOK_TICKS} after the first arm since the last) links what is live, after
     * which a cancel from any thread that gets the lock unlinks the entry at once. The timer thread
     * wakes only when an arm brings a look forward, not once per batch of arms: nobody advances
     * these wheels but the timer thread, which takes them over at their due tick as it does a
     * sleeping worker's.
     */
    private final WorkerTimers[] outside = new WorkerTimers[OUTSIDE_WHEELS];
    /** {@link #localWheels()}, once built. */
    private volatile WorkerTimers[] wheels;
    /** Who drives the wheel and the published deadline: see {@link TimerParking}. */
    final TimerParking parking = new TimerParking(this);

    private volatile boolean stopped;
    /** Entries workers linked straight into the wheel; the thread's last look compares it. */
    private volatile long directArms;

    // Metrics, written by the holder of the driving lock and read racily. Arms are counted there too,
    // not by the arming threads: as the holder takes an arm from the inbox (marked armQueued) or
    // links one directly. An atomic add per arm would be a second contended write on a path that
    // costs one (the inbox offer); a plain shared counter would lose updates.
    private long armed;
    private long fired;
    private long cancelled;
    private int linked;

    TimerDriver(Engine engine, String threadName) {
        this.engine = engine;
        this.thread = new Thread(this, threadName);
        thread.setDaemon(true);
        for (int i = 0; i < OUTSIDE_WHEELS; i++) {
            outside[i] = WorkerTimers.outside(this, this::dispatch);
        }
    }

    void start() {
        thread.start();
    }

    @Override
    public long nanoTime() {
        return System.nanoTime() - epoch;
    }

    /**
     * {@link TimerHost#DEFERRED} on one of our workers with a wheel of its own: a timer it starts
     * takes its time from a reading the wheel shares among several arms ({@link WorkerTimers}),
     * or from {@link #arm} if the wheel refuses it. Elsewhere, the clock.
     */
    @Override
    public long startNanos() {
        return Thread.currentThread() instanceof WorkerThread w && w.engine == engine && w.localTimers != null
                ? DEFERRED : nanoTime();
    }

    /** A {@link System#nanoTime()} reading on this driver's clock. */
    long sinceEpoch(long systemNanos) {
        return systemNanos - epoch;
    }

    boolean isStopped() {
        return stopped;
    }

    @Override
    public void wakeThread() {
        LockSupport.unpark(thread);
    }

    @Override
    public void arm(ScheduledTask<?> task) {
        if (stopped) {
            Dropped.tell(task, engine.closedError(), engine); // a periodic re-arm, or a race with close
            return;
        }
        Thread me = Thread.currentThread();
        WorkerThread w = me instanceof WorkerThread x && x.engine == engine ? x : null;
        if (w != null ? w.localTimers != null && w.localTimers.arm(task) : outsideWheel(me).arm(task)) {
            return; // the worker's own wheel, or an outside one: no hand-off (WorkerTimers)
        }
        if (task.isUnresolved()) {
            task.resolve(nanoTime()); // our worker's wheel refused it: count from now
        }
        if (task.isPeriodic() && w != null && parking.tryDrive()) {
            // A periodic task re-arming itself on one of our workers links the entry at once, so
            // its next period never waits for the timer thread to get a core just to be inserted.
            // Only periodic ones: a one-shot armed per value (a timeout) is cheaper through the
            // inbox (one atomic add) than through the lock and the shared wheel (bench/README.md).
            boolean inWheel;
            try {
                if (!wheel.contains(task)) {
                    armed++;
                }
                inWheel = wheel.contains(task) || wheel.insert(task);
                if (!inWheel) {
                    fire(task); // already due
                }
                linked = wheel.size();
            } finally {
                parking.release();
            }
            if (!inWheel) {
                return;
            }
            // The thread's last look before it sleeps compares this count (as it looks at the
            // inbox for the others); an atomic add: the StoreLoad barrier before reading sleepUntil.
            DIRECT_ARMS.getAndAdd(this, 1L);
        } else {
            task.armQueued = true; // published by the offer
            inbox.offer(task); // an atomic add: the StoreLoad barrier before reading sleepUntil
        }
        long until = parking.published();
        if (task.deadline < until) {
            // It sleeps past our deadline (never while AWAKE = -1). Lower the published deadline
            // too, so workers can see the timer due (assist) even before the thread runs again.
            parking.lower(until, task.deadline);
            LockSupport.unpark(thread);
        } else {
            housekeeping(until);
        }
    }

    /**
     * The outside wheel of {@code thread}: its id picks one (ids are handed out in sequence, so
     * threads started one after another go to different wheels). Not its identity hash: that is a
     * call into the VM whenever the thread object's header is taken by its monitor (a thread
     * someone has joined or waited on), which was a sixth of an outside start's time in a profile.
     */
    @SuppressWarnings("deprecation") // Thread.getId: threadId() is JDK 19+
    private WorkerTimers outsideWheel(Thread thread) {
        return outside[(int) thread.getId() & (OUTSIDE_WHEELS - 1)];
    }

    /**
     * Every wheel beside the shared one: the workers' own, then the outside ones. Built on first
     * use, once the engine has its workers; a volatile field, so a thread that reads the array
     * reads its elements too.
     */
    private WorkerTimers[] localWheels() {
        WorkerTimers[] all = wheels;
        if (all == null) {
            WorkerThread[] ws = engine.workers;
            all = new WorkerTimers[ws.length + OUTSIDE_WHEELS];
            for (int i = 0; i < ws.length; i++) {
                all[i] = ws[i].localTimers;
            }
            System.arraycopy(outside, 0, all, ws.length, OUTSIDE_WHEELS);
            wheels = all; // equal arrays if two threads race here
        }
        return all;
    }

    /** Holding the driving lock: apply the inbox, fire what is due; returns the next deadline's tick. */
    long drive() {
        drainInbox();
        long now = TimerHost.ticksFloor(nanoTime());
        wheel.advance(now, this::fire, this::dropped);
        linked = wheel.size();
        return Math.min(wheel.nextExpiration(), takeOverLateWorkers(now));
    }

    /**
     * Holding the driving lock: fires the wheels of workers that are past their due tick (stuck in
     * a run, or asleep) and returns the earliest due tick left among them.
     */
    private long takeOverLateWorkers(long nowTick) {
        long next = Long.MAX_VALUE;
        for (WorkerTimers t : localWheels()) {
            next = Math.min(next, t.takeOverIfDue(nowTick));
        }
        return next;
    }

    /** The earliest due tick of the workers' wheels: volatile reads, the thread's last look. */
    private long earliestWorkerDue() {
        long next = Long.MAX_VALUE;
        for (WorkerTimers t : localWheels()) {
            next = Math.min(next, t.due());
        }
        return next;
    }

    /**
     * A worker's wheel is due by {@code tick} (a volatile store of it came first): if the thread
     * sleeps past it, lower the published deadline and wake it. The read of the published deadline
     * after that store is the worker's side of the Dekker pair with the thread's publish-then-look.
     */
    @Override
    public void noticeDue(long tick) {
        long until = parking.published();
        if (until != AWAKE && tick < until) {
            parking.lower(until, tick);
            LockSupport.unpark(thread);
        }
    }

    @Override
    public void disarm(ScheduledTask<?> task) {
        // In no wheel: its arm is still in the inbox, where we will see it cancelled and drop it, so
        // no second message is needed (the common case for a timeout cancelled early), or it sits
        // in a worker's buffer, whose flush drops it (WorkerTimers), or it has fired. A racy read,
        // after the cancel's CAS: a link it misses checks for the cancel itself (cancelledWhileLinking
        // here and in WorkerTimers, and WorkerTimers' recheck after linking its buffer).
        TimerWheel home = task.wheel;
        if (stopped || home == null) {
            return;
        }
        if (home.owner instanceof WorkerTimers local) {
            local.disarm(task);
            return;
        }
        inbox.offer(task);
        housekeeping(parking.published());
    }

    /**
     * Cancels every timer armed and not yet due whose task {@code which} accepts, and the task too
     * if it is {@link Cancellable}; returns how many. It waits for the driving lock (a rare call),
     * applies the inbox so that arms on their way are seen, and unlinks the matches; the cancels run
     * after the lock is released (they may post to the inbox, and a task's cancel is its own code).
     * A timer armed after the sweep is not seen: its arming side must check for itself.
     */
    int cancelIf(Predicate<? super Runnable> which) {
        List<ScheduledTask<?>> hits = new ArrayList<>();
        while (!parking.tryDrive()) {
            if (stopped) {
                return 0; // the thread drops everything as it ends
            }
            LockSupport.parkNanos(this, 10_000);
        }
        try {
            drainInbox();
            wheel.removeIf(e -> matches((ScheduledTask<?>) e, which), e -> {
                ScheduledTask<?> t = (ScheduledTask<?>) e;
                countCancel(t);
                hits.add(t);
            });
            linked = wheel.size();
            for (WorkerTimers t : localWheels()) {
                t.removeIf(e -> matches((ScheduledTask<?>) e, which), hits);
            }
        } finally {
            parking.release();
        }
        for (ScheduledTask<?> t : hits) {
            Runnable r = t.task(); // before the cancel, which drops it
            t.cancel();
            if (r instanceof Cancellable c) {
                c.cancel();
            }
        }
        return hits.size();
    }

    private static boolean matches(ScheduledTask<?> t, Predicate<? super Runnable> which) {
        Runnable r = t.task();
        return r != null && !t.isCancelledEntry() && which.test(r);
    }

    private void housekeeping(long until) {
        // The producer index counts every offer ever made: a cheap, contention-free batch counter.
        if (until != AWAKE && (inbox.currentProducerIndex() & (HOUSEKEEPING_BATCH - 1)) == 0) {
            LockSupport.unpark(thread);
        }
    }

    @Override
    public void reportError(Throwable error) {
        engine.reportError(Thread.currentThread(), error);
    }

    @Override
    public void run() {
        while (!stopped) {
            parking.markAwake();
            long armsSeen = directArms; // before the drive: a direct arm after it shows as a change
            if (!parking.tryDrive()) {
                // A worker drives the wheel right now. No spinning: on busy cores that would take
                // the CPU from the very worker we wait for. A worker that arms or assists tells
                // us through the inbox or an unpark (a permit: not lost if it comes first).
                LockSupport.parkNanos(this, 50_000);
                continue;
            }
            long next;
            try {
                next = drive();
            } finally {
                parking.release();
            }
            // Publish, then look once more: pairs with arm()'s offer-then-read.
            parking.publish(next);
            if (!inbox.isEmpty() || directArms != armsSeen || stopped || earliestWorkerDue() < next) {
                continue;
            }
            if (next == Long.MAX_VALUE) {
                LockSupport.park(this);
            } else {
                long wait = next * TimerHost.TICK_NANOS - nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(this, wait);
                }
            }
        }
        while (!parking.tryDrive()) {
            LockSupport.parkNanos(this, 10_000); // stopping: a worker may be finishing an arm or assist
        }
        cancelAll(); // keeps the wheel for good: no worker drives it after the stop
    }

    private void drainInbox() {
        for (ScheduledTask<?> t; (t = inbox.poll()) != null; ) {
            countArm(t);
            if (t.isCancelledEntry()) {
                if (wheel.contains(t)) {
                    wheel.remove(t);
                }
                countCancel(t);
            } else if (!wheel.contains(t)) {
                if (!wheel.insert(t)) {
                    fire(t); // already due
                } else if (cancelledWhileLinking(t)) {
                    wheel.remove(t);
                    countCancel(t);
                }
            }
        }
    }

    /**
     * A cancel that read the entry as not linked yet sent no message (see {@link #disarm}): if it
     * raced with our link, the entry would stay linked, cancelled, until its slot comes up, hours
     * away for a long timeout, and be counted pending meanwhile. The fence orders our store of
     * LINKED before our read of the state; the canceller's CAS orders its store of CANCELLED before
     * its read of the entry's wheel: so either it sees the wheel and sends the message, or we see
     * CANCELLED here (or both, and the message finds the entry gone). The canceller reads
     * {@link TimerEntry#wheel}, which the link writes before the fence.
     */
    private static boolean cancelledWhileLinking(ScheduledTask<?> t) {
        VarHandle.fullFence();
        return t.isCancelledEntry();
    }

    /** An inbox message that is an arm (not a cancel) counts as one. */
    private void countArm(ScheduledTask<?> t) {
        if (t.armQueued) {
            t.armQueued = false;
            armed++;
        }
    }

    private void dropped(TimerEntry e) {
        countCancel((ScheduledTask<?>) e);
    }

    private void countCancel(ScheduledTask<?> t) {
        if (!t.cancelCounted) {
            t.cancelCounted = true;
            cancelled++;
        }
    }

    private void fire(TimerEntry e) {
        fired++;
        dispatch((ScheduledTask<?>) e);
    }

    /** A due task goes to where it runs: its ordered worker, or the engine. Not counted here. */
    @Override
    public void dispatch(ScheduledTask<?> t) {
        t.wheelState = TimerEntry.GONE;
        try {
            SerialWorker worker = t.worker();
            if (worker != null) {
                worker.enqueueTimed(t);
            } else {
                engine.execute(t);
            }
        } catch (RejectedExecutionException closed) {
            Dropped.tell(t, closed, engine);
        }
    }

    /**
     * Stops the thread and waits for it until {@code deadline}; true if it ended (or is the caller).
     * As it ends, the thread drops every timer not yet fired and tells its work ({@link Rejectable}).
     */
    boolean stop(Deadline deadline) throws InterruptedException {
        stopped = true;
        LockSupport.unpark(thread);
        return thread == Thread.currentThread() || deadline.join(thread);
    }

    String threadName() {
        return thread.getName();
    }

    private void cancelAll() {
        RejectedExecutionException closed = engine.closedError();
        for (ScheduledTask<?> t; (t = inbox.poll()) != null; ) {
            countArm(t);
            Dropped.tell(t, closed, engine);
        }
        wheel.drainAll(e -> Dropped.tell(e, closed, engine));
        linked = 0;
        for (WorkerTimers t : localWheels()) {
            t.close(e -> Dropped.tell(e, closed, engine));
        }
    }

    /**
     * Timers armed and neither fired nor cancelled. A cancel is a message in the inbox until the
     * wheel's holder applies it (and unlinks the entry), so counting the inbox and the wheel as they
     * are would count every cancelled timer whose message is still waiting: thousands, with nothing
     * armed. So when the wheel is free, this applies the inbox first (as the thread would; nothing is
     * advanced, so nothing new falls due). When another holds it, the count may include cancels not
     * yet applied. The arm path pays nothing for this.
     */
    long pending() {
        if (!stopped && parking.tryDrive()) {
            try {
                drainInbox();
                linked = wheel.size();
            } finally {
                parking.release();
            }
        }
        long local = 0;
        for (WorkerTimers t : localWheels()) {
            local += t.pending();
        }
        return Math.max(0, linked) + inbox.size() + local;
    }

    /**
     * Timers armed (a periodic task's every period counts as one), as the wheel's holder has seen
     * them: an arm still in the inbox is counted when the holder takes it, so this may lag behind
     * by the arms of the last moments.
     */
    long armed() {
        long n = armed;
        for (WorkerTimers t : localWheels()) {
            n += t.armed;
        }
        return n;
    }

    long fired() {
        long n = fired;
        for (WorkerTimers t : localWheels()) {
            n += t.fired;
        }
        return n;
    }

    /** Times the driver fired a worker's wheel because that worker was past its due tick. */
    long takeovers() {
        long n = 0;
        for (WorkerThread w : engine.workers) {
            n += w.localTimers.takeovers;
        }
        return n;
    }

    /** Times a worker fired due timers because the timer thread was late. */
    long assists() {
        return parking.assists();
    }

    /** For tests: pretend the timer thread sleeps until {@code tick} (it may never have started). */
    void sleepingUntil(long tick) {
        parking.publish(tick);
    }

    long cancelled() {
        long n = cancelled;
        for (WorkerTimers t : localWheels()) {
            n += t.cancelled;
        }
        return n;
    }
}
