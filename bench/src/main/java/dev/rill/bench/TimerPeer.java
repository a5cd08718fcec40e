package dev.rill.bench;

import dev.rill.engine.Cancellable;
import dev.rill.engine.Engine;
import io.netty.util.HashedWheelTimer;
import io.netty.util.Timeout;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * One contender in a timer benchmark: start a timeout, cancel it, shut down. Each is configured as
 * its users typically run it: Rill's engine (2 workers, its wheel), a 2-thread {@code
 * ScheduledThreadPoolExecutor} with remove-on-cancel, Netty's {@code HashedWheelTimer} with a 1 ms
 * tick, Reactor's {@code newParallel(2)} and RxJava's {@code computation()} (both built on
 * {@code ScheduledThreadPoolExecutor}s).
 *
 * <p>Threading: as each peer allows; the benchmarks call from the JMH thread.
 */
abstract class TimerPeer {

    static final String[] NAMES = {"rill", "stpe", "netty", "reactor", "rxjava"};

    /** Starts a timeout of {@code delayMs}; returns a handle for {@link #cancel(Object)}. */
    abstract Object start(Runnable task, long delayMs);

    abstract void cancel(Object handle);

    abstract void close();

    /**
     * Runs {@code work} where this timer serves best and waits for it: on the caller's thread,
     * except for Rill, where it is a task on the engine (timers armed there go to the worker's own
     * wheel).
     */
    void runInside(Runnable work) throws InterruptedException {
        work.run();
    }

    /** Rill's engine as a timer peer; closing the peer closes the engine only if it {@code owns} it. */
    static TimerPeer rill(Engine e, boolean owns) {
        return new TimerPeer() {
            @Override
            Object start(Runnable task, long delayMs) {
                return e.schedule(task, delayMs, TimeUnit.MILLISECONDS);
            }

            @Override
            void cancel(Object handle) {
                ((Cancellable) handle).cancel();
            }

            @Override
            void runInside(Runnable work) throws InterruptedException {
                CountDownLatch done = new CountDownLatch(1);
                e.execute(() -> {
                    try {
                        work.run();
                    } finally {
                        done.countDown();
                    }
                });
                done.await();
            }

            @Override
            void close() {
                if (owns) {
                    e.close();
                }
            }
        };
    }

    static TimerPeer create(String name) {
        switch (name) {
            case "rill":
                return rill(Engine.builder().workers(Peer.THREADS).name("bench").build(), true);
            case "stpe": {
                ScheduledThreadPoolExecutor stpe = new ScheduledThreadPoolExecutor(Peer.THREADS);
                stpe.setRemoveOnCancelPolicy(true);
                return new TimerPeer() {
                    @Override
                    Object start(Runnable task, long delayMs) {
                        return stpe.schedule(task, delayMs, TimeUnit.MILLISECONDS);
                    }

                    @Override
                    void cancel(Object handle) {
                        ((ScheduledFuture<?>) handle).cancel(false);
                    }

                    @Override
                    void close() {
                        stpe.shutdownNow();
                    }
                };
            }
            case "netty": {
                ThreadFactory tf = r -> {
                    Thread t = new Thread(r, "netty-timer");
                    t.setDaemon(true);
                    return t;
                };
                HashedWheelTimer timer = new HashedWheelTimer(tf, 1, TimeUnit.MILLISECONDS, 512);
                return new TimerPeer() {
                    @Override
                    Object start(Runnable task, long delayMs) {
                        return timer.newTimeout(t -> task.run(), delayMs, TimeUnit.MILLISECONDS);
                    }

                    @Override
                    void cancel(Object handle) {
                        ((Timeout) handle).cancel();
                    }

                    @Override
                    void close() {
                        timer.stop();
                    }
                };
            }
            case "reactor": {
                reactor.core.scheduler.Scheduler s = reactor.core.scheduler.Schedulers.newParallel("bench", Peer.THREADS);
                return new TimerPeer() {
                    @Override
                    Object start(Runnable task, long delayMs) {
                        return s.schedule(task, delayMs, TimeUnit.MILLISECONDS);
                    }

                    @Override
                    void cancel(Object handle) {
                        ((reactor.core.Disposable) handle).dispose();
                    }

                    @Override
                    void close() {
                        s.dispose();
                    }
                };
            }
            case "rxjava": {
                io.reactivex.rxjava3.core.Scheduler s = io.reactivex.rxjava3.schedulers.Schedulers.computation();
                return new TimerPeer() {
                    @Override
                    Object start(Runnable task, long delayMs) {
                        return s.scheduleDirect(task, delayMs, TimeUnit.MILLISECONDS);
                    }

                    @Override
                    void cancel(Object handle) {
                        ((io.reactivex.rxjava3.disposables.Disposable) handle).dispose();
                    }

                    @Override
                    void close() {
                    }
                };
            }
            default:
                throw new IllegalArgumentException("unknown timer peer: " + name);
        }
    }
}
