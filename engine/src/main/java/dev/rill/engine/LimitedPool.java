package dev.rill.engine;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jctools.queues.MpmcUnboundedXaddArrayQueue;

/**
 * A capped view of the blocking pool ({@link BlockingScheduler#limited}): at most {@code
 * maxThreads} of its tasks run at once, at most {@code maxQueued} wait, the rest are rejected.
 * Waiting tasks sit in a JCTools MPMC queue; each finishing task starts the next one.
 *
 * <p>The gate: {@code active} counts tasks handed to the pool. A submitter or a finisher that
 * finds a free slot claims it by CAS and then polls; if the queue turned out empty it gives the
 * slot back and looks again, so a task queued during that window is never stranded.
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

    @Override
    public void execute(Runnable task) {
        Objects.requireNonNull(task, "task");
        if (shutdown) {
            throw new RejectedExecutionException("this view of the blocking pool was shut down");
        }
        if (queued.incrementAndGet() > maxQueued) {
            queued.decrementAndGet();
            throw new RejectedExecutionException("blocking view is full: " + maxThreads + " tasks running and "
                    + maxQueued + " queued");
        }
        waiting.offer(task);
        startNext();
    }

    private void startNext() {
        for (;;) {
            int a = active.get();
            if (a >= maxThreads || waiting.isEmpty()) {
                return;
            }
            if (!active.compareAndSet(a, a + 1)) {
                continue;
            }
            Runnable next = waiting.poll();
            if (next == null) {
                active.decrementAndGet(); // lost the race for it; look again
                continue;
            }
            queued.decrementAndGet();
            try {
                pool.execute(() -> {
                    try {
                        next.run();
                    } finally {
                        active.decrementAndGet();
                        startNext();
                    }
                });
            } catch (RejectedExecutionException e) {
                active.decrementAndGet();
                throw e;
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
        List<Runnable> out = new java.util.ArrayList<>();
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
            if (System.nanoTime() >= end) {
                return false;
            }
            Thread.sleep(1); // rare, off the hot path: a waiting caller polls the counts
        }
        return true;
    }
}
