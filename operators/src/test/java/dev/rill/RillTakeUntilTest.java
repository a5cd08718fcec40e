package dev.rill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rill.test.StepVerifier;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RillTakeUntilTest {

    @RegisterExtension
    final DroppedErrors dropped = DroppedErrors.noneAllowed();

    @Test
    void emitsTheMatchingValueThenCompletesAndCancelsTheSource() {
        Push<Integer> push = new Push<>();
        TestSubscriber<Integer> ts = TestSubscriber.unbounded();
        push.rill.takeUntil(x -> x == 2).subscribe(ts);
        push.next(1).next(2);
        ts.assertValues(1, 2);
        ts.assertComplete();
        assertThat(push.cancelled()).as("source cancelled").isTrue();
    }

    @Test
    void noMatchPassesEverythingAndTheSourcesEnd() {
        StepVerifier.create(Rill.range(1, 4).takeUntil(x -> x > 10))
                .expectNext(1, 2, 3, 4)
                .verifyComplete();
        StepVerifier.create(Rill.range(1, 2).concatWith(Rill.error(new IllegalStateException("up"))).takeUntil(x -> false))
                .expectNext(1, 2)
                .verifyError(IllegalStateException.class);
    }

    @Test
    void aMatchOnTheFirstValueStillEmitsIt() {
        StepVerifier.create(Rill.range(1, 1000).hide().takeUntil(x -> true))
                .expectNext(1)
                .verifyComplete();
    }

    @Test
    void honoursDemandValueByValue() {
        StepVerifier.create(Rill.range(1, 10).takeUntil(x -> x == 3), 0)
                .expectSubscription()
                .thenRequest(1)
                .expectNext(1)
                .thenRequest(1)
                .expectNext(2)
                .expectNoEvent(Duration.ofMillis(10))
                .thenRequest(1)
                .expectNext(3)
                .verifyComplete();
    }

    @Test
    void aThrowingPredicateFailsTheStreamAndCancelsTheSource() {
        Push<Integer> push = new Push<>();
        TestSubscriber<Integer> ts = TestSubscriber.unbounded();
        push.rill.takeUntil(x -> {
            throw new IllegalArgumentException("pred");
        }).subscribe(ts);
        push.next(1);
        assertThat(ts.error()).hasMessage("pred");
        assertThat(push.cancelled()).isTrue();
        assertThat(ts.values).isEmpty();
    }
}
