package dev.rill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rill.engine.Engine;
import dev.rill.engine.VirtualTimeScheduler;
import dev.rill.test.StepVerifier;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RillDelaySequenceTest {

    /** Every signal shifted by the delay, the gaps kept: 1s, 2s, 3s become 5s, 6s, 7s. */
    @Test
    void shiftsEverySignalAndKeepsTheGaps() {
        StepVerifier.withVirtualTime(() -> Rill.interval(Duration.ofSeconds(1)).take(3)
                        .delaySequence(Duration.ofSeconds(4)))
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(4999))
                .thenAwait(Duration.ofMillis(1))
                .expectNext(0L)
                .expectNoEvent(Duration.ofMillis(999))
                .thenAwait(Duration.ofMillis(1))
                .expectNext(1L)
                .expectNoEvent(Duration.ofMillis(999))
                .thenAwait(Duration.ofMillis(1))
                .expectNext(2L)
                .verifyComplete();
    }

    @Test
    void theCompletionAndTheErrorAreDelayedToo() {
        StepVerifier.withVirtualTime(() -> Rill.<Integer>empty().delaySequence(Duration.ofSeconds(3)))
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(2999))
                .thenAwait(Duration.ofMillis(1))
                .verifyComplete();
        StepVerifier.withVirtualTime(() -> Rill.just(1).concatWith(Rill.error(new IllegalStateException("late")))
                        .delaySequence(Duration.ofSeconds(3)))
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(2999))
                .thenAwait(Duration.ofMillis(1))
                .expectNext(1)
                .expectErrorMessage("late")
                .verify();
    }

    @Test
    void requestsPassStraightUp() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        TestSubscriber<Integer> ts = new TestSubscriber<>(2);
        Rill.range(1, 5).delaySequence(Duration.ofMillis(10), vts).subscribe(ts);
        vts.advanceTimeBy(Duration.ofMillis(10));
        ts.assertValues(1, 2);
        ts.request(3);
        ts.assertValues(1, 2);
        vts.advanceTimeBy(Duration.ofMillis(10));
        ts.assertValues(1, 2, 3, 4, 5);
        ts.assertComplete();
    }

    @Test
    void cancelStopsTheSourceAndThePendingSignals() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        Push<Integer> src = new Push<>();
        TestSubscriber<Integer> ts = TestSubscriber.unbounded();
        src.rill.delaySequence(Duration.ofMillis(10), vts).subscribe(ts);
        src.next(1);
        ts.subscription.cancel();
        vts.advanceTimeBy(Duration.ofMillis(20));
        assertThat(src.cancelled()).isTrue();
        assertThat(ts.values).isEmpty();
        ts.assertNotTerminated();
    }

    @Test
    void keepsOrderOnARealEngine() throws Exception {
        Engine engine = Engine.builder().workers(2).name("delaySequence").build();
        try {
            TestSubscriber<Integer> ts = TestSubscriber.unbounded();
            Rill.range(0, 2000).delaySequence(Duration.ofMillis(2), engine).subscribe(ts);
            ts.await();
            ts.assertComplete();
            assertThat(ts.values).hasSize(2000).isSorted();
        } finally {
            engine.close();
        }
    }
}
