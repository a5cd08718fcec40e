package dev.rill.bench;

import dev.rill.Sinks;
import io.reactivex.rxjava3.processors.FlowableProcessor;
import io.reactivex.rxjava3.processors.PublishProcessor;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntConsumer;
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
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * A multicast hot source fed from 4 threads at once to 2 subscribers, 1,000,000 values: Rill's
 * {@code Sinks.many().multicast().onBackpressureBuffer(256)} (emitters serialized inside the sink),
 * Reactor's same sink (concurrent emitters get FAIL_NON_SERIALIZED and spin until they get in, as
 * Reactor documents), RxJava's {@code PublishProcessor.toSerialized()} (unbounded: it never
 * refuses). An emitter refused for a full buffer yields its core and retries. The subscribers count what
 * they get, requesting everything; the run fails if a value is missing. Time per million values.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class SinkBench {

    static final int N = 1_000_000;
    static final int EMITTERS = 4;
    static final int SUBSCRIBERS = 2;

    @Param({"rill", "reactor", "rxjava"})
    public String peer;

    /** The multicast sinks' buffer (RxJava's processor has none: it never refuses). */
    @Param({"256"})
    public int buffer;

    private ExecutorService emitters;

    @Setup(Level.Trial)
    public void setUp() {
        emitters = Executors.newFixedThreadPool(EMITTERS);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        emitters.shutdownNow();
    }

    @Benchmark
    public long multicastFourEmittersTwoSubscribers() throws InterruptedException {
        Publisher<Integer> view;
        IntConsumer emit;
        Runnable complete;
        switch (peer) {
            case "rill": {
                Sinks.Many<Integer> sink = Sinks.many().multicast().onBackpressureBuffer(buffer);
                view = sink.asRill();
                emit = v -> sink.emitNext(v, SinkBench::yieldOnOverflow);
                complete = () -> sink.tryEmitComplete().orThrow();
                break;
            }
            case "reactor": {
                reactor.core.publisher.Sinks.Many<Integer> sink =
                        reactor.core.publisher.Sinks.many().multicast().onBackpressureBuffer(buffer);
                view = sink.asFlux();
                reactor.core.publisher.Sinks.EmitFailureHandler spin = (signal, r) -> {
                    if (r == reactor.core.publisher.Sinks.EmitResult.FAIL_NON_SERIALIZED) {
                        return true; // another emitter is in: spin, as Reactor documents
                    }
                    if (r == reactor.core.publisher.Sinks.EmitResult.FAIL_OVERFLOW) {
                        Thread.yield(); // let the subscribers catch up
                        return true;
                    }
                    return false;
                };
                emit = v -> sink.emitNext(v, spin);
                complete = () -> sink.emitComplete(spin);
                break;
            }
            default: {
                FlowableProcessor<Integer> p = PublishProcessor.<Integer>create().toSerialized();
                view = p;
                emit = p::onNext;
                complete = p::onComplete;
            }
        }
        LongAdder received = new LongAdder();
        CountDownLatch done = new CountDownLatch(SUBSCRIBERS);
        for (int s = 0; s < SUBSCRIBERS; s++) {
            view.subscribe(new Counter(received, done));
        }
        CountDownLatch emitted = new CountDownLatch(EMITTERS);
        for (int t = 0; t < EMITTERS; t++) {
            int first = t;
            emitters.execute(() -> {
                for (int v = first; v < N; v += EMITTERS) {
                    emit.accept(v);
                }
                emitted.countDown();
            });
        }
        if (!emitted.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException(peer + ": emitters did not finish");
        }
        complete.run();
        if (!done.await(60, TimeUnit.SECONDS) || received.sum() != (long) N * SUBSCRIBERS) {
            throw new IllegalStateException(peer + ": " + received.sum() + " of " + (long) N * SUBSCRIBERS + " received");
        }
        return received.sum();
    }

    /** A full buffer: give the core to whoever drains it (4 emitters share 2 cores), then retry. */
    static boolean yieldOnOverflow(Sinks.EmitResult r) {
        if (r != Sinks.EmitResult.FAIL_OVERFLOW) {
            return false;
        }
        Thread.yield();
        return true;
    }

    /** Requests everything and counts; one add per value into a per-subscriber local, published at the end. */
    static class Counter implements Subscriber<Integer> {
        private final LongAdder received;
        private final CountDownLatch done;
        private long count;

        Counter(LongAdder received, CountDownLatch done) {
            this.received = received;
            this.done = done;
        }

        @Override
        public void onSubscribe(Subscription s) {
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(Integer v) {
            count++;
        }

        @Override
        public void onError(Throwable t) {
            done.countDown();
        }

        @Override
        public void onComplete() {
            received.add(count);
            done.countDown();
        }
    }
}
