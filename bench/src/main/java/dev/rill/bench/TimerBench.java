package dev.rill.bench;

import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
 * Timer benchmarks, Rill's wheel against {@code ScheduledThreadPoolExecutor}, Netty's {@code
 * HashedWheelTimer}, and Reactor's and RxJava's schedulers, in the same run. Time per operation,
 * lower is better.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Drx3.computation-threads=2", "-Xms2g", "-Xmx2g"})
public class TimerBench {

    static final int TIMERS = 100_000;

    @Param({"rill", "stpe", "netty", "reactor", "rxjava"})
    public String peer;

    TimerPeer timers;
    long[] timeoutDelays;
    long[] expiryDelays;
    Object[] handles;

    @Setup(Level.Trial)
    public void setUp() {
        timers = TimerPeer.create(peer);
        SplittableRandom rnd = new SplittableRandom(11);
        timeoutDelays = new long[TIMERS];
        expiryDelays = new long[TIMERS];
        for (int i = 0; i < TIMERS; i++) {
            timeoutDelays[i] = 1_000 + rnd.nextLong(9_000); // 1–10 s
            expiryDelays[i] = rnd.nextLong(100);             // within 100 ms
        }
        handles = new Object[TIMERS];
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        timers.close();
    }

    /** Start 100,000 timeouts spread over 1–10 s, then cancel them all (the timeout that never fires). */
    @Benchmark
    public Object startThenCancel() {
        TimerPeer t = timers;
        Object[] h = handles;
        Runnable noop = TimerBench::noop;
        for (int i = 0; i < TIMERS; i++) {
            h[i] = t.start(noop, timeoutDelays[i]);
        }
        for (int i = 0; i < TIMERS; i++) {
            t.cancel(h[i]);
        }
        return h[TIMERS - 1];
    }

    /**
     * {@link #startThenCancel} by a task on Rill's engine (a per-value {@code timeout} arms and
     * cancels there), against the other timers from their caller's thread.
     */
    @Benchmark
    public Object startThenCancelInside() throws InterruptedException {
        timers.runInside(this::startThenCancel);
        return handles[TIMERS - 1];
    }

    /** 100,000 timers due within 100 ms: time until every one has run. */
    @Benchmark
    public void expireWithin100ms() throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        Runnable task = RuntimeBench.countDown(TIMERS, done);
        TimerPeer t = timers;
        for (int i = 0; i < TIMERS; i++) {
            t.start(task, expiryDelays[i]);
        }
        done.await();
    }

    private static void noop() {
    }
}
