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
 *
 * <p>The {@code ...Core} variants subscribe a counter that is each library's own subscriber type
 * (Rill's and Reactor's {@code CoreSubscriber}, RxJava's {@code FlowableSubscriber}), so no peer
 * wraps it in its strict boundary (a half-serializer: two atomic operations per value); they show
 * what the multicast operator itself costs. The plain rows are what a user's own {@code Subscriber}
 * pays: Reactor and RxJava wrap it in their strict boundary, Rill in a lean one for these stages
 * (they report a bad request themselves, so no half-serializer is needed). {@code rangeAlone} is the floor both rows stand on: the
 * source and the boundary with no multicast in between.
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

    @Benchmark
    public long publishAutoConnectFourCore() throws InterruptedException {
        return countCore(autoConnectFour(), 4);
    }

    @Benchmark
    public long shareCore() throws InterruptedException {
        return countCore(shared(), 1);
    }

    @Benchmark
    public long rangeAlone() throws InterruptedException {
        return count(range(), 1);
    }

    private Publisher<Integer> range() {
        switch (peer) {
            case "rill":
                return Rill.range(0, N);
            case "reactor":
                return Flux.range(0, N);
            default:
                return Flowable.range(0, N);
        }
    }

    private Publisher<Integer> autoConnectFour() {
        switch (peer) {
            case "rill":
                return Rill.range(0, N).publish().autoConnect(4);
            case "reactor":
                return Flux.range(0, N).publish().autoConnect(4);
            default:
                return Flowable.range(0, N).publish().autoConnect(4);
        }
    }

    private Publisher<Integer> shared() {
        switch (peer) {
            case "rill":
                return Rill.range(0, N).share();
            case "reactor":
                return Flux.range(0, N).share();
            default:
                return Flowable.range(0, N).share();
        }
    }

    private long count(Publisher<Integer> p, int subscribers) throws InterruptedException {
        return await(p, subscribers, false);
    }

    private long countCore(Publisher<Integer> p, int subscribers) throws InterruptedException {
        return await(p, subscribers, true);
    }

    private long await(Publisher<Integer> p, int subscribers, boolean core) throws InterruptedException {
        LongAdder received = new LongAdder();
        CountDownLatch done = new CountDownLatch(subscribers);
        for (int i = 0; i < subscribers; i++) {
            p.subscribe(core ? new CoreCounter(received, done) : new SinkBench.Counter(received, done));
        }
        if (!done.await(60, TimeUnit.SECONDS) || received.sum() != (long) N * subscribers) {
            throw new IllegalStateException(peer + ": " + received.sum() + " of " + (long) N * subscribers + " received");
        }
        return received.sum();
    }

    /**
     * {@link SinkBench.Counter} as a subscriber every peer trusts as one of its own stages: none wraps
     * it in a strict boundary.
     */
    static final class CoreCounter extends SinkBench.Counter implements dev.rill.signal.CoreSubscriber<Integer>,
            reactor.core.CoreSubscriber<Integer>, io.reactivex.rxjava3.core.FlowableSubscriber<Integer> {
        CoreCounter(LongAdder received, CountDownLatch done) {
            super(received, done);
        }
    }
}
