package dev.rill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rill.test.StepVerifier;
import org.junit.jupiter.api.Test;

/** {@code skipUntil(Predicate)}: a composition over {@code skipWhile}, checked for Reactor's results. */
class RillSkipUntilTest {

    @Test
    void theMatchingValueIsEmittedAndEverythingAfterIt() {
        StepVerifier.create(Rill.just(1, 2, 3, 2, 1).skipUntil(x -> x == 2))
                .expectNext(2, 3, 2, 1)
                .verifyComplete();
    }

    @Test
    void noMatchEmitsNothingAndCompletes() {
        StepVerifier.create(Rill.range(1, 5).skipUntil(x -> x > 10)).verifyComplete();
    }

    @Test
    void droppedValuesDoNotUseUpDemand() {
        StepVerifier.create(Rill.range(1, 100).hide().skipUntil(x -> x == 50), 2)
                .expectNext(50, 51)
                .thenCancel()
                .verify();
    }

    @Test
    void aThrowingPredicateFailsTheStreamAndCancelsTheSource() {
        Push<Integer> push = new Push<>();
        TestSubscriber<Integer> ts = TestSubscriber.unbounded();
        push.rill.skipUntil(x -> {
            throw new IllegalStateException("pred");
        }).subscribe(ts);
        push.next(1);
        assertThat(ts.error()).hasMessage("pred");
        assertThat(push.cancelled()).isTrue();
    }
}
