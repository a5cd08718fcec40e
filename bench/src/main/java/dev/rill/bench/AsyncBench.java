package dev.rill.bench;

import dev.rill.Rill;
import dev.rill.engine.Engine;
import io.reactivex.rxjava3.core.Flowable;
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
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Pipelines with thread hand-offs and the flatMap family, Rill against Reactor {@code Flux} and
 * RxJava {@code Flowable} in the same run. Every peer gets 2 threads: a 2-worker Rill engine,
 * Reactor's {@code newParallel(2)} (what {@code parallel()} is on 2 cores), RxJava's {@code
 * computation()} (run with {@code -Drx3.computation-threads=2}; it is 2 on 2 cores anyway).
 * Time per whole pipeline; each pipeline's result is checked so no peer can skip work.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-Drx3.computation-threads=2"})
public class AsyncBench {

    static final int N = 1_000_000;
    static final int STREAMS = 1_000;

    @Param({"rill", "reactor", "rxjava"})
    public String peer;

    private Engine engine;
    private Scheduler reactor;
    private io.reactivex.rxjava3.core.Scheduler rx;

    @Setup(Level.Trial)
    public void setUp() {
        switch (peer) {
            case "rill" -> engine = Engine.builder().workers(2).name("bench").build();
            case "reactor" -> reactor = Schedulers.newParallel("bench", 2);
            default -> rx = io.reactivex.rxjava3.schedulers.Schedulers.computation();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (engine != null) {
            engine.close();
        }
        if (reactor != null) {
            reactor.dispose();
        }
    }

    /** {@code range(1M).subscribeOn(s).publishOn(s)}: one hand-off per element batch, cross-thread. */
    @Benchmark
    public int subscribeOnPublishOn() {
        return check(switch (peer) {
            case "rill" -> Rill.range(0, N).subscribeOn(engine).publishOn(engine).blockLast();
            case "reactor" -> Flux.range(0, N).subscribeOn(reactor).publishOn(reactor).blockLast();
            default -> Flowable.range(0, N).subscribeOn(rx).observeOn(rx).blockingLast();
        }, N - 1);
    }

    /** {@code range(1M).publishOn(s)}: the drain pulls straight from the fused range. */
    @Benchmark
    public int publishOnFused() {
        return check(switch (peer) {
            case "rill" -> Rill.range(0, N).publishOn(engine).blockLast();
            case "reactor" -> Flux.range(0, N).publishOn(reactor).blockLast();
            default -> Flowable.range(0, N).observeOn(rx).blockingLast();
        }, N - 1);
    }

    /**
     * {@code range(1M).publishOn(s).timeout(1 s, s)}: what a timeout adds per value (issue 17: a few
     * nanoseconds on Rill, where the peers arm and cancel a timer per value).
     */
    @Benchmark
    public int publishOnTimeout() {
        java.time.Duration second = java.time.Duration.ofSeconds(1);
        return check(switch (peer) {
            case "rill" -> Rill.range(0, N).publishOn(engine).timeout(second, engine).blockLast();
            case "reactor" -> Flux.range(0, N).publishOn(reactor).timeout(second, reactor).blockLast();
            default -> Flowable.range(0, N).observeOn(rx).timeout(1, TimeUnit.SECONDS, rx).blockingLast();
        }, N - 1);
    }

    /** {@code range(1M).flatMap(just)}: scalar inners, read without subscribing. */
    @Benchmark
    public int flatMapJust() {
        return check(switch (peer) {
            case "rill" -> Rill.range(0, N).flatMap(Rill::just).blockLast();
            case "reactor" -> Flux.range(0, N).flatMap(Flux::just).blockLast();
            default -> Flowable.range(0, N).flatMap(Flowable::just).blockingLast();
        }, N - 1);
    }

    /** {@code range(1000).flatMap(range(1000))}: synchronous inners, merged. */
    @Benchmark
    public int flatMapRange() {
        return check(switch (peer) {
            case "rill" -> Rill.range(0, 1000).flatMap(i -> Rill.range(i, 1000)).blockLast();
            case "reactor" -> Flux.range(0, 1000).flatMap(i -> Flux.range(i, 1000)).blockLast();
            default -> Flowable.range(0, 1000).flatMap(i -> Flowable.range(i, 1000)).blockingLast();
        }, 999 + 999);
    }

    /** {@code range(1000).concatMap(range(1000))}: synchronous inners, one after the other. */
    @Benchmark
    public int concatMapRange() {
        return check(switch (peer) {
            case "rill" -> Rill.range(0, 1000).concatMap(i -> Rill.range(i, 1000)).blockLast();
            case "reactor" -> Flux.range(0, 1000).concatMap(i -> Flux.range(i, 1000)).blockLast();
            default -> Flowable.range(0, 1000).concatMap(i -> Flowable.range(i, 1000)).blockingLast();
        }, 999 + 999);
    }

    /** 1,000 concurrent streams of 1,000 elements, each through {@code publishOn}: total time. */
    @Benchmark
    public long thousandStreams() throws InterruptedException {
        CountDownLatch done = new CountDownLatch(STREAMS);
        long[] sums = new long[STREAMS];
        for (int k = 0; k < STREAMS; k++) {
            int slot = k;
            switch (peer) {
                case "rill" -> Rill.range(0, 1000).publishOn(engine)
                        .subscribe(v -> sums[slot] += v, e -> { }, done::countDown);
                case "reactor" -> Flux.range(0, 1000).publishOn(reactor)
                        .subscribe(v -> sums[slot] += v, e -> { }, done::countDown);
                default -> Flowable.range(0, 1000).observeOn(rx)
                        .subscribe(v -> sums[slot] += v, e -> { }, done::countDown);
            }
        }
        if (!done.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException(peer + ": streams did not finish");
        }
        long total = 0;
        for (long s : sums) {
            total += s; // each stream's last write happens-before its completion, before countDown
        }
        if (total != STREAMS * 499_500L) {
            throw new IllegalStateException(peer + ": wrong total " + total);
        }
        return total;
    }

    private static int check(Integer last, int expected) {
        if (last == null || last != expected) {
            throw new IllegalStateException("expected " + expected + ", got " + last);
        }
        return last;
    }
}
