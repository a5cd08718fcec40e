package dev.rill.engine;

import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jctools.queues.MpmcUnboundedXaddArrayQueue;

/**
 * A capped view of the blocking pool ({@link BlockingScheduler#limited}): at most {@code
 * maxThreads} of its tasks run at once, at most {@code maxQueued} wait, the rest are rejected. A
 * worker's queue waits as one task (its drain), and is never refused for the cap once it accepted
 * a task.
 * Waiting tasks sit in a JCTools MPMC queue; each slot is a runner on the pool that takes
 * waiting tasks until none is left.
 *
 * <p>The gate: {@code active} counts runners. A submitter that finds a free slot claims it by CAS
 * and starts a runner; a runner that finds no task it can take gives its slot back and looks once
 * more, so a task queued during that window is never stranded.
 *
 * <p>Nobody spins on the queue. An offer claims its place first and writes the task after, so a
 * taker may find the head claimed but not yet written (its producer preempted: on two cores that
 * lasts a scheduling quantum). Takers use the relaxed poll and peek, which answer null then, and
 * leave the task to its producer, which looks for a runner after its write: a Dekker pair. The
 * producer writes the task, fences ({@link VarHandle#fullFence}, as the queue's write is only a
 * release), then reads {@code active}; a runner decrements {@code active} (a full barrier), then
 * peeks. If the producer read {@code active} before the decrement, its write came before the
 * runner's peek, which sees the task; otherwise the producer sees the slot free and starts a
 * runner. Either way the task is taken.
 *
 * <p>Threading: every method from any thread.
 */
final class LimitedPool extends PoolScheduler {

    private final PoolScheduler pool;
    private final int maxThreads;
    private final int maxQueued;
    private final MpmcUnboundedXaddArrayQueue<Runnable> waiting = new MpmcUnboundedXaddArrayQueue<>(64);
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicInteger active = new AtomicInteger();
    private volatile boolean shutdown;

    LimitedPool(PoolScheduler pool, Engine engine, int maxThreads, int maxQueued) {
        super(engine);
        if (maxThreads <= 0 || maxQueued <= 0) {
            throw new IllegalArgumentException("limited: bounds must be positive, were " + maxThreads + " threads and "
                    + maxQueued + " queued tasks");
        }
        this.pool = pool;
        this.maxThreads = maxThreads;
        this.maxQueued = maxQueued;
    }

    /** Workers' drains, which are not held to {@code maxQueued} (see {@link #executeDrain}). */
    private final Executor drains = this::executeDrain;

    @Override
    public void execute(Runnable task) {
        Objects.requireNonNull(task, "task");
        checkOpen();
        if (queued.incrementAndGet() > maxQueued) {
            queued.decrementAndGet();
            throw new RejectedExecutionException("blocking view is full: " + maxThreads + " tasks running and "
                    + maxQueued + " queued");
        }
        waiting.offer(task);
        VarHandle.fullFence(); // the write of the task before the read of `active` (class comment)
        startRunner(task);
    }

    private void checkOpen() {
        if (shutdown) {
            throw new RejectedExecutionException("this view of the blocking pool was shut down");
        }
    }

    /**
     * A worker's drain waits for a slot like a task but is never refused for being over {@code
     * maxQueued}: the worker accepted its tasks before it asked for the drain, so refusing it would
     * drop tasks whose callers were told they were accepted. Only a shut-down view refuses it.
     */
    private void executeDrain(Runnable drain) {
        checkOpen();
        queued.incrementAndGet();
        waiting.offer(drain);
        VarHandle.fullFence(); // as in execute
        startRunner(drain);
    }

    @Override
    Executor drains() {
        return drains;
    }

    /**
     * Takes a free slot, if any and if work waits, and starts a runner in it on the pool. If the
     * pool refuses (it closed), everything waiting is told ({@link Dropped}) but {@code own}, the
     * caller's task, which hears of it by the exception if it was still waiting.
     */
    private void startRunner(Runnable own) {
        for (;;) {
            int a = active.get();
            // A head claimed but not written yet reads as null: its producer starts a runner for it
            // (and for what queued behind it) after its write, or a running runner takes it.
            if (a >= maxThreads || waiting.relaxedPeek() == null) {
                return;
            }
            if (!active.compareAndSet(a, a + 1)) {
                continue;
            }
            Runnable first = waiting.relaxedPoll(); // taken here, so `queued` counts only tasks without a slot
            if (first == null) {
                active.decrementAndGet(); // another runner took it; look again
                continue;
            }
            queued.decrementAndGet();
            try {
                pool.execute(new Runner(first));
            } catch (RejectedExecutionException e) {
                active.decrementAndGet();
                if (dropWaiting(first, own, e)) {
                    throw e;
                }
            }
            return;
        }
    }

    /** Tells {@code first} and every waiting task but {@code own}; true if {@code own} was among them. */
    private boolean dropWaiting(Runnable first, Runnable own, RejectedExecutionException cause) {
        boolean mine = first == own;
        if (!mine) {
            Dropped.tell(first, cause, engine);
        }
        for (Runnable r; (r = waiting.poll()) != null; ) {
            queued.decrementAndGet();
            if (r == own) {
                mine = true;
            } else {
                Dropped.tell(r, cause, engine);
            }
        }
        return mine;
    }

    /** A slot's runner on the pool; if the pool drops it unrun, its task and the waiting ones hear it. */
    private final class Runner implements Rejectable {
        private final Runnable first;

        Runner(Runnable first) {
            this.first = first;
        }

        @Override
        public void run() {
            runWaiting(first);
        }

        @Override
        public void rejected(RejectedExecutionException cause) {
            active.decrementAndGet();
            dropWaiting(first, null, cause);
        }
    }

    /**
     * A slot's runner: runs waiting tasks one after another on the same pool thread, and gives the
     * slot back only when none is left. Handing each next task to the pool instead would wake a
     * parked pool thread per task, which under load costs the workers their cores.
     */
    private void runWaiting(Runnable first) {
        Runnable r = first;
        for (;;) {
            while (r != null) {
                try {
                    r.run();
                } catch (Throwable t) {
                    engine.reportError(Thread.currentThread(), t);
                }
                r = waiting.relaxedPoll();
                if (r != null) {
                    queued.decrementAndGet();
                }
            }
            active.decrementAndGet();
            // Dekker with execute() (class comment): it writes, fences, reads `active`; we
            // decrement (a full barrier), then peek. One of the two sees the other.
            if (waiting.relaxedPeek() == null || !reacquire()) {
                return;
            }
            r = waiting.relaxedPoll();
            if (r != null) {
                queued.decrementAndGet();
            }
        }
    }

    private boolean reacquire() {
        for (;;) {
            int a = active.get();
            if (a >= maxThreads) {
                return false; // another runner took the slot and will take the task
            }
            if (active.compareAndSet(a, a + 1)) {
                return true;
            }
        }
    }

    /** Tasks waiting for a slot (for Reactor's BUFFERED attribute). */
    int waitingCount() {
        return queued.get();
    }

    int activeCount() {
        return active.get();
    }

    @Override
    public void shutdown() {
        shutdown = true;
    }

    @Override
    public List<Runnable> shutdownNow() {
        shutdown = true;
        List<Runnable> out = new ArrayList<>();
        for (Runnable r; (r = waiting.poll()) != null; ) {
            queued.decrementAndGet();
            out.add(r);
        }
        return out;
    }

    @Override
    public boolean isShutdown() {
        return shutdown;
    }

    @Override
    public boolean isTerminated() {
        return shutdown && active.get() == 0 && waiting.isEmpty();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        long end = System.nanoTime() + unit.toNanos(timeout);
        while (!isTerminated()) {
            if (System.nanoTime() - end >= 0) { // overflow-safe for a "forever" timeout
                return false;
            }
            Thread.sleep(1); // rare, off the hot path: a waiting caller polls the counts
        }
        return true;
    }
}
