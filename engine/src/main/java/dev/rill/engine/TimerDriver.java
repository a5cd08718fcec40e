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
 * <p>Why a dedicated thread rather than "a worker about to park advances the wheel": with a busy
 * engine no worker parks, so the workers would also have to poll the wheel from their run loop, and
 * expiry would wait for a worker to finish its current task. A thread that sleeps until the next
 * deadline wakes within the OS timer slack, and expired tasks go through the same injection path as
 * any outside submission. Measured on the 2-vCPU reference machine with {@code LatenessProbe}
 * (see {@code bench/README.md}): 10 ms timers run late by p50 0.14 ms / p99 0.76 ms on an idle
 * engine (part of it the wheel's rounding up to whole 100 µs ticks, which keeps timers from ever
 * being early), and p50 0.12 ms / p99 3.1 ms while two endless tasks keep both workers busy;
 * Netty's {@code HashedWheelTimer} thread measured 1.1 / 2.0 and 0.9 / 3.0 in the same run.
 * The worker-driven variant was not built, so it is not measured.
 *
 * <p>Inbox protocol: {@link #arm} and {@link #disarm} offer the task to an MPSC queue (no lock) and
 * wake the thread only when the new deadline is earlier than the one it sleeps until, or when the
 * inbox has grown by {@value #HOUSEKEEPING_BATCH} entries (so cancelled timers are unlinked and
 * collected even while nothing fires). The thread publishes its wake-up deadline before a last look
 * at the inbox, and an offer (an atomic add) comes before the read of that deadline: a Dekker pair,
 * so an earlier deadline is never missed.
 *
 * <p>Threading: {@link #arm}, {@link #disarm}, {@link #nanoTime} from any thread; everything else
 * on the timer thread.
 */
final class TimerDriver implements TimerHost, Runnable {

    private static final long AWAKE = -1L;
    static final int HOUSEKEEPING_BATCH = 65536;

    private static final VarHandle SLEEP_UNTIL;

    static {
        try {
            SLEEP_UNTIL = MethodHandles.lookup().findVarHandle(TimerDriver.class, "sleepUntil", long.class);
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

    // Metrics, written by the timer thread only and read racily.
    private long fired;
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
        inbox.offer(task); // an atomic add: the StoreLoad barrier before reading sleepUntil
        long until = (long) SLEEP_UNTIL.getVolatile(this);
        if (task.deadline < until) {
            LockSupport.unpark(thread); // it sleeps past our deadline (never while AWAKE = -1)
        } else {
            housekeeping(until);
        }
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
            drainInbox();
            wheel.advance(TimerHost.ticksFloor(nanoTime()), this::fire, this::dropped);
            linked = wheel.size();
            long next = wheel.nextExpiration();
            // Publish, then look once more: pairs with arm()'s offer-then-read.
            SLEEP_UNTIL.setVolatile(this, next);
            if (!inbox.isEmpty() || stopped) {
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
        cancelAll();
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

    long cancelled() {
        return cancelled;
    }
}
