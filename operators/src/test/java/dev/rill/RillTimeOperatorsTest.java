package dev.rill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rill.engine.Engine;
import dev.rill.engine.VirtualTimeScheduler;
import dev.rill.test.StepVerifier;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RillTimeOperatorsTest {

    private final Engine engine = Engine.builder().workers(2).name("time-ops").build();

    @AfterEach
    void close() {
        engine.close();
    }

    /**
     * Time operators given no scheduler take the virtual clock of a {@code StepVerifier.withVirtualTime}
     * assembly (a day of timeouts in no time), and the common engine again outside one.
     */
    @Test
    void timeOperatorsWithoutASchedulerRunInTheVerifiersVirtualTime() {
        StepVerifier.withVirtualTime(() -> Rill.interval(Duration.ofHours(1)).take(2))
                .expectSubscription()
                .expectNoEvent(Duration.ofMinutes(59))
                .thenAwait(Duration.ofMinutes(1))
                .expectNext(0L)
                .thenAwait(Duration.ofHours(1))
                .expectNext(1L)
                .verifyComplete();
        StepVerifier.withVirtualTime(() -> Rill.<Integer>never().timeout(Duration.ofDays(1)))
                .expectSubscription()
                .expectNoEvent(Duration.ofHours(23))
                .thenAwait(Duration.ofHours(1))
                .verifyError(TimeoutException.class);
        StepVerifier.withVirtualTime(() -> Rill.range(1, 3).delayElements(Duration.ofMinutes(10)))
                .expectSubscription()
                .expectNoEvent(Duration.ofMinutes(9))
                .thenAwait(Duration.ofMinutes(21))
                .expectNext(1, 2, 3)
                .verifyComplete();
        assertThat(Rill.defaultTime()).isSameAs(Engine.common());
    }

    @Test
    void timeoutFailsWhenTheNextValueIsLate() throws Exception {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        TestSubscriber<Long> ts = TestSubscriber.unbounded();
        Rill.interval(Duration.ofMillis(10), Duration.ofMillis(10), vts).take(3).concatWith(Rill.never())
                .timeout(Duration.ofMillis(15), vts).subscribe(ts);
        vts.advanceTimeBy(Duration.ofMillis(30));
        ts.assertValues(0L, 1L, 2L);
        ts.assertNotTerminated();
        vts.advanceTimeBy(Duration.ofNanos(15_000_000 - 1));
        ts.assertNotTerminated(); // never early: 15 ms after the last value
        // and late by at most one check interval (an eighth of the timeout)
        vts.advanceTimeBy(Duration.ofNanos(1 + 15_000_000 / 8));
        assertThat(ts.error()).isInstanceOf(TimeoutException.class).hasMessageContaining("after 3 values");
    }

    @Test
    void timeoutNeverFiresWhileAValueIsBeingDeliveredButCountsFromItsEnd() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        TestSubscriber<Integer> ts = new TestSubscriber<>(Long.MAX_VALUE) {
            @Override
            public void onNext(Integer t) {
                super.onNext(t);
                vts.advanceTimeBy(Duration.ofSeconds(3)); // a slow consumer: the timer checks while it runs
            }
        };
        Sinks.Many<Integer> source = Sinks.many().unicast().onBackpressureBuffer();
        source.asRill().timeout(Duration.ofSeconds(1), vts).subscribe(ts);
        source.tryEmitNext(1).orThrow();
        ts.assertValues(1);
        ts.assertNotTerminated(); // 3 s inside onNext, no timeout
        vts.advanceTimeBy(Duration.ofMillis(999));
        ts.assertNotTerminated();
        vts.advanceTimeBy(Duration.ofMillis(1 + 125));
        assertThat(ts.error()).isInstanceOf(TimeoutException.class);
    }

    @Test
    void timeoutArmsOneTimerPerSubscriptionNotOnePerValue() {
        long before = engine.metrics().timersArmed();
        assertThat(Rill.range(0, 100_000).timeout(Duration.ofSeconds(5), engine).count().blockLast()).isEqualTo(100_000L);
        assertThat(engine.metrics().timersArmed() - before).isLessThanOrEqualTo(2);
    }

    @Test
    void timeoutAppliesToTheFirstValueAndCanFallBack() throws Exception {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        TestSubscriber<Integer> ts = new TestSubscriber<>(3);
        Rill.<Integer>never().timeout(Duration.ofSeconds(1), Rill.range(10, 5), vts).subscribe(ts);
        vts.advanceTimeBy(Duration.ofSeconds(1));
        ts.assertValues(10, 11, 12); // the fallback got the outstanding demand of 3
        ts.request(10);
        ts.await().assertComplete();
    }

    @Test
    void timeoutLetsPromptValuesThroughAndCancelsItsTimers() throws Exception {
        List<Integer> out = Rill.range(0, 1000).timeout(Duration.ofSeconds(5), engine).collectList().blockLast();
        assertThat(out).hasSize(1000);
        // Its one timer leaves the wheel once the stream completed.
        TestSubscriber.awaitCondition(Duration.ofSeconds(5), () -> engine.metrics().timersPending() == 0);
    }

    @Test
    void timeoutRacingWithValuesHasExactlyOneOutcomePerElement() throws Exception {
        // 100,000 races: a value and the timeout for it land at the same moment; exactly one wins.
        int rounds = 100_000;
        AtomicInteger values = new AtomicInteger();
        AtomicInteger timeouts = new AtomicInteger();
        AtomicInteger other = new AtomicInteger();
        for (int i = 0; i < rounds; i++) {
            CountDownLatch done = new CountDownLatch(1);
            Rill.create(e -> engine.execute(() -> e.next(1)))
                    .timeout(Duration.ZERO, engine)
                    .take(1)
                    .subscribe(v -> values.incrementAndGet(),
                            e -> { if (e instanceof TimeoutException) timeouts.incrementAndGet(); else other.incrementAndGet(); done.countDown(); },
                            done::countDown);
            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(other.get()).isZero();
        assertThat(values.get() + timeouts.get()).isEqualTo(rounds);
    }

    @Test
    void timeoutOnAClosedEngineFailsTheSubscriber() throws Exception {
        Engine closed = Engine.builder().workers(1).name("closed-timeout").build();
        closed.close();
        TestSubscriber<Integer> ts = TestSubscriber.unbounded();
        Rill.<Integer>never().timeout(Duration.ofSeconds(1), closed).subscribe(ts);
        ts.await();
        assertThat(ts.error()).isInstanceOf(RejectedExecutionException.class);
    }

    @Test
    void timeoutWhoseEngineClosesDuringAValueFailsTheSubscriberAfterThatValue() throws Exception {
        Engine closing = Engine.builder().workers(1).name("closing-timeout").build();
        TestSubscriber<Integer> ts = new TestSubscriber<>(Long.MAX_VALUE) {
            @Override
            public void onNext(Integer t) {
                super.onNext(t);
                closing.close(); // the timer is dropped while this value is being delivered
            }
        };
        Sinks.Many<Integer> source = Sinks.many().unicast().onBackpressureBuffer();
        source.asRill().timeout(Duration.ofSeconds(10), closing).subscribe(ts);
        source.tryEmitNext(1).orThrow();
        ts.await();
        ts.assertValues(1);
        assertThat(ts.error()).isInstanceOf(RejectedExecutionException.class);
    }

    @Test
    void delayElementsKeepsOrderAndSpacing() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        TestSubscriber<Integer> ts = TestSubscriber.unbounded();
        Rill.range(0, 3).delayElements(Duration.ofMillis(100), vts).subscribe(ts);
        vts.advanceTimeBy(Duration.ofMillis(99));
        assertThat(ts.values).isEmpty();
        vts.advanceTimeBy(Duration.ofMillis(1));
        ts.assertValues(0);
        vts.advanceTimeBy(Duration.ofMillis(200));
        ts.assertValues(0, 1, 2);
        ts.assertComplete();
    }

    @Test
    void delaySubscriptionSubscribesLater() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        AtomicInteger subscribed = new AtomicInteger();
        TestSubscriber<Integer> ts = TestSubscriber.unbounded();
        Rill.defer(() -> { subscribed.incrementAndGet(); return Rill.just(1); })
                .delaySubscription(Duration.ofSeconds(2), vts).subscribe(ts);
        vts.advanceTimeBy(Duration.ofMillis(1999));
        assertThat(subscribed.get()).isZero();
        vts.advanceTimeBy(Duration.ofMillis(1));
        ts.assertValues(1);
        ts.assertComplete();
    }

    @Test
    void takeDurationCompletesWhenTimeIsUpAndCancelsTheSource() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        AtomicInteger cancelled = new AtomicInteger();
        TestSubscriber<Long> ts = TestSubscriber.unbounded();
        Rill.interval(Duration.ofMillis(10), Duration.ofMillis(10), vts).doOnCancel(cancelled::incrementAndGet)
                .take(Duration.ofMillis(35), vts).subscribe(ts);
        vts.advanceTimeBy(Duration.ofMillis(100));
        ts.assertValues(0L, 1L, 2L);
        ts.assertComplete();
        assertThat(cancelled.get()).isEqualTo(1);
    }

    @Test
    void elapsedAndTimestampUseTheSchedulersClock() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        TestSubscriber<Timed<Long>> ts = TestSubscriber.unbounded();
        Rill.interval(Duration.ofMillis(10), Duration.ofMillis(20), vts).take(2).elapsed(vts).subscribe(ts);
        vts.advanceTimeBy(Duration.ofMillis(30));
        assertThat(ts.values).extracting(Timed::time).containsExactly(10_000_000L, 20_000_000L);
        TestSubscriber<Timed<Integer>> stamps = TestSubscriber.unbounded();
        vts.advanceTimeBy(Duration.ofMillis(70));
        Rill.just(1).timestamp(vts).subscribe(stamps);
        assertThat(stamps.values.get(0).time()).isEqualTo(100L);
        long before = System.currentTimeMillis();
        assertThat(Rill.just(1).timestamp().blockLast().time()).isBetween(before, System.currentTimeMillis());
    }

    @Test
    void bufferAndWindowGroupValues() {
        assertThat(Rill.range(0, 7).buffer(3).collectList().blockLast())
                .containsExactly(List.of(0, 1, 2), List.of(3, 4, 5), List.of(6));
        assertThat(Rill.range(0, 7).window(3).concatMap(w -> w.count()).collectList().blockLast())
                .containsExactly(3L, 3L, 1L);
        TestSubscriber<List<Integer>> ts = new TestSubscriber<>(1);
        Rill.range(0, 100).buffer(10).subscribe(ts);
        assertThat(ts.values).hasSize(1);
        assertThatThrownBy(() -> Rill.range(0, 1).buffer(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
