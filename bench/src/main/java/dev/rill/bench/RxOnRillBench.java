package dev.rill.bench;

import dev.rill.engine.Engine;
import dev.rill.engine.rxjava.RillRx;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.core.Scheduler;
import io.reactivex.rxjava3.schedulers.Schedulers;
import java.util.ArrayList;
import java.util.List;
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
 * The same RxJava pipelines on RxJava's {@code computation()} (2 threads, "rxjava") and on {@link
 * RillRx#scheduler} over a 2-worker engine ("rill"), in the same run. Time per pipeline.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-Drx3.computation-threads=2"})
public class RxOnRillBench {

    @Param({"rill", "rxjava"})
    public String peer;

    private Engine engine;
    private Scheduler s;

    @Setup(Level.Trial)
    public void setUp() {
        if (peer.equals("rill")) {
            engine = Engine.builder().workers(2).name("bench").build();
            s = RillRx.scheduler(engine);
        } else {
            s = Schedulers.computation();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (engine != null) {
            s.shutdown();
            engine.close();
        }
    }

    /** {@code range(1M).subscribeOn(s).observeOn(s)}: cross-thread hand-offs. */
    @Benchmark
    public Integer hops() {
        return Check.last(Flowable.range(0, 1_000_000).subscribeOn(s).observeOn(s).blockingLast(), 999_999);
    }

    /** 100,000 values, each under a 10 s {@code timeout} timed on {@code s}. */
    @Benchmark
    public Integer timeouts() {
        return Check.last(Flowable.range(0, 100_000).timeout(10, TimeUnit.SECONDS, s).observeOn(s).blockingLast(), 99_999);
    }

    /** 200 concurrent 1 ms intervals of 10 ticks each, merged. */
    @Benchmark
    public Long intervals() {
        List<Flowable<Long>> all = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            all.add(Flowable.interval(1, TimeUnit.MILLISECONDS, s).take(10));
        }
        long count = Flowable.merge(all).count().blockingGet();
        if (count != 2000) {
            throw new IllegalStateException("expected 2000 ticks, got " + count);
        }
        return count;
    }
}
