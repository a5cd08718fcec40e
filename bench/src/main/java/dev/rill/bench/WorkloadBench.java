package dev.rill.bench;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * The capacity probe's request ({@code Workload}, as {@link Variant} runs it), {@value #REQUESTS}
 * at once, time until all have ended: what a request costs each variant's schedulers, without the
 * open load's generator. Run with {@code -jvmArgsAppend -XX:TieredStopAtLevel=3} it measures the
 * cost while the JIT is still profiling (the fresh JVM's first seconds, where the cold trials of
 * {@link CapacityProbe} differ), and with {@code -XX:TieredStopAtLevel=1} the cost in C1's code.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-Drx3.computation-threads=2"})
public class WorkloadBench {

    /** Requests in flight per operation. */
    static final int REQUESTS = 2_000;

    @Param({"reactor", "reactor-on-rill"})
    public String variant;

    private Variant.Open open;

    @Setup
    public void setUp() {
        open = Variant.of(variant).open();
    }

    @TearDown
    public void tearDown() {
        open.close();
    }

    /** {@value #REQUESTS} requests subscribed at once; returns the items they streamed. */
    @Benchmark
    public long requests() throws InterruptedException {
        CountDownLatch done = new CountDownLatch(REQUESTS);
        AtomicLong items = new AtomicLong();
        AtomicInteger failed = new AtomicInteger();
        for (int i = 0; i < REQUESTS; i++) {
            open.request().apply(i).subscribe(new Subscriber<Integer>() {
                @Override
                public void onSubscribe(Subscription s) {
                    s.request(Long.MAX_VALUE);
                }

                @Override
                public void onNext(Integer v) {
                    items.incrementAndGet();
                }

                @Override
                public void onError(Throwable t) {
                    if (!(t instanceof TimeoutException)) {
                        failed.incrementAndGet();
                    }
                    done.countDown();
                }

                @Override
                public void onComplete() {
                    done.countDown();
                }
            });
        }
        if (!done.await(30, TimeUnit.SECONDS) || failed.get() > 0) {
            throw new IllegalStateException(variant + ": " + done.getCount() + " requests did not end, " + failed.get()
                    + " failed");
        }
        return items.get();
    }
}
