package dev.rill.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The engine's pool for blocking work ({@code engine.blocking()}): file and socket I/O, JDBC,
 * {@code Thread.sleep}, anything that would stall a worker. Elastic: threads are made as work
 * arrives, up to a cap, and leave after an idle keep-alive; beyond the cap, tasks wait in a queue
 * up to a limit, and past that they are rejected with a message naming both.
 *
 * <pre>{@code engine.blocking().execute(() -> readFile());}</pre>
 *
 * <p>Built on {@link ThreadPoolExecutor} (core = max = cap, core threads time out): this is not a
 * hot path, and the JDK's pool is the well-trodden way to get exactly these bounds. Until the cap
 * is reached a new task starts a new thread even if one is idle, as the JDK pool does.
 *
 * <p>The pool belongs to its engine and closes with it; {@link #shutdown()} and friends throw.
 * A task that throws goes to the engine's error handler and the thread lives on.
 *
 * <p>Threading: every method from any thread.
 */
final class BlockingPool extends PoolScheduler {

    private final ThreadPoolExecutor pool;
    private final int maxThreads;
    private final int queueLimit;
    /** Every thread made, so close can join them: a terminated pool's threads may still be exiting. */
    private final ConcurrentLinkedQueue<Thread> threads = new ConcurrentLinkedQueue<>();

    BlockingPool(Engine engine, String threadPrefix, int maxThreads, int queueLimit, Duration keepAlive) {
        super(engine);
        this.maxThreads = maxThreads;
        this.queueLimit = queueLimit;
        AtomicInteger ids = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(maxThreads, maxThreads, keepAlive.toNanos(), TimeUnit.NANOSECONDS,
                new LinkedBlockingQueue<>(queueLimit), r -> {
                    Thread t = new BlockingThread(engine, r, threadPrefix + ids.getAndIncrement());
                    t.setDaemon(true);
                    threads.removeIf(old -> !old.isAlive());
                    threads.add(t);
                    return t;
                }, (r, p) -> {
                    RejectedExecutionException e = new RejectedExecutionException(p.isShutdown()
                            ? "engine '" + engine.name() + "' is closed and its blocking pool takes no more tasks"
                            : "blocking pool of engine '" + engine.name() + "' is full: " + maxThreads
                              + " threads busy and the queue limit of " + queueLimit + " tasks reached");
                    RejectedTaskEvent.commit(engine.name(), r instanceof Guarded g ? g.task : r, e.getMessage());
                    throw e;
                });
        pool.allowCoreThreadTimeOut(true);
    }

    @Override
    public void execute(Runnable task) {
        Objects.requireNonNull(task, "task");
        pool.execute(new Guarded(task));
    }

    /** A task on a pool thread: what it throws goes to the engine's handler, and a drop reaches it. */
    private final class Guarded implements Rejectable {
        final Runnable task;

        Guarded(Runnable task) {
            this.task = task;
        }

        @Override
        public void run() {
            try {
                task.run();
            } catch (Throwable t) {
                engine.reportError(Thread.currentThread(), t);
            }
        }

        @Override
        public void rejected(RejectedExecutionException cause) {
            Dropped.tell(task, cause, engine);
        }
    }

    /** The tasks of {@code dropped}, unwrapped. */
    private static List<Runnable> unwrap(List<Runnable> dropped) {
        List<Runnable> out = new ArrayList<>(dropped.size());
        for (Runnable r : dropped) {
            out.add(r instanceof BlockingPool.Guarded g ? g.task : r);
        }
        return out;
    }

    int threads() {
        return pool.getPoolSize();
    }

    int active() {
        return pool.getActiveCount();
    }

    int queued() {
        return pool.getQueue().size();
    }

    /**
     * Engine close: no new tasks; queued work may finish until {@code deadline}, then what is left
     * is dropped (and told, {@link Dropped}) and the threads interrupted. The names of threads
     * still alive at the deadline.
     */
    List<String> close(Deadline deadline) throws InterruptedException {
        pool.shutdown();
        if (!pool.awaitTermination(deadline.remainingNanos(), TimeUnit.NANOSECONDS)) {
            RejectedExecutionException closed = engine.closedError();
            for (Runnable r : unwrap(pool.shutdownNow())) {
                Dropped.tell(r, closed, engine);
            }
            pool.awaitTermination(deadline.remainingNanos(), TimeUnit.NANOSECONDS);
        }
        List<String> alive = new ArrayList<>();
        for (Thread t : threads) {
            if (!deadline.join(t)) {
                alive.add(t.getName());
            }
        }
        return alive;
    }

    /** Stops at once: the tasks that never started, unwrapped. */
    List<Runnable> closeNow() {
        return unwrap(pool.shutdownNow());
    }

    boolean awaitClosed(long timeoutNanos) throws InterruptedException {
        return pool.awaitTermination(timeoutNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void shutdown() {
        throw new UnsupportedOperationException("the blocking pool belongs to engine '" + engine.name()
                + "' and closes with it");
    }

    @Override
    public List<Runnable> shutdownNow() {
        shutdown();
        return List.of();
    }

    @Override
    public boolean isShutdown() {
        return pool.isShutdown();
    }

    @Override
    public boolean isTerminated() {
        return pool.isTerminated();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return pool.awaitTermination(timeout, unit);
    }
}
