package dev.rill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rill.engine.VirtualTimeScheduler;
import dev.rill.test.StepVerifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * repeatWhen(companion): the results below are the ones Reactor 3.8 gives for the same code (checked
 * against reactor-core 3.8.8 when this was written).
 */
class RillRepeatWhenTest {

    private static final Duration BOUND = Duration.ofSeconds(10);

    @Test
    void aCompanionTakingTwoGivesThreeAttemptsOfASynchronousSource() {
        StepVerifier.create(Rill.just(1, 2, 3).repeatWhen(c -> c.take(2)))
                .expectNext(1, 2, 3, 1, 2, 3, 1, 2, 3)
                .expectComplete()
                .verify(BOUND);
    }

    @Test
    void theCompanionReceivesTheNumberOfValuesOfEachAttempt() {
        AtomicInteger subscriptions = new AtomicInteger();
        List<Long> counts = new ArrayList<>();
        StepVerifier.create(Rill.defer(() -> Rill.range(0, subscriptions.incrementAndGet()))
                        .repeatWhen(c -> c.doOnNext(counts::add).take(3)))
                .expectNext(0, 0, 1, 0, 1, 2, 0, 1, 2, 3)
                .expectComplete()
                .verify(BOUND);
        assertThat(counts).containsExactly(1L, 2L, 3L);
    }

    @Test
    void anEmptyCompanionCompletesBeforeTheSourceIsSubscribed() {
        AtomicInteger subscriptions = new AtomicInteger();
        StepVerifier.create(Rill.defer(() -> {
                    subscriptions.incrementAndGet();
                    return Rill.just(1);
                }).repeatWhen(c -> Rill.empty()))
                .expectComplete()
                .verify(BOUND);
        assertThat(subscriptions.get()).isZero();
    }

    @Test
    void theCompanionsErrorEndsTheStreamAndCancelsTheSource() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        AtomicInteger cancels = new AtomicInteger();
        IllegalStateException stop = new IllegalStateException("stop");
        TestSubscriber<Long> ts = TestSubscriber.unbounded();
        Rill.interval(Duration.ofSeconds(1), vts).doOnCancel(cancels::incrementAndGet)
                .repeatWhen(c -> Rill.timer(Duration.ofMillis(2500), vts).flatMap(x -> Rill.<Long>error(stop)))
                .subscribe(ts);
        vts.advanceTimeBy(Duration.ofSeconds(3));
        ts.assertValues(0L, 1L);
        assertThat(ts.error()).isSameAs(stop);
        assertThat(cancels.get()).isEqualTo(1);
    }

    @Test
    void aSourceErrorEndsTheStreamAndCancelsTheCompanion() {
        AtomicInteger companionCancels = new AtomicInteger();
        StepVerifier.create(Rill.just(1).concatWith(Rill.error(new IllegalStateException("x")))
                        .repeatWhen(c -> c.doOnCancel(companionCancels::incrementAndGet)))
                .expectNext(1)
                .expectErrorMessage("x")
                .verify(BOUND);
        assertThat(companionCancels.get()).isEqualTo(1);
    }

    @Test
    void delayedRepeatsRunOnTheVirtualClock() {
        StepVerifier.withVirtualTime(() -> Rill.just(7)
                        .repeatWhen(c -> c.take(2).delayElements(Duration.ofMinutes(1))))
                .expectNext(7)
                .expectNoEvent(Duration.ofSeconds(59))
                .thenAwait(Duration.ofSeconds(1))
                .expectNext(7)
                .thenAwait(Duration.ofMinutes(1))
                .expectNext(7)
                .expectComplete()
                .verify(BOUND);
    }

    @Test
    void demandCarriesAcrossRepeats() {
        StepVerifier.create(Rill.range(1, 3).repeatWhen(c -> c), 4)
                .expectNext(1, 2, 3, 1)
                .expectNoEvent(Duration.ofMillis(10))
                .thenRequest(3)
                .expectNext(2, 3, 1)
                .thenCancel()
                .verify(BOUND);
    }

    @Test
    void anEndlessCompanionRepeatsASynchronousSourceInConstantStack() {
        StepVerifier.create(Rill.just(1).repeatWhen(c -> c).take(200_000).count())
                .expectNext(200_000L)
                .expectComplete()
                .verify(BOUND);
    }

    @Test
    void aFactoryThatThrowsOrReturnsNullFailsTheSubscriber() {
        StepVerifier.create(Rill.just(1).repeatWhen(c -> {
                    throw new IllegalStateException("factory");
                }))
                .expectErrorMessage("factory")
                .verify(BOUND);
        StepVerifier.create(Rill.just(1).repeatWhen(c -> null))
                .expectErrorMatches(e -> e instanceof NullPointerException && e.getMessage().contains("repeatFactory"))
                .verify(BOUND);
    }
}
