package dev.rill.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.jctools.queues.unpadded.MpscUnboundedUnpaddedArrayQueue;

/**
 * The engine's {@link Scheduler.Worker}: an ordered executor built from one {@link Task} and a
 * JCTools MPSC queue. Producers enqueue and wake the task; the task drains in FIFO order, one budget
 * unit per item, and yields (re-schedules itself) when the budget runs out.
 *
 * <p>Order and non-overlap come from the queue (FIFO per producer, and a total order of offers) and
 * from {@link Task}: a task never runs twice at once, and each run happens-after the previous one,
 * even when the task moves to another thread by stealing.
 *
 * <p>Delayed tasks wait in the engine's timer wheel and join this queue when due, so they run in
 * order with everything else. Cancelling the worker drops what is queued at once; delayed tasks
 * still in the wheel are dropped (cancelled) when they come due, which keeps cancel O(1).
 *
 * <p>Threading: the {@code schedule} methods and {@link #cancel()} from any thread; {@link #run()}
 * by the engine only (it is the queue's single consumer).
 */
final class SerialWorker extends Task implements Scheduler.Worker {

    private static final VarHandle DISPOSED;

    static {
        try {
            DISPOSED = MethodHandles.lookup().findVarHandle(SerialWorker.class, "disposed", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * CancellableRunnable for immediate tasks, ScheduledTask for due timers. JCTools' unpadded
     * variant: Reactor and RxJava create a worker per subscription ({@code publishOn},
     * {@code Flux.interval}, {@code timeout}), so its creation is on their subscribe path, where
     * the padded XADD queue and its chunk pool cost several times as much to create (bench/README.md).
     */
    private final MpscUnboundedUnpaddedArrayQueue<Rejectable> queue = new MpscUnboundedUnpaddedArrayQueue<>(16);
    /** The host of our timers; package-private: a {@link ScheduledTask} of ours reaches it through us. */
    final TimerDriver timers;

    /** Read as a volatile field on the schedule path (no VarHandle call there), CAS'd through DISPOSED. */
    private volatile boolean disposed;

    SerialWorker(Engine engine, TimerDriver timers) {
        super(engine);
        this.timers = timers;
    }

    @Override
    public Cancellable schedule(Runnable task) {
        Objects.requireNonNull(task, "task");
        checkNotDisposed();
        CancellableRunnable item = new CancellableRunnable(task);
        enqueue(item);
        return item;
    }

    @Override
    public Cancellable schedule(Runnable task, long delay, TimeUnit unit) {
        ScheduledTask<?> t = ScheduledTask.oneShot(timers, this, task, null, delay, unit);
        return submitTimed(t);
    }

    @Override
    public Cancellable schedulePeriodically(Runnable task, long initialDelay, long period, TimeUnit unit) {
        ScheduledTask<?> t = ScheduledTask.periodic(timers, this, task, initialDelay, period, unit, true);
        return submitTimed(t);
    }

    private Cancellable submitTimed(ScheduledTask<?> t) {
        checkNotDisposed();
        engine().checkAccepting(t);
        if (t.isImmediate()) {
            enqueue(t);
        } else {
            timers.arm(t);
        }
        return t;
    }

    /**
     * The timer thread: a delayed task of ours is due. Dropped if we were cancelled meanwhile; may
     * throw {@link RejectedExecutionException} if the engine closed (the timer tells the task).
     */
    void enqueueTimed(ScheduledTask<?> t) {
        if (disposed) {
            t.cancel(false);
            return;
        }
        enqueue(t, false);
    }

    private void enqueue(Rejectable item) {
        enqueue(item, true);
    }

    /**
     * Queues {@code item} and wakes the worker. If the engine closed, a caller that will hear of it
     * by the exception ({@code callerHears}) withdraws the item first; a due timer does not, as the
     * timer tells its task itself (by the same CAS as the worker's rejection, so once).
     */
    private void enqueue(Rejectable item, boolean callerHears) {
        queue.offer(item);
        // Offer before wake: the drain that follows (or the one in progress, which we turn into
        // NOTIFIED) sees the item. A cancel racing with us is caught by the drain's disposed check.
        try {
            schedule();
        } catch (RejectedExecutionException closed) {
            // No run will take the item: either we call it off and our caller hears of it by the
            // exception, or the closing engine's rejection of this worker got to it first and told
            // it (the same CAS decides), and for our caller the task was accepted, then dropped.
            if (!callerHears || withdraw(item)) {
                throw closed;
            }
        }
    }

    private static boolean withdraw(Rejectable item) {
        return item instanceof CancellableRunnable c ? c.tryCancel() : ((ScheduledTask<?>) item).cancel(false);
    }

    /**
     * The engine closed with this worker queued: every task in the queue is told (the marks that
     * queued them happened-before this call). A task offered after it finds the worker rejected
     * when it wakes it, and is withdrawn by its producer, above.
     */
    @Override
    protected void rejected(RejectedExecutionException cause) {
        disposed = true;
        for (Rejectable item; (item = queue.poll()) != null; ) {
            Dropped.tell(item, cause, engine());
        }
    }

    private void checkNotDisposed() {
        if (disposed) {
            throw new RejectedExecutionException("this worker of " + engine() + " was cancelled");
        }
    }

    @Override
    protected void run() {
        MpscUnboundedUnpaddedArrayQueue<Rejectable> q = queue;
        for (;;) {
            if (disposed) {
                dropAll();
                return;
            }
            if (q.isEmpty()) {
                return;
            }
            if (!Budget.tryConsume()) {
                schedule(); // yield: back of the run queue, resumed later
                return;
            }
            Runnable item = q.poll();
            if (item == null) {
                return;
            }
            try {
                item.run();
            } catch (Throwable t) {
                engine().reportError(Thread.currentThread(), t);
            }
        }
    }

    private void dropAll() {
        for (Runnable item; (item = queue.poll()) != null; ) {
            ((Cancellable) item).cancel();
        }
    }

    @Override
    public void cancel() {
        if (DISPOSED.compareAndSet(this, false, true)) {
            try {
                schedule(); // the drain (our queue's only consumer) drops what is pending
            } catch (RejectedExecutionException closed) {
                // The engine is gone; nothing queued will run anyway.
            }
        }
    }

    @Override
    public boolean isCancelled() {
        return disposed;
    }
}
