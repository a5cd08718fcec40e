package dev.rill.bench;

import dev.rill.Rill;
import io.reactivex.rxjava3.core.Flowable;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
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
import org.openjdk.jmh.infra.Blackhole;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import reactor.core.publisher.Flux;

/**
 * Synchronous pipelines over 1,000,000 elements, Rill against RxJava {@code Flowable}, Reactor
 * {@code Flux}, {@code IntStream} and a plain loop, in the same run. Time per whole pipeline.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class PipelineBench {

    static final int N = 1_000_000;

    @Param({"rill", "rxjava", "reactor", "intstream", "loop"})
    public String peer;

    /** {@code range(1M).map(x * 2).filter(x % 3 == 0).reduce(sum)}. */
    @Benchmark
    public long mapFilterReduce() {
        switch (peer) {
            case "rill":
                return Rill.range(0, N).map(x -> x * 2).filter(x -> x % 3 == 0).reduce(0L, (a, x) -> a + x).blockLast();
            case "rxjava":
                return Flowable.range(0, N).map(x -> x * 2).filter(x -> x % 3 == 0).reduce(0L, (a, x) -> a + x).blockingGet();
            case "reactor":
                return Flux.range(0, N).map(x -> x * 2).filter(x -> x % 3 == 0).reduce(0L, (a, x) -> a + x).block();
            case "intstream":
                return IntStream.range(0, N).map(x -> x * 2).filter(x -> x % 3 == 0).asLongStream().sum();
            default: {
                long sum = 0;
                for (int x = 0; x < N; x++) {
                    int y = x * 2;
                    if (y % 3 == 0) {
                        sum += y;
                    }
                }
                return sum;
            }
        }
    }

    /** {@code range(1M)} into a plain Subscriber that requests one at a time. */
    @Benchmark
    public void rangeRequestOne(Blackhole bh) {
        source().subscribe(new Drain(bh, 1));
    }

    /** {@code range(1M)} into a plain Subscriber that requests {@code Long.MAX_VALUE}. */
    @Benchmark
    public void rangeRequestAll(Blackhole bh) {
        source().subscribe(new Drain(bh, Long.MAX_VALUE));
    }

    private org.reactivestreams.Publisher<Integer> source() {
        switch (peer) {
            case "rill":
                return Rill.range(0, N);
            case "rxjava":
                return Flowable.range(0, N);
            case "reactor":
                return Flux.range(0, N);
            default:
                return Rill.range(0, N); // the stream APIs have no Publisher; Rill stands in
        }
    }

    static final class Drain implements Subscriber<Integer> {
        private final Blackhole bh;
        private final long batch;
        private Subscription s;

        Drain(Blackhole bh, long batch) {
            this.bh = bh;
            this.batch = batch;
        }

        @Override
        public void onSubscribe(Subscription s) {
            this.s = s;
            s.request(batch);
        }

        @Override
        public void onNext(Integer t) {
            bh.consume(t);
            if (batch == 1) {
                s.request(1);
            }
        }

        @Override
        public void onError(Throwable t) {
            bh.consume(t);
        }

        @Override
        public void onComplete() {
            bh.consume(true);
        }
    }
}
