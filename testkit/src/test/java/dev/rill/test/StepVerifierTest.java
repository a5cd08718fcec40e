package dev.rill.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class StepVerifierTest {

    @Test
    void aScriptThatMatchesPassesAndSaysHowLongItTook() {
        Duration took = StepVerifier.create(Publishers.range(1, 5), 2)
                .expectNext(1, 2)
                .thenRequest(3)
                .expectNextCount(2)
                .expectNextMatches(v -> v == 5)
                .expectComplete()
                .verify(Duration.ofSeconds(5));
        assertThat(took).isPositive().isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aFailureNamesTheStepWhatArrivedAndWhatCameBefore() {
        assertThatThrownBy(() -> StepVerifier.create(Publishers.range(1, 3)).expectNext(1, 5).verifyComplete())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("step 2 of 3, expectNext(1, 5)")
                .hasMessageContaining("expected onNext(5) but got onNext(2)")
                .hasMessageContaining("signals so far: onSubscribe, onNext(1), onNext(2)");
    }

    @Test
    void aTerminalSignalWhereAValueWasExpectedFails() {
        assertThatThrownBy(() -> StepVerifier.create(Publishers.range(1, 1)).expectNext(1, 2).verifyComplete())
                .hasMessageContaining("expected onNext(2) but got onComplete");
        assertThatThrownBy(() -> StepVerifier.create(Publishers.range(1, 2)).expectNext(1).verifyComplete())
                .hasMessageContaining("expected onComplete but got onNext(2)");
    }

    @Test
    void waitingIsBoundedByTheVerifyTimeout() {
        AtomicBoolean cancelled = new AtomicBoolean();
        long start = System.nanoTime();
        assertThatThrownBy(() -> StepVerifier.create(Publishers.never(cancelled)).expectNext(1).thenCancel()
                .verify(Duration.ofMillis(200)))
                .hasMessageContaining("nothing arrived before the verify timeout");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(cancelled).isTrue(); // a failed run does not leave its subscription behind
    }

    @Test
    void valuesBeyondDemandBreakTheProtocol() {
        assertThatThrownBy(() -> StepVerifier.create(Publishers.ignoringDemand(true, 1, 2, 3), 1)
                .expectNext(1).expectNext(2).thenCancel().verify())
                .hasMessageContaining("beyond demand: value 2 with 1 requested (§1.1)");
    }

    @Test
    void aSignalAfterTheEndFailsEvenAfterTheLastStep() {
        assertThatThrownBy(() -> StepVerifier.create(Publishers.signalsAfterTheEnd("late")).verifyComplete())
                .hasMessageContaining("after the last step")
                .hasMessageContaining("onNext(late) after onComplete (§1.7)");
    }

    @Test
    void errorExpectations() {
        IllegalStateException boom = new IllegalStateException("boom");
        StepVerifier.create(Publishers.error(boom)).expectError(IllegalStateException.class).verify();
        StepVerifier.create(Publishers.error(boom)).expectErrorMessage("boom").verify();
        StepVerifier.create(Publishers.error(boom)).expectErrorMatches(e -> e == boom).verify();
        StepVerifier.create(Publishers.error(boom)).expectError().verify();
        assertThatThrownBy(() -> StepVerifier.create(Publishers.error(boom)).verifyError(IOException.class))
                .hasMessageContaining("expectError(IOException)")
                .hasMessageContaining("got onError(java.lang.IllegalStateException: boom), which does not match")
                .hasCause(boom);
        assertThatThrownBy(() -> StepVerifier.create(Publishers.range(1, 1)).expectNext(1).expectError().verify())
                .hasMessageContaining("expected onError but got onComplete");
    }

    @Test
    void assertNextFailuresNameTheStep() {
        assertThatThrownBy(() -> StepVerifier.create(Publishers.range(7, 1))
                .assertNext(v -> assertThat(v).isEqualTo(8)).verifyComplete())
                .hasMessageContaining("step 2 of 3, assertNext(...): the assertion failed on onNext(7)");
    }

    @Test
    void virtualTimeMovesOnlyWhenTheScriptSays() {
        Duration took = StepVerifier.withVirtualTime(() -> Publishers.delayedOnDefault("x", Duration.ofHours(1)))
                .expectSubscription()
                .expectNoEvent(Duration.ofMinutes(59))
                .thenAwait(Duration.ofMinutes(1))
                .expectNext("x")
                .verifyComplete();
        assertThat(took).isLessThan(Duration.ofSeconds(5)); // an hour of virtual time
    }

    @Test
    void aSignalDuringExpectNoEventFails() {
        assertThatThrownBy(() -> StepVerifier.withVirtualTime(() -> Publishers.delayedOnDefault("x", Duration.ofHours(1)))
                .expectNoEvent(Duration.ofHours(2))
                .thenCancel().verify())
                .hasMessageContaining("expectNoEvent(PT2H): expected no signal but got onNext(x)");
    }

    @Test
    void aScriptWaitingOnVirtualTimeItNeverMovesSaysSo() {
        assertThatThrownBy(() -> StepVerifier.withVirtualTime(() -> Publishers.delayedOnDefault("x", Duration.ofHours(1)))
                .expectNext("x").thenCancel().verify(Duration.ofMillis(200)))
                .hasMessageContaining("virtual time is at PT0S with 1 task(s) pending: move it with thenAwait");
    }

    @Test
    void thenCancelCancelsAndThenRunsActions() {
        AtomicBoolean cancelled = new AtomicBoolean();
        AtomicInteger ran = new AtomicInteger();
        StepVerifier.create(Publishers.never(cancelled)).then(ran::incrementAndGet).thenCancel().verify();
        assertThat(cancelled).isTrue();
        assertThat(ran).hasValue(1);
    }

    @Test
    void aVerifierRunsAgainOnAFreshSubscription() {
        StepVerifier v = StepVerifier.create(Publishers.range(1, 2)).expectNext(1, 2).expectComplete();
        v.verify();
        v.verify();
    }

    @Test
    void badInputIsRejectedAsTheScriptIsWritten() {
        assertThatThrownBy(() -> StepVerifier.create(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("publisher");
        assertThatThrownBy(() -> StepVerifier.create(Publishers.range(1, 1), -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("initialRequest");
        assertThatThrownBy(() -> StepVerifier.create(Publishers.range(1, 1)).expectNextCount(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("count");
        assertThatThrownBy(() -> StepVerifier.create(Publishers.range(1, 1)).thenAwait(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative");
        assertThatThrownBy(() -> StepVerifier.create(Publishers.range(1, 1)).expectNext((Integer) null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("never null");
    }
}
