package dev.rill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rill.test.StepVerifier;
import org.junit.jupiter.api.Test;

/** {@code cast}, {@code ofType} and {@code distinct(key)}. */
class RillCastTest {

    @Test
    void castPassesInstances() {
        Rill<Object> objects = Rill.just(1, 2);
        StepVerifier.create(objects.cast(Integer.class)).expectNext(1, 2).verifyComplete();
    }

    @Test
    void castFailsOnAValueOfAnotherTypeAndCancelsTheSource() {
        Push<Object> push = new Push<>();
        TestSubscriber<Integer> ts = TestSubscriber.unbounded();
        push.rill.cast(Integer.class).subscribe(ts);
        push.next(1).next("a");
        ts.assertValues(1);
        assertThat(ts.error()).isInstanceOf(ClassCastException.class);
        assertThat(push.cancelled()).isTrue();
    }

    @Test
    void ofTypeDropsOtherTypesWithoutUsingUpDemand() {
        Rill<Object> mixed = Rill.just(1, "a", 2.0, 3, "b", 4);
        StepVerifier.create(mixed.ofType(Integer.class)).expectNext(1, 3, 4).verifyComplete();
        StepVerifier.create(mixed.hide().ofType(Integer.class), 2)
                .expectNext(1, 3)
                .thenRequest(1)
                .expectNext(4)
                .verifyComplete();
        StepVerifier.create(mixed.ofType(Number.class)).expectNext(1, 2.0, 3, 4).verifyComplete();
    }

    @Test
    void distinctByKeyKeepsTheFirstValueOfEachKey() {
        StepVerifier.create(Rill.just("a", "bb", "c", "dd", "eee").distinct(String::length))
                .expectNext("a", "bb", "eee")
                .verifyComplete();
    }

    @Test
    void distinctByANullKeyFails() {
        StepVerifier.create(Rill.just("a").distinct(s -> null)).verifyError(NullPointerException.class);
    }
}
