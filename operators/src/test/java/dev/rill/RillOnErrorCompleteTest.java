package dev.rill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rill.test.StepVerifier;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

class RillOnErrorCompleteTest {

    private static Rill<Integer> failing(Throwable e) {
        return Rill.range(1, 2).concatWith(Rill.error(e));
    }

    @Test
    void anyErrorBecomesACompletion() {
        StepVerifier.create(failing(new IllegalStateException()).onErrorComplete()).expectNext(1, 2).verifyComplete();
    }

    @Test
    void aMatchingPredicateCompletesAnotherErrorPasses() {
        StepVerifier.create(failing(new IllegalStateException()).onErrorComplete(e -> e instanceof IllegalStateException))
                .expectNext(1, 2).verifyComplete();
        StepVerifier.create(failing(new IllegalArgumentException("other")).onErrorComplete(e -> e instanceof IllegalStateException))
                .expectNext(1, 2).expectErrorMessage("other").verify();
    }

    @Test
    void byClassSubtypesMatch() {
        StepVerifier.create(failing(new UncheckedIOException(new IOException())).onErrorComplete(RuntimeException.class))
                .expectNext(1, 2).verifyComplete();
        StepVerifier.create(failing(new IllegalStateException("kept")).onErrorComplete(UncheckedIOException.class))
                .expectNext(1, 2).expectErrorMessage("kept").verify();
    }

    @Test
    void aThrowingPredicateFailsWithItsErrorTheOriginalSuppressed() {
        IllegalStateException orig = new IllegalStateException("orig");
        TestSubscriber<Integer> ts = TestSubscriber.unbounded();
        failing(orig).onErrorComplete(e -> {
            throw new IllegalArgumentException("pred");
        }).subscribe(ts);
        assertThat(ts.error()).hasMessage("pred").satisfies(e -> assertThat(e.getSuppressed()).containsExactly(orig));
    }

    @Test
    void valuesAndCompletionPassUnchanged() {
        StepVerifier.create(Rill.range(1, 5).onErrorComplete(), 2)
                .expectNext(1, 2)
                .thenRequest(3)
                .expectNext(3, 4, 5)
                .verifyComplete();
    }
}
