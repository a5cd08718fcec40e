package dev.rill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rill.engine.Engine;
import dev.rill.engine.VirtualTimeScheduler;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RillPublishOnTest {

    private final Engine engine = Engine.builder().workers(2).name("publish-on").build();

    @AfterEach
    void close() {
        engine.close();
    }

    @Test
    void signalsMoveToTheEngineInOrder() {
        Set<String> threads = ConcurrentHashMap.newKeySet();
        List<Integer> out = Rill.range(0, 100_000).publishOn(engine)
                .doOnNext(x -> threads.add(Thread.currentThread().getName()))
                .collectList().blockLast(Duration.ofSeconds(10));
        assertThat(out).hasSize(100_000);
        for (int i = 0; i < out.size(); i++) {
            if (out.get(i) != i) {
                throw new AssertionError("out of order at " + i + ": " + out.get(i));
            }
        }
        assertThat(threads).allMatch(t -> t.startsWith("rill-publish-on-worker-"));
    }

    @Test
    void fusedAndUnfusedUpstreamsGiveTheSameResult() {
        for (Rill<Integer> src : List.of(Rill.range(0, 5000), Rill.range(0, 5000).hide(),
                Rill.range(0, 5000).map(x -> x), Rill.fromIterable(List.of(1, 2, 3)))) {
            assertThat(src.publishOn(engine, 16).collectList().blockLast(Duration.ofSeconds(10)))
                    .isEqualTo(src.collectList().blockLast());
        }
    }

    @Test
    void boundedRequestsAndCancellationAreHonoured() throws Exception {
        TestSubscriber<Long> ts = new TestSubscriber<>(10);
        Rill.range(0L, Long.MAX_VALUE).publishOn(engine, 32).subscribe(ts);
        TestSubscriber.awaitCondition(Duration.ofSeconds(5), () -> ts.values.size() == 10);
        assertThat(ts.values).hasSize(10);
        ts.subscription.cancel();
        ts.request(1000);
        assertThat(ts.values).hasSizeLessThanOrEqualTo(1010);
        ts.assertNotTerminated();
    }

    @Test
    void errorsPassThroughAfterTheValuesBeforeThem() {
        assertThatThrownBy(() -> Rill.range(0, 3).concatWith(Rill.error(new IllegalStateException("late")))
                .publishOn(engine).blockLast(Duration.ofSeconds(5))).hasMessage("late");
        List<Integer> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        assertThatThrownBy(() -> Rill.range(0, 3).concatWith(Rill.error(new IllegalStateException("late")))
                .publishOn(engine).doOnNext(seen::add).blockLast(Duration.ofSeconds(5))).hasMessage("late");
        assertThat(seen).containsExactly(0, 1, 2);
    }

    @Test
    void worksOnAnySchedulerThroughAWorker() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        assertThat(Rill.range(0, 10).publishOn(vts, 4).collectList().blockLast(Duration.ofSeconds(5)))
                .containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    }

    @Test
    void aClosedEngineFailsTheStreamInsteadOfHanging() {
        Engine closed = Engine.builder().workers(1).name("closed").build();
        closed.close();
        assertThatThrownBy(() -> Rill.range(0, 3).publishOn(closed).blockLast(Duration.ofSeconds(5)))
                .isInstanceOf(RejectedExecutionException.class);
        assertThatThrownBy(() -> Rill.range(0, 3).publishOn(engine, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    /** §1.9: a closed engine's blocking scheduler fails the stream after onSubscribe, never by throwing from subscribe. */
    @Test
    void aClosedBlockingSchedulerFailsTheStreamAfterOnSubscribe() throws Exception {
        Engine closed = Engine.builder().workers(1).name("closed-blocking").build();
        closed.close();
        for (Rill<Integer> r : List.of(Rill.range(0, 3).publishOn(closed.blocking()), Rill.range(0, 3).subscribeOn(closed.blocking()))) {
            TestSubscriber<Integer> ts = TestSubscriber.unbounded();
            r.subscribe(ts); // must not throw
            assertThat(ts.await().error()).isInstanceOf(RejectedExecutionException.class);
            assertThat(ts.values).isEmpty();
        }
    }

    /**
     * On one worker, four endless streams after publishOn all make progress: the budget makes each
     * drain yield. (Without it the first drain would never return.)
     */
    @Test
    void endlessStreamsShareOneWorkerFairly() {
        try (Engine one = Engine.builder().workers(1).name("fair-streams").closeTimeout(Duration.ofSeconds(2)).build()) {
            AtomicLong[] counts = new AtomicLong[4];
            AtomicBoolean stop = new AtomicBoolean();
            List<dev.rill.engine.Cancellable> subs = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                AtomicLong c = counts[i] = new AtomicLong();
                subs.add(Rill.range(0L, Long.MAX_VALUE).publishOn(one).subscribe(x -> c.incrementAndGet()));
            }
            TestSubscriber.awaitCondition(Duration.ofSeconds(10), () -> {
                for (AtomicLong c : counts) {
                    if (c.get() < 10_000) {
                        return false;
                    }
                }
                return true;
            });
            subs.forEach(dev.rill.engine.Cancellable::cancel);
            assertThat(one.metrics().budgetYields()).isPositive();
        }
    }
}
