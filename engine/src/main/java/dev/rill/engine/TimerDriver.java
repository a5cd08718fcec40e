package dev.rill.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.LockSupport;
import org.jctools.queues.MpscUnboundedXaddArrayQueue;

/**
 * The engine's timer thread: it owns the {@link TimerWheel}, applies the arms and cancels other
 * threads post to its inbox, sleeps until the next deadline, and hands expired tasks to the workers
 * (or to the ordered worker they were scheduled on). It never runs a task itself.
 *
 * <p>A dedicated thread, because with an idle engine no worker is awake to look at the wheel, and
 * a thread that sleeps until the next deadline wakes within the OS timer slack. But on busy cores
 * that thread is one more thread waiting for a core, so the workers help, as Tokio's drive its
 * timer: whoever holds {@link #driving} owns the wheel, and a worker takes it (never waits for it)
 * to link a timer it arms (a periodic task re-arming itself) and, at its maintenance tick or when
 * a task's budget runs out, to fire what is overdue if the thread has not run yet ({@link
 * #assist}). Measured with {@code IntervalProbe} (a 1 ms interval beside 4 busy streams on 2
 * workers): p99 0.9–1.4 ms with the workers' help, 2.0–3.9 ms without; idle, 10 ms timers run late
 * by p50 0.14 ms / p99 0.76 ms ({@code LatenessProbe}; part of it is the wheel's rounding up to
 * whole 100 µs ticks, which keeps timers from ever being early). On an idle engine one worker
 * also watches the published deadline ({@link #nanosToNextDeadline}, {@code WorkerThread}'s
 * {@code watchTimers}): it wakes with this thread and fires into its own queue through
 * {@link #assist}, so the fired task does not wait for a second wake-up.
 *
 * <p>Inbox protocol: {@link #arm} and {@link #disarm} offer the task to an MPSC queue (no lock) and
 * wake the thread only when the new deadline is earlier than the one it sleeps until, or when the
 * inbox has grown by {@value #HOUSEKEEPING_BATCH} entries (so cancelled timers are unlinked and
 * collected even while nothing fires). The thread publishes its wake-up deadline before a last look
 * at the inbox, and an offer (an atomic add) comes before the read of that deadline: a Dekker pair,
 * so an earlier deadline is never missed.
 *
 * <p>Threading: {@link #arm}, {@link #disarm}, {@link #nanoTime}, {@link #assist} from any thread;
 * the wheel and the inbox's consumer side by the holder of {@link #driving}.
 */
final class TimerDriver implements TimerHost, Runnable {

    private static final long AWAKE = -1L;
    static final int HOUSEKEEPING_BATCH = 65536;

    private static final VarHandle SLEEP_UNTIL;
    private static final VarHandle DRIVING;
    private static final VarHandle DIRECT_ARMS;

    static {
        try {
            SLEEP_UNTIL = MethodHandles.lookup().findVarHandle(TimerDriver.class, "sleepUntil", long.class);
            DRIVING = MethodHandles.lookup().findVarHandle(TimerDriver.class, "driving", int.class);
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

    /** The tick the thread sleeps until; AWAKE while it works; Long.MAX_VALUE when no timer is set. */
    @SuppressWarnings("unused")
    private volatile long sleepUntil = AWAKE;
    private volatile boolean stopped;
    /**
     * 1 while someone drives the wheel: the timer thread, or a worker (see {@link #arm} and
     * {@link #assist}). The wheel, the inbox's consumer side and the metrics belong to the holder;
     * taking it (CAS) after the previous holder's release store orders each holder after the last.
     */
    @SuppressWarnings("unused")
    private volatile int driving;
    /** Entries workers linked straight into the wheel; the thread's last look compares it. */
    private volatile long directArms;

    // Metrics, written by the driver (see `driving`) and read racily.
    private long fired;
    private long assists;
    private long cancelled;
    private int linked;

    TimerDriver(Engine engine, String threadName) {
        this.engine = engine;
        this.thread = new Thread(this, threadName);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    @Override
    public long nanoTime() {
        return System.nanoTime() - epoch;
    }

    @Override
    public void arm(ScheduledTask<?> task) {
        if (stopped) {
            task.cancel(false);
            return;
        }
        if (task.isPeriodic() && Thread.currentThread() instanceof WorkerThread && tryDrive()) {
            // A periodic task re-arming itself on a worker links the entry at once, so its next
            // period never waits for the timer thread to get a core just to be inserted. Only
            // periodic ones: a one-shot armed per value (a timeout) is cheaper through the inbox
            // (one atomic add) than through the lock and the shared wheel (measured: 7.9 vs 6.2 ms
            // for 100,000 per-value timeouts on a 2-worker engine).
            boolean inWheel;
            try {
                inWheel = task.wheelState == TimerEntry.LINKED || wheel.insert(task);
                if (!inWheel) {
                    fire(task); // already due
                }
                linked = wheel.size();
            } finally {
                DRIVING.setRelease(this, 0);
            }
            if (!inWheel) {
                return;
            }
            // The thread's last look before it sleeps compares this count (as it looks at the
            // inbox for the others); an atomic add: the StoreLoad barrier before reading sleepUntil.
            DIRECT_ARMS.getAndAdd(this, 1L);
        } else {
            inbox.offer(task); // an atomic add: the StoreLoad barrier before reading sleepUntil
        }
        long until = (long) SLEEP_UNTIL.getVolatile(this);
        if (task.deadline < until) {
            // It sleeps past our deadline (never while AWAKE = -1). Lower the published deadline
            // too, so workers can see the timer due (assist) even before the thread runs again.
            SLEEP_UNTIL.compareAndSet(this, until, task.deadline);
            LockSupport.unpark(thread);
        } else {
            housekeeping(until);
        }
    }

    private boolean tryDrive() {
        return (int) DRIVING.getVolatile(this) == 0 && DRIVING.compareAndSet(this, 0, 1);
    }

    /** Holding {@link #driving}: apply the inbox, fire what is due; returns the next deadline's tick. */
    private long drive() {
        drainInbox();
        wheel.advance(TimerHost.ticksFloor(nanoTime()), this::fire, this::dropped);
        linked = wheel.size();
        return wheel.nextExpiration();
    }

    /**
     * A worker between tasks, at its periodic maintenance: if a published deadline has passed and
     * the timer thread has not run yet (on busy cores a woken third thread can wait milliseconds
     * for the OS to give it one), fire what is due here, as Tokio's workers drive its timer. Fired
     * tasks go to this worker's own queue. Then publish the next deadline, so other workers do not
     * repeat it, and nudge the thread.
     *
     * @param nowNanos {@link System#nanoTime()} as the worker read it
     */
    void assist(long nowNanos) {
        assist(nowNanos, (long) SLEEP_UNTIL.getVolatile(this));
    }

    /** {@link #assist(long)} that reads the clock only when a deadline is published at all. */
    void assistIfDue() {
        long until = (long) SLEEP_UNTIL.getVolatile(this);
        if (until != AWAKE && until != Long.MAX_VALUE) {
            assist(System.nanoTime(), until);
        }
    }

    private void assist(long nowNanos, long until) {
        if (until == AWAKE || until == Long.MAX_VALUE || TimerHost.ticksFloor(nowNanos - epoch) < until
                || stopped || !tryDrive()) {
            return;
        }
        long next;
        try {
            next = drive();
            assists++;
        } finally {
            DRIVING.setRelease(this, 0);
        }
        SLEEP_UNTIL.compareAndSet(this, until, next); // fails if the thread woke meanwhile: it publishes
        LockSupport.unpark(thread);
    }

    /**
     * Nanoseconds until the deadline the timer thread sleeps until (zero or less: overdue);
     * {@link Long#MAX_VALUE} if it is awake or no timer is set. A racy read, for a worker deciding
     * whether to watch the timers (see {@code WorkerThread.watchTimers}).
     */
    long nanosToNextDeadline() {
        long until = (long) SLEEP_UNTIL.getVolatile(this);
        if (until == AWAKE || until >= Long.MAX_VALUE / TimerHost.TICK_NANOS || stopped) {
            return Long.MAX_VALUE;
        }
        return until * TimerHost.TICK_NANOS - nanoTime();
    }

    @Override
    public void disarm(ScheduledTask<?> task) {
        // Not linked yet: its arm is still in the inbox, where we will see it cancelled and drop
        // it, so no second message is needed (the common case for a timeout cancelled early).
        // A racy read of our own field: if we miss a concurrent link, the entry stays in the
        // wheel until its slot comes up and is dropped there; it never fires either way.
        if (stopped || task.wheelState == TimerEntry.DETACHED) {
            return;
        }
        inbox.offer(task);
        housekeeping((long) SLEEP_UNTIL.getVolatile(this));
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
            SLEEP_UNTIL.setVolatile(this, AWAKE);
            long armsSeen = directArms; // before the drive: a direct arm after it shows as a change
            if (!tryDrive()) {
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
                DRIVING.setRelease(this, 0);
            }
            // Publish, then look once more: pairs with arm()'s offer-then-read.
            SLEEP_UNTIL.setVolatile(this, next);
            if (!inbox.isEmpty() || directArms != armsSeen || stopped) {
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
        while (!tryDrive()) {
            LockSupport.parkNanos(this, 10_000); // stopping: a worker may be finishing an arm or assist
        }
        cancelAll(); // keeps the wheel for good: no worker drives it after the stop
    }

    private void drainInbox() {
        for (ScheduledTask<?> t; (t = inbox.poll()) != null; ) {
            if (t.isCancelledEntry()) {
                if (t.wheelState == TimerEntry.LINKED) {
                    wheel.remove(t);
                }
                countCancel(t);
            } else if (t.wheelState != TimerEntry.LINKED && !wheel.insert(t)) {
                fire(t); // already due
            }
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
        ScheduledTask<?> t = (ScheduledTask<?>) e;
        t.wheelState = TimerEntry.GONE;
        fired++;
        try {
            if (t.worker != null) {
                t.worker.enqueueTimed(t);
            } else {
                engine.execute(t);
            }
        } catch (RejectedExecutionException closed) {
            t.cancel(false);
        }
    }

    /** Stops the thread; every timer not yet fired is cancelled. Waits for the thread to end. */
    void stop(long timeoutMillis) throws InterruptedException {
        stopped = true;
        LockSupport.unpark(thread);
        if (thread.isAlive() && thread != Thread.currentThread()) {
            thread.join(timeoutMillis);
        }
    }

    private void cancelAll() {
        for (ScheduledTask<?> t; (t = inbox.poll()) != null; ) {
            t.cancel(false);
        }
        wheel.drainAll(e -> ((ScheduledTask<?>) e).cancel(false));
        linked = 0;
    }

    long pending() {
        return Math.max(0, linked) + inbox.size();
    }

    long fired() {
        return fired;
    }

    /** Times a worker fired due timers because the timer thread was late. */
    long assists() {
        return assists;
    }

    /** For tests: pretend the timer thread sleeps until {@code tick} (it may never have started). */
    void sleepingUntil(long tick) {
        SLEEP_UNTIL.setVolatile(this, tick);
    }

    long cancelled() {
        return cancelled;
    }
}
