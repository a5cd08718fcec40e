package dev.rill.bench;

import dev.rill.Rill;
import io.reactivex.rxjava3.core.Flowable;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import reactor.core.publisher.Flux;

/**
 * {@code groupBy}, synchronously: {@code range(1M).groupBy(i % 16)} with every group counted
 * ({@code flatMap(g -> g.count())}) and the counts summed. Rill, Reactor and RxJava in the same
 * run, the same shape for each; the run fails if a value is missed. Time per million values.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class GroupByBench {

    static final int N = 1_000_000;

    @Param({"rill", "reactor", "rxjava"})
    public String peer;

    @Benchmark
    public long groupBy16Counted() {
        Long total;
        switch (peer) {
            case "rill":
                total = Rill.range(0, N).groupBy(i -> i % 16).flatMap(g -> g.count())
                        .reduce(0L, Long::sum).blockLast();
                break;
            case "reactor":
                total = Flux.range(0, N).groupBy(i -> i % 16).flatMap(g -> g.count())
                        .reduce(0L, Long::sum).block();
                break;
            default:
                total = Flowable.range(0, N).groupBy(i -> i % 16).flatMapSingle(g -> g.count())
                        .reduce(0L, Long::sum).blockingGet();
        }
        if (total == null || total != N) {
            throw new IllegalStateException(peer + ": " + total + " of " + N + " counted");
        }
        return total;
    }
}
