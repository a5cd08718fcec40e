package dev.rill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rill.test.StepVerifier;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** repeat(times, predicate) and repeat(predicate); the counts are Reactor 3.8's for the same code. */
class RillRepeatPredicateTest {

    private static final Duration BOUND = Duration.ofSeconds(10);

    @Test
    void repeatsAtMostTimesAndAsksThePredicateOncePerRepeat() {
        AtomicInteger asked = new AtomicInteger();
        StepVerifier.create(Rill.just(1).repeat(3, () -> asked.incrementAndGet() > 0))
                .expectNext(1, 1, 1, 1)
                .expectComplete()
                .verify(BOUND);
        assertThat(asked.get()).isEqualTo(3);
    }

    @Test
    void zeroTimesNeverAsksThePredicate() {
        AtomicInteger asked = new AtomicInteger();
        StepVerifier.create(Rill.just(1).repeat(0, () -> asked.incrementAndGet() > 0))
                .expectNext(1)
                .expectComplete()
                .verify(BOUND);
        assertThat(asked.get()).isZero();
    }

    @Test
    void repeatsWhileThePredicateSaysSo() {
        AtomicInteger asked = new AtomicInteger();
        StepVerifier.create(Rill.just(1).repeat(() -> asked.incrementAndGet() < 3))
                .expectNext(1, 1, 1)
                .expectComplete()
                .verify(BOUND);
        assertThat(asked.get()).isEqualTo(3);
    }

    @Test
    void aPredicateThatThrowsFailsTheStream() {
        StepVerifier.create(Rill.just(1).repeat(() -> {
                    throw new IllegalStateException("predicate");
                }))
                .expectNext(1)
                .expectErrorMessage("predicate")
                .verify(BOUND);
    }

    @Test
    void anErrorIsNotRepeated() {
        AtomicInteger asked = new AtomicInteger();
        StepVerifier.create(Rill.just(1).concatWith(Rill.error(new IllegalStateException("x")))
                        .repeat(() -> asked.incrementAndGet() > 0))
                .expectNext(1)
                .expectErrorMessage("x")
                .verify(BOUND);
        assertThat(asked.get()).isZero();
    }

    @Test
    void demandCarriesAcrossRepeatsInConstantStack() {
        StepVerifier.create(Rill.range(1, 2).repeat(100_000, () -> true), 3)
                .expectNext(1, 2, 1)
                .thenRequest(Long.MAX_VALUE)
                .expectNextCount(200_002 - 3)
                .expectComplete()
                .verify(BOUND);
    }
}
