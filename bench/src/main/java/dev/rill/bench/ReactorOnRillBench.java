package dev.rill.bench;

import dev.rill.engine.Engine;
import dev.rill.engine.reactor.RillReactor;
import java.time.Duration;
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
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The same Reactor pipelines on Reactor's {@code newParallel(2)} ("reactor") and on {@link
 * RillReactor#scheduler} over a 2-worker engine ("rill"), in the same run. Time per pipeline.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class ReactorOnRillBench {

    @Param({"rill", "reactor"})
    public String peer;

    private Engine engine;
    private Scheduler s;
    private Scheduler elastic;

    @Setup(Level.Trial)
    public void setUp() {
        if (peer.equals("rill")) {
            engine = Engine.builder().workers(2).name("bench").build();
            s = RillReactor.scheduler(engine);
            elastic = RillReactor.boundedElastic(engine, 20, 100_000);
        } else {
            s = Schedulers.newParallel("bench", 2);
            elastic = Schedulers.newBoundedElastic(20, 100_000, "bench");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        s.dispose();
        elastic.dispose();
        if (engine != null) {
            engine.close();
        }
    }

    /** {@code range(1M).subscribeOn(s).publishOn(s)}: cross-thread hand-offs. */
    @Benchmark
    public Integer hops() {
        return Check.last(Flux.range(0, 1_000_000).subscribeOn(s).publishOn(s).blockLast(), 999_999);
    }

    /** 100,000 values, each under a 10 s {@code timeout} timed on {@code s}: a timer started and cancelled per value. */
    @Benchmark
    public Integer timeouts() {
        return Check.last(Flux.range(0, 100_000).timeout(Duration.ofSeconds(10), s).publishOn(s).blockLast(), 99_999);
    }

    /** 200 concurrent 1 ms intervals of 10 ticks each, merged. */
    @Benchmark
    public Long intervals() {
        List<Flux<Long>> all = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            all.add(Flux.interval(Duration.ofMillis(1), s).take(10));
        }
        Long count = Flux.merge(all).count().block();
        if (count == null || count != 2000) {
            throw new IllegalStateException("expected 2000 ticks, got " + count);
        }
        return count;
    }

    /**
     * A {@code boundedElastic} worker made and disposed: what every {@code subscribeOn(
     * boundedElastic())} subscription pays before its task runs (see its allocation with {@code -prof gc}).
     */
    @Benchmark
    public boolean boundedElasticWorker() {
        Scheduler.Worker w = elastic.createWorker();
        w.dispose();
        return w.isDisposed();
    }
}
