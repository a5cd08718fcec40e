package dev.rill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rill.engine.Engine;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * Bounded stress of the async operators together: subscribeOn, publishOn, flatMap of async
 * inners, publishOn again, with random request sizes and random cancellation. Conservation: no
 * value lost or duplicated, each inner's values in order, nothing after cancel, every run ends.
 */
class AsyncPipelineStressTest {

    private static final int INNERS = 1000;
    private static final int PER_INNER = 1000; // 1,000,000 values per full run

    private final Engine engine = Engine.builder().workers(4).name("stress").build();

    @AfterEach
    void close() {
        engine.close();
    }

    private Rill<Integer> pipeline() {
        return Rill.range(0, INNERS).subscribeOn(engine).publishOn(engine, 32)
                .flatMap(i -> Rill.range(i * PER_INNER, PER_INNER).subscribeOn(engine), 8, 64)
                .publishOn(engine, 64);
    }

    @Test
    void aMillionValuesWithRandomRequestSizesArriveExactlyOnceInInnerOrder() throws Exception {
        Checker c = new Checker(-1);
        pipeline().subscribe(c);
        assertThat(c.done.await(60, TimeUnit.SECONDS)).as("terminated").isTrue();
        assertThat(c.error).isNull();
        assertThat(c.completions.get()).isEqualTo(1);
        assertThat(c.count).isEqualTo(INNERS * PER_INNER);
        for (int i = 0; i < INNERS; i++) {
            assertThat(c.next[i]).as("inner %d", i).isEqualTo(PER_INNER);
        }
    }

    @Test
    void randomCancellationStopsEverySignal() throws Exception {
        for (int round = 0; round < 20; round++) {
            int cancelAt = ThreadLocalRandom.current().nextInt(1, 200_000);
            Checker c = new Checker(cancelAt);
            pipeline().subscribe(c);
            assertThat(c.done.await(60, TimeUnit.SECONDS)).as("cancelled at %d", cancelAt).isTrue();
            // After the cancel no signal may arrive: give stragglers a bounded chance to show up.
            long settle = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
            while (System.nanoTime() < settle) {
                Thread.onSpinWait();
            }
            assertThat(c.afterCancel.get()).as("signals after cancel").isZero();
            assertThat(c.error).isNull();
            assertThat(c.count).isEqualTo(cancelAt);
        }
    }

    /** Requests random amounts, checks order per inner and exactly-once, optionally cancels. */
    static final class Checker implements Subscriber<Integer> {
        final int[] next = new int[INNERS];
        final CountDownLatch done = new CountDownLatch(1);
        final AtomicInteger completions = new AtomicInteger();
        final AtomicInteger afterCancel = new AtomicInteger();
        final AtomicBoolean cancelled = new AtomicBoolean();
        private final int cancelAt;
        volatile Throwable error;
        Subscription s;
        long outstanding;
        int count;

        Checker(int cancelAt) {
            this.cancelAt = cancelAt;
        }

        @Override
        public void onSubscribe(Subscription s) {
            this.s = s;
            more();
        }

        private void more() {
            long n = ThreadLocalRandom.current().nextInt(1, 128);
            outstanding += n;
            s.request(n);
        }

        @Override
        public void onNext(Integer v) {
            if (cancelled.get()) {
                afterCancel.incrementAndGet();
                return;
            }
            int inner = v / PER_INNER;
            if (v % PER_INNER != next[inner]) {
                error = new AssertionError("inner " + inner + ": expected " + next[inner] + " got " + v % PER_INNER);
                cancelled.set(true);
                s.cancel();
                done.countDown();
                return;
            }
            next[inner]++;
            count++;
            if (--outstanding < 0) {
                error = new AssertionError("more values than requested");
            }
            if (count == cancelAt) {
                cancelled.set(true);
                s.cancel();
                done.countDown();
                return;
            }
            if (outstanding == 0) {
                more();
            }
        }

        @Override
        public void onError(Throwable t) {
            if (cancelled.get()) {
                afterCancel.incrementAndGet();
            }
            error = t;
            done.countDown();
        }

        @Override
        public void onComplete() {
            if (cancelled.get()) {
                afterCancel.incrementAndGet();
            }
            completions.incrementAndGet();
            done.countDown();
        }
    }
}
