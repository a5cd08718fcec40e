package dev.rill.bench;

import dev.rill.engine.Engine;
import dev.rill.engine.Task;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The five runtime benchmarks of the Tokio scheduler post ("Making the Tokio scheduler 10x
 * faster", 2019), each run against Rill and its peers in the same JMH run. Time per operation,
 * lower is better; one operation is the whole workload, waited for to the end.
 *
 * <p>Each benchmark expresses "spawn" and "wake" the idiomatic way on every peer: {@code
 * execute}/{@code schedule}/{@code scheduleDirect}; for yields, Rill uses its zero-allocation
 * {@link Task#schedule()} re-run, the others re-submit the same {@code Runnable}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Drx3.computation-threads=2", "-Xms1g", "-Xmx1g"})
public class RuntimeBench {

    static final int SPAWNS = 10_000;
    static final int YIELD_TASKS = 200;
    static final int YIELDS = 1_000;
    static final int PINGS = 1_000;
    static final int CHAIN = 1_000;

    @Param({"rill", "forkjoin", "threadpool", "reactor", "rxjava"})
    public String peer;

    Peer pool;

    @Setup(Level.Trial)
    public void setUp() {
        pool = Peer.create(peer);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        pool.close();
    }

    /** A task that opens {@code done} when it has run {@code times} times, on any threads. */
    static Runnable countDown(int times, CountDownLatch done) {
        AtomicInteger left = new AtomicInteger(times);
        return () -> {
            if (left.decrementAndGet() == 0) {
                done.countDown();
            }
        };
    }

    /** 10,000 tasks submitted from the benchmark thread (outside the pool); wait for all. */
    @Benchmark
    public void spawnFromOutside() throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        Runnable task = countDown(SPAWNS, done);
        Peer p = pool;
        for (int i = 0; i < SPAWNS; i++) {
            p.execute(task);
        }
        done.await();
    }

    /** 10,000 tasks submitted by one task running in the pool; wait for all. */
    @Benchmark
    public void spawnFromTask() throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        Runnable task = countDown(SPAWNS, done);
        Peer p = pool;
        p.execute(() -> {
            for (int i = 0; i < SPAWNS; i++) {
                p.execute(task);
            }
        });
        done.await();
    }

    /** 200 tasks, each re-scheduling itself 1,000 times. */
    @Benchmark
    public void yieldMany() throws InterruptedException {
        CountDownLatch done = new CountDownLatch(YIELD_TASKS);
        Engine engine = pool.engine();
        if (engine != null) {
            for (int t = 0; t < YIELD_TASKS; t++) {
                new Task(engine) {
                    int left = YIELDS;

                    @Override
                    protected void run() {
                        if (--left == 0) {
                            done.countDown();
                        } else {
                            schedule();
                        }
                    }
                }.schedule();
            }
        } else {
            Peer p = pool;
            for (int t = 0; t < YIELD_TASKS; t++) {
                p.execute(new Runnable() {
                    int left = YIELDS;

                    @Override
                    public void run() {
                        if (--left == 0) {
                            done.countDown();
                        } else {
                            p.execute(this);
                        }
                    }
                });
            }
        }
        done.await();
    }

    /**
     * 1,000 ping-pongs, started from inside the pool: a task spawns a second task that completes a
     * future; the first task's continuation runs (on the pool) when the future completes.
     */
    @Benchmark
    public void pingPong() throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        Runnable finished = countDown(PINGS, done);
        Peer p = pool;
        java.util.concurrent.Executor ex = p::execute;
        p.execute(() -> {
            for (int i = 0; i < PINGS; i++) {
                p.execute(() -> {
                    CompletableFuture<Void> pong = new CompletableFuture<>();
                    p.execute(() -> pong.complete(null));
                    pong.thenRunAsync(finished, ex);
                });
            }
        });
        done.await();
    }

    /** A chain of 1,000 tasks, each spawning the next. */
    @Benchmark
    public void chainedSpawn() throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        Peer p = pool;
        p.execute(new Runnable() {
            int left = CHAIN;

            @Override
            public void run() {
                if (--left == 0) {
                    done.countDown();
                } else {
                    p.execute(this); // the same object: `left` is handed over with the task
                }
            }
        });
        done.await();
    }
}
