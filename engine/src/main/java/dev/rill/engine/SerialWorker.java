package dev.rill.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import org.jctools.queues.MpscUnboundedXaddArrayQueue;

/**
 * The engine's {@link Scheduler.Worker}: an ordered executor built from one {@link Task} and a
 * JCTools MPSC queue. Producers enqueue and wake the task; the task drains in FIFO order, one budget
 * unit per item, and yields (re-schedules itself) when the budget runs out.
 *
 * <p>Order and non-overlap come from the queue (FIFO per producer, and a total order of offers) and
 * from {@link Task}: a task never runs twice at once, and each run happens-after the previous one,
 * even when the task moves to another thread by stealing.
 *
 * <p>Threading: {@link #schedule(Runnable)} and {@link #cancel()} from any thread; {@link #run()} by
 * the engine only (it is the queue's single consumer).
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

    private final MpscUnboundedXaddArrayQueue<CancellableRunnable> queue = new MpscUnboundedXaddArrayQueue<>(64);

    @SuppressWarnings("unused")
    private volatile boolean disposed;

    SerialWorker(Engine engine) {
        super(engine);
    }

    @Override
    public Cancellable schedule(Runnable task) {
        Objects.requireNonNull(task, "task");
        if ((boolean) DISPOSED.getVolatile(this)) {
            throw new RejectedExecutionException("this worker of " + engine() + " was cancelled");
        }
        CancellableRunnable item = new CancellableRunnable(task);
        queue.offer(item);
        // Offer before wake: the drain that follows (or the one in progress, which we turn into
        // NOTIFIED) sees the item. A cancel racing with us is caught by the drain's disposed check.
        schedule();
        return item;
    }

    @Override
    protected void run() {
        MpscUnboundedXaddArrayQueue<CancellableRunnable> q = queue;
        for (;;) {
            if ((boolean) DISPOSED.getVolatile(this)) {
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
            CancellableRunnable item = q.poll();
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
        for (CancellableRunnable item; (item = queue.poll()) != null; ) {
            item.cancel();
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
        return (boolean) DISPOSED.getVolatile(this);
    }

    /** Items not yet run; racy. */
    int pending() {
        return queue.size();
    }
}
