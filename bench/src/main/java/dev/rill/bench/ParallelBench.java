package dev.rill.bench;

import dev.rill.Rill;
import dev.rill.engine.Engine;
import io.reactivex.rxjava3.core.Flowable;
import java.time.Duration;
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
import org.openjdk.jmh.infra.Blackhole;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * Rails over uneven work: {@code range(100k).parallel(2).runOn(s).map(work).sequential()}, where
 * one value in 100 costs 100 times the others ({@link Blackhole#consumeCPU}), so a rail that
 * draws costly values falls behind. Rill on an engine with a worker per core, against Reactor's
 * {@code ParallelFlux} on {@code Schedulers.parallel()} and RxJava's {@code ParallelFlowable} on
 * {@code computation()}, in the same run. Time per whole stream; each run checks the count and
 * the sum, so no peer can skip a value.
 *
 * <p>Ten warm-up iterations, not five: Reactor's rows were still warming up after the fifth. Three
 * forks, since on a shared 2-core machine one fork can land on a busy minute. {@code stuckMs} is the Rill engine's
 * stuck-worker threshold (its default, 100 ms; 0 switches the watchdog off), for telling the
 * watchdog's spare threads and log lines apart from the rails themselves when a run is noisy.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 10, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class ParallelBench {

    static final int N = 100_000;
    static final long SUM = (long) N * (N - 1) / 2;

    @Param({"rill", "reactor", "rxjava"})
    public String peer;

    /** Tokens of {@link Blackhole#consumeCPU} for a cheap value; a costly one takes 100 times as many. */
    @Param({"20"})
    public int work;

    /** The Rill engine's stuck-worker threshold in ms; 0 switches its watchdog off. */
    @Param({"100"})
    public int stuckMs;

    private Engine engine;

    @Setup(Level.Trial)
    public void setUp() {
        if (peer.equals("rill")) {
            engine = Engine.builder().workers(Runtime.getRuntime().availableProcessors()).name("bench")
                    .stuckWorkerThreshold(Duration.ofMillis(stuckMs)).build();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (engine != null) {
            engine.close();
        }
    }

    private Integer work(Integer v) {
        Blackhole.consumeCPU(v % 100 == 0 ? 100L * work : work);
        return v;
    }

    @Benchmark
    public long unevenRails() {
        long[] sumAndCount = switch (peer) {
            case "rill" -> Rill.range(0, N).parallel(2).runOn(engine).map(this::work).sequential()
                    .reduce(new long[2], ParallelBench::add).blockLast();
            case "reactor" -> Flux.range(0, N).parallel(2).runOn(Schedulers.parallel()).map(this::work).sequential()
                    .reduce(new long[2], ParallelBench::add).block();
            default -> Flowable.range(0, N).parallel(2).runOn(io.reactivex.rxjava3.schedulers.Schedulers.computation())
                    .map(this::work).sequential().reduce(new long[2], ParallelBench::add).blockingGet();
        };
        if (sumAndCount[0] != SUM || sumAndCount[1] != N) {
            throw new IllegalStateException(peer + ": sum " + sumAndCount[0] + ", count " + sumAndCount[1]);
        }
        return sumAndCount[0];
    }

    private static long[] add(long[] acc, Integer v) {
        acc[0] += v;
        acc[1]++;
        return acc;
    }
}
