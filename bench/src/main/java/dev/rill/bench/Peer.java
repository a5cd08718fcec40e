package dev.rill.bench;

import dev.rill.engine.Engine;
import io.reactivex.rxjava3.schedulers.Schedulers;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * One contender in a runtime benchmark, reduced to "run this task soon" and "shut down". Each is
 * built with 2 worker threads so they compete on equal terms on a 2-core machine (RxJava's
 * computation pool is sized by the {@code rx3.computation-threads} property the benchmarks' forks
 * set).
 *
 * <p>Threading: {@link #execute(Runnable)} from any thread, as each peer allows.
 */
abstract class Peer {

    static final int THREADS = 2;

    /** The names used as JMH {@code @Param} values, Rill first. */
    static final String[] NAMES = {"rill", "forkjoin", "threadpool", "reactor", "rxjava"};

    abstract void execute(Runnable task);

    abstract void close();

    /** The Rill engine if this peer is Rill, else null (for benchmarks that use Rill's own API). */
    Engine engine() {
        return null;
    }

    static Peer create(String name) {
        switch (name) {
            case "rill":
            case "rill-unsampled": { // the second: schedule-delay sampling off, to measure what it costs
                Engine e = Engine.builder().workers(THREADS).name("bench")
                        .scheduleDelaySampling(name.equals("rill")).build();
                return new Peer() {
                    @Override
                    void execute(Runnable task) {
                        e.execute(task);
                    }

                    @Override
                    void close() {
                        e.close();
                    }

                    @Override
                    Engine engine() {
                        return e;
                    }
                };
            }
            case "forkjoin":
                return executor(new ForkJoinPool(THREADS));
            case "threadpool":
                return executor(new ThreadPoolExecutor(THREADS, THREADS, 0, TimeUnit.MILLISECONDS,
                        new LinkedBlockingQueue<>()));
            case "reactor": {
                reactor.core.scheduler.Scheduler s = reactor.core.scheduler.Schedulers.newParallel("bench", THREADS);
                return new Peer() {
                    @Override
                    void execute(Runnable task) {
                        s.schedule(task);
                    }

                    @Override
                    void close() {
                        s.dispose();
                    }
                };
            }
            case "rxjava": {
                io.reactivex.rxjava3.core.Scheduler s = Schedulers.computation();
                return new Peer() {
                    @Override
                    void execute(Runnable task) {
                        s.scheduleDirect(task);
                    }

                    @Override
                    void close() {
                        // The computation pool is global to the JVM; the fork ends with the trial.
                    }
                };
            }
            default:
                throw new IllegalArgumentException("unknown peer: " + name);
        }
    }

    private static Peer executor(ExecutorService ex) {
        return new Peer() {
            @Override
            void execute(Runnable task) {
                ex.execute(task);
            }

            @Override
            void close() {
                ex.shutdownNow();
            }
        };
    }
}
