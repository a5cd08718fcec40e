package dev.rill.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.jctools.queues.unpadded.MpscUnboundedUnpaddedArrayQueue;

/**
 * A {@link Scheduler.Worker} over a plain {@link Executor} (the blocking pool): a JCTools MPSC
 * queue drained by one runnable at a time, so the worker's tasks run in order and never overlap,
 * each on whatever pool thread the drain got. Delays are timed on the engine's wheel and then join
 * the queue. A periodic task never queues a second run while one is waiting: a run that overruns
 * its period absorbs the ticks that came meanwhile instead of piling them up.
 *
 * <p>Happens-before between consecutive tasks comes from the counter: a drain's last write of
 * {@code wip} (release) precedes the next drain's first read of it, and a drain that hands over to
 * a new one does so through the executor's own hand-off.
 *
 * <p>Threading: {@code schedule*} and {@link #cancel()} from any thread; {@link #run()} by the
 * executor, one at a time.
 */
final class ExecutorWorker implements Scheduler.Worker, Rejectable {
    private static final VarHandle WIP = VarHandles.field(MethodHandles.lookup(), "wip", int.class);

    private final Executor executor;
    private final Engine engine;
    /**
     * JCTools' unpadded variant, as {@link SerialWorker}'s: Reactor's {@code subscribeOn(
     * boundedElastic())} and RxJava's {@code io()} create a worker per subscription, so this is made
     * on their subscribe path, where the padded XADD queue and its chunk pool cost most of the
     * worker (bench/README.md).
     */
    private final MpscUnboundedUnpaddedArrayQueue<Runnable> queue = new MpscUnboundedUnpaddedArrayQueue<>(16);
    @SuppressWarnings("unused")
    private volatile int wip;
    private volatile boolean cancelled;

    ExecutorWorker(Executor executor, Engine engine) {
        this.executor = executor;
        this.engine = engine;
    }

    @Override
    public Cancellable schedule(Runnable task) {
        Objects.requireNonNull(task, "task");
        checkOpen();
        CancellableRunnable item = new CancellableRunnable(task);
        enqueue(item);
        return item;
    }

    @Override
    public Cancellable schedule(Runnable task, long delay, TimeUnit unit) {
        Objects.requireNonNull(task, "task");
        checkOpen();
        CancellableRunnable item = new CancellableRunnable(task);
        TimerHandle<?> timer = engine.schedule(new DelayedHandOff(item, this::enqueueIfOpen), delay, unit);
        return new Both(item, timer);
    }

    @Override
    public Cancellable schedulePeriodically(Runnable task, long initialDelay, long period, TimeUnit unit) {
        Objects.requireNonNull(task, "task");
        checkOpen();
        Periodic p = new Periodic(task);
        p.timer = engine.schedulePeriodically(p, initialDelay, period, unit);
        return p;
    }

    private void checkOpen() {
        if (cancelled) {
            throw new RejectedExecutionException("the worker was cancelled");
        }
    }

    private void enqueueIfOpen(Runnable item) {
        if (!cancelled) {
            enqueue(item);
        }
    }

    private void enqueue(Runnable item) {
        queue.offer(item);
        if ((int) WIP.getAndAdd(this, 1) == 0) {
            try {
                executor.execute(this);
            } catch (RejectedExecutionException e) {
                // The pool is closed or full: nothing will drain, so nothing may stay queued. Our
                // caller hears of its own task by the exception; the others queued meanwhile are told.
                dropQueued(item, e);
                throw e;
            }
        }
    }

    /**
     * The pool dropped our drain unrun (it closed): we hold the counter as the drain would, so
     * every queued task is ours to tell.
     */
    @Override
    public void rejected(RejectedExecutionException cause) {
        dropQueued(null, cause);
    }

    /** Holding the counter: tells every queued task but {@code keep}, until nobody added more. */
    private void dropQueued(Runnable keep, RejectedExecutionException cause) {
        int missed = 1;
        do {
            for (Runnable r; (r = queue.poll()) != null; ) {
                if (r != keep) {
                    Dropped.tell(r, cause, engine);
                }
            }
            missed = (int) WIP.getAndAdd(this, -missed) - missed;
        } while (missed != 0);
    }

    @Override
    public void run() {
        int missed = 1;
        for (;;) {
            Runnable r;
            while ((r = queue.poll()) != null) {
                if (cancelled) {
                    queue.clear();
                    break;
                }
                try {
                    r.run();
                } catch (Throwable t) {
                    engine.reportError(Thread.currentThread(), t);
                }
            }
            missed = (int) WIP.getAndAdd(this, -missed) - missed;
            if (missed == 0) {
                return;
            }
        }
    }

    @Override
    public void cancel() {
        cancelled = true;
        if ((int) WIP.getAndAdd(this, 1) != 0) {
            return; // a drain is running or due: it sees `cancelled` and clears
        }
        int missed = 1; // we hold the counter like a drain would: clear until nobody added more
        do {
            queue.clear();
            missed = (int) WIP.getAndAdd(this, -missed) - missed;
        } while (missed != 0);
    }

    @Override
    public boolean isCancelled() {
        return cancelled;
    }

    /** A delayed task: the queued item and the wheel entry that will queue it. */
    private record Both(CancellableRunnable item, TimerHandle<?> timer) implements Cancellable {
        @Override
        public void cancel() {
            item.cancel();
            timer.cancel();
        }

        @Override
        public boolean isCancelled() {
            return item.isCancelled();
        }
    }

    /** A periodic task: each tick queues one run unless one is still waiting. */
    private final class Periodic implements Rejectable, Cancellable {
        private final Runnable task;
        private volatile boolean waiting;
        private volatile boolean stopped;
        volatile TimerHandle<?> timer;

        Periodic(Runnable task) {
            this.task = task;
        }

        /** The wheel's tick, on an engine worker. */
        @Override
        public void run() {
            if (stopped || cancelled) {
                cancel();
                return;
            }
            if (!waiting) {
                waiting = true;
                enqueue(this::runOnce);
            }
        }

        private void runOnce() {
            waiting = false;
            if (stopped) {
                return;
            }
            try {
                task.run();
            } catch (Throwable t) {
                cancel(); // a run that throws ends the periods
                throw t;
            }
        }

        @Override
        public void cancel() {
            stopped = true;
            TimerHandle<?> t = timer;
            if (t != null) {
                t.cancel();
            }
        }

        @Override
        public boolean isCancelled() {
            return stopped;
        }

        /** The engine dropped our timer: tell the task after any run still queued, never during one. */
        @Override
        public void rejected(RejectedExecutionException cause) {
            if (stopped) {
                return;
            }
            stopped = true;
            PeriodsEnded end = new PeriodsEnded(task, cause);
            try {
                enqueue(end);
            } catch (RejectedExecutionException refused) {
                end.run(); // no drain is running (we could not start one): tell it here
            }
        }
    }

    /** Tells a periodic task that its periods ended unrun, in turn with its runs. */
    private final class PeriodsEnded implements Rejectable {
        private final Runnable task;
        private final RejectedExecutionException cause;

        PeriodsEnded(Runnable task, RejectedExecutionException cause) {
            this.task = task;
            this.cause = cause;
        }

        @Override
        public void run() {
            Dropped.tell(task, cause, engine);
        }

        @Override
        public void rejected(RejectedExecutionException ignored) {
            run();
        }
    }
}
