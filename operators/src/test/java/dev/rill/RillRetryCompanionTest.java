package dev.rill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rill.test.StepVerifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * retryWhen(Retry.from(companion)) and Retry.withThrowable: the outcomes are the ones Reactor 3.8
 * gives for the same code (checked against reactor-core 3.8.8 when this was written).
 */
class RillRetryCompanionTest {

    private static final Duration BOUND = Duration.ofSeconds(10);

    /** Emits 1, then fails with "e" and the subscription's number. */
    private static Rill<Integer> failing(AtomicInteger subscriptions) {
        return Rill.defer(() -> {
            int n = subscriptions.incrementAndGet();
            return Rill.just(1).concatWith(Rill.error(new IllegalStateException("e" + n)));
        });
    }

    @Test
    void aCompanionTakingThreeRetriesThreeTimesThenCompletes() {
        AtomicInteger subscriptions = new AtomicInteger();
        StepVerifier.create(failing(subscriptions).retryWhen(Retry.from(signals -> signals.take(3))))
                .expectNext(1, 1, 1, 1)
                .expectComplete()
                .verify(BOUND);
        assertThat(subscriptions.get()).isEqualTo(4);
    }

    @Test
    void theCompanionsErrorEndsTheStreamAndSignalsCountRetries() {
        AtomicInteger subscriptions = new AtomicInteger();
        List<String> seen = new ArrayList<>();
        StepVerifier.create(failing(subscriptions).retryWhen(Retry.from(signals -> signals.map(s -> {
                    seen.add(s.totalRetries() + "/" + s.totalRetriesInARow());
                    if (s.totalRetries() < 2) {
                        return s;
                    }
                    throw (IllegalStateException) s.failure();
                }))))
                .expectNext(1, 1, 1)
                .expectErrorMessage("e3")
                .verify(BOUND);
        assertThat(subscriptions.get()).isEqualTo(3);
        assertThat(seen).containsExactly("0/0", "1/0", "2/0"); // a value before each error resets the run
    }

    @Test
    void withThrowableSeesTheErrorsAlone() {
        AtomicInteger subscriptions = new AtomicInteger();
        List<String> errors = new ArrayList<>();
        StepVerifier.create(failing(subscriptions)
                        .retryWhen(Retry.withThrowable(e -> e.doOnNext(x -> errors.add(x.getMessage())).take(2))))
                .expectNext(1, 1, 1)
                .expectComplete()
                .verify(BOUND);
        assertThat(errors).containsExactly("e1", "e2");
    }

    @Test
    void anEmptyCompanionCompletesWithoutSubscribingTheSource() {
        AtomicInteger subscriptions = new AtomicInteger();
        StepVerifier.create(failing(subscriptions).retryWhen(Retry.from(signals -> Rill.empty())))
                .expectComplete()
                .verify(BOUND);
        assertThat(subscriptions.get()).isZero();
    }

    @Test
    void delayedRetriesFromACompanionRunOnTheVirtualClock() {
        AtomicInteger subscriptions = new AtomicInteger();
        StepVerifier.withVirtualTime(() -> failing(subscriptions)
                        .retryWhen(Retry.from(signals -> signals.take(1).delayElements(Duration.ofMinutes(5)))))
                .expectNext(1)
                .expectNoEvent(Duration.ofMinutes(4))
                .thenAwait(Duration.ofMinutes(1))
                .expectNext(1)
                .expectComplete()
                .verify(BOUND);
    }

    @Test
    void aSourceThatCompletesEndsTheStreamAndCancelsTheCompanion() {
        AtomicInteger companionCancels = new AtomicInteger();
        StepVerifier.create(Rill.just(1, 2).retryWhen(Retry.from(s -> s.doOnCancel(companionCancels::incrementAndGet))))
                .expectNext(1, 2)
                .expectComplete()
                .verify(BOUND);
        assertThat(companionCancels.get()).isEqualTo(1);
    }

    @Test
    void aSynchronousSourceRetriesInConstantStack() {
        AtomicInteger subscriptions = new AtomicInteger();
        StepVerifier.create(Rill.defer(() -> {
                    subscriptions.incrementAndGet();
                    return Rill.<Integer>error(new IllegalStateException("x"));
                }).retryWhen(Retry.from(s -> s.take(200_000))))
                .expectComplete()
                .verify(BOUND);
        assertThat(subscriptions.get()).isEqualTo(200_001);
    }
}
