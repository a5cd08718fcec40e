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
    /** The last handle of the last batch (the pending benchmarks' result). */
    Object lastOfBatch; // from a task on the engine: read after runInside returns (its latch orders it)

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

    /** Timeouts started then cancelled per operation of the pending benchmarks. */
    static final int BATCH = 1_000;

    /**
     * {@code pending} timers armed an hour or more ahead from the caller's thread, for as long as a
     * trial runs: the pending benchmarks start and cancel {@link #BATCH} timeouts beside them, so
     * their time shows whether start and cancel stay flat as the wheel fills, and {@code -prof gc}'s
     * bytes per operation over {@link #BATCH} give the bytes one pending timer costs.
     */
    @State(Scope.Benchmark)
    public static class Pending {
        @Param({"1000", "1000000"})
        public int pending;

        Object[] held;

        @Setup(Level.Trial)
        public void arm(TimerBench b) throws InterruptedException {
            held = armPending(b.timers, pending);
        }

        @TearDown(Level.Trial)
        public void cancel(TimerBench b) {
            for (Object h : held) {
                b.timers.cancel(h);
            }
        }
    }

    /** {@link Pending}, armed by a task on Rill's engine (so they share a worker's wheel); the peers: their caller. */
    @State(Scope.Benchmark)
    public static class PendingInside {
        @Param({"1000", "1000000"})
        public int pending;

        Object[] held;

        @Setup(Level.Trial)
        public void arm(TimerBench b) throws InterruptedException {
            Object[][] h = new Object[1][];
            b.timers.runInside(() -> h[0] = armPending(b.timers, pending));
            held = h[0];
        }

        @TearDown(Level.Trial)
        public void cancel(TimerBench b) {
            for (Object h : held) {
                b.timers.cancel(h);
            }
        }
    }

    static Object[] armPending(TimerPeer timers, int pending) {
        Object[] held = new Object[pending];
        Runnable noop = TimerBench::noop;
        for (int i = 0; i < pending; i++) {
            held[i] = timers.start(noop, 3_600_000L + i % 3_600_000L);
        }
        return held;
    }

    /** {@link #BATCH} timeouts started then cancelled from the caller's thread, beside {@code pending} others. */
    @Benchmark
    public Object startThenCancelPending(Pending p) {
        return startThenCancelBatch();
    }

    /** {@link #startThenCancelPending} as a task on Rill's engine (the other peers: their caller's thread). */
    @Benchmark
    public Object startThenCancelPendingInside(PendingInside p) throws InterruptedException {
        timers.runInside(this::startThenCancelBatch);
        return lastOfBatch;
    }

    /**
     * The batch keeps its handles in an array of its own, young whatever {@code pending} is. With
     * one array for the whole trial, the million pending timers armed at the start made it old
     * (the first collection after them overflows the survivor space) while at 1,000 pending it
     * stayed young, and a handle stored into an old array pays G1's slow write barrier: a cost of
     * the benchmark that differed between the two cases, for every peer.
     */
    private Object startThenCancelBatch() {
        TimerPeer t = timers;
        Object[] h = new Object[BATCH];
        Runnable noop = TimerBench::noop;
        for (int i = 0; i < BATCH; i++) {
            h[i] = t.start(noop, timeoutDelays[i]);
        }
        for (int i = 0; i < BATCH; i++) {
            t.cancel(h[i]);
        }
        lastOfBatch = h[BATCH - 1];
        return lastOfBatch;
    }

    private static void noop() {
    }
}
