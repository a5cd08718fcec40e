package dev.rill.bench;

import dev.rill.Rill;
import io.reactivex.rxjava3.core.Flowable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
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
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;

/**
 * One source shared by several subscribers, synchronously: {@code range(1M).publish().autoConnect(4)}
 * into 4 counting subscribers, and {@code range(1M).share()} into one. Rill, Reactor and RxJava in
 * the same run; the run fails if a subscriber misses a value. Time per million values.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class MulticastBench {

    static final int N = 1_000_000;

    @Param({"rill", "reactor", "rxjava"})
    public String peer;

    @Benchmark
    public long publishAutoConnectFour() throws InterruptedException {
        Publisher<Integer> p;
        switch (peer) {
            case "rill":
                p = Rill.range(0, N).publish().autoConnect(4);
                break;
            case "reactor":
                p = Flux.range(0, N).publish().autoConnect(4);
                break;
            default:
                p = Flowable.range(0, N).publish().autoConnect(4);
        }
        return count(p, 4);
    }

    @Benchmark
    public long share() throws InterruptedException {
        Publisher<Integer> p;
        switch (peer) {
            case "rill":
                p = Rill.range(0, N).share();
                break;
            case "reactor":
                p = Flux.range(0, N).share();
                break;
            default:
                p = Flowable.range(0, N).share();
        }
        return count(p, 1);
    }

    private long count(Publisher<Integer> p, int subscribers) throws InterruptedException {
        LongAdder received = new LongAdder();
        CountDownLatch done = new CountDownLatch(subscribers);
        for (int i = 0; i < subscribers; i++) {
            p.subscribe(new SinkBench.Counter(received, done));
        }
        if (!done.await(60, TimeUnit.SECONDS) || received.sum() != (long) N * subscribers) {
            throw new IllegalStateException(peer + ": " + received.sum() + " of " + (long) N * subscribers + " received");
        }
        return received.sum();
    }
}
