package dev.rill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rill.engine.Engine;
import dev.rill.test.StepVerifier;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RillSkipUntilOtherTest {

    @RegisterExtension
    final DroppedErrors dropped = DroppedErrors.noneAllowed();

    @Test
    void valuesBeforeTheOthersValueAreDroppedTheRestPass() {
        Push<Integer> main = new Push<>();
        Push<String> other = new Push<>();
        TestSubscriber<Integer> ts = TestSubscriber.unbounded();
        main.rill.skipUntilOther(other.rill).subscribe(ts);
        main.next(1).next(2);
        other.next("go");
        main.next(3).next(4);
        main.complete();
        ts.assertValues(3, 4);
        ts.assertComplete();
        assertThat(other.cancelled()).as("the other is cancelled once it opened the gate").isTrue();
    }

    /** As Reactor's {@code Flux.skipUntilOther}: the other's completion, even with no value, opens the gate. */
    @Test
    void anOtherThatCompletesEmptyOpensTheGate() {
        Push<Integer> main = new Push<>();
        Push<String> other = new Push<>();
        TestSubscriber<Integer> ts = TestSubscriber.unbounded();
        main.rill.skipUntilOther(other.rill).subscribe(ts);
        main.next(1);
        other.complete();
        main.next(2);
        ts.assertValues(2);
        StepVerifier.create(Rill.range(1, 3).skipUntilOther(Rill.empty())).expectNext(1, 2, 3).verifyComplete();
    }

    @Test
    void anOtherThatNeverSignalsDropsEverything() {
        StepVerifier.create(Rill.range(1, 3).skipUntilOther(Rill.never())).verifyComplete();
    }

    @Test
    void anErrorFromTheOtherFailsTheStreamAndCancelsTheSource() {
        Push<Integer> main = new Push<>();
        Push<String> other = new Push<>();
        TestSubscriber<Integer> ts = TestSubscriber.unbounded();
        main.rill.skipUntilOther(other.rill).subscribe(ts);
        main.next(1);
        other.error(new IllegalStateException("other"));
        assertThat(ts.error()).hasMessage("other");
        assertThat(main.cancelled()).isTrue();
        assertThat(ts.values).isEmpty();
        StepVerifier.create(Rill.range(1, 3).skipUntilOther(Rill.error(new IllegalStateException("x"))))
                .verifyError(IllegalStateException.class);
    }

    @Test
    void droppedValuesDoNotUseUpDemand() {
        Push<Integer> main = new Push<>();
        Push<String> other = new Push<>();
        TestSubscriber<Integer> ts = new TestSubscriber<>(1);
        main.rill.onBackpressureBuffer().skipUntilOther(other.rill).subscribe(ts);
        main.next(1).next(2).next(3);
        other.next("go");
        main.next(4).next(5);
        ts.assertValues(4);
        ts.request(1);
        ts.assertValues(4, 5);
    }

    @Test
    void theSourcesEndCancelsTheOther() {
        Push<String> other = new Push<>();
        StepVerifier.create(Rill.range(1, 2).skipUntilOther(other.rill)).verifyComplete();
        assertThat(other.cancelled()).isTrue();
    }

    @Test
    void cancelReachesBothSources() {
        Push<Integer> main = new Push<>();
        Push<String> other = new Push<>();
        TestSubscriber<Integer> ts = TestSubscriber.unbounded();
        main.rill.skipUntilOther(other.rill).subscribe(ts);
        ts.subscription.cancel();
        assertThat(main.cancelled()).isTrue();
        assertThat(other.cancelled()).isTrue();
    }

    @Test
    void inVirtualTimeATimerOpensTheGate() {
        StepVerifier.withVirtualTime(() -> Rill.interval(Duration.ofSeconds(1)).take(5)
                        .skipUntilOther(Rill.timer(Duration.ofMillis(2500))))
                .expectSubscription()
                .thenAwait(Duration.ofSeconds(5))
                .expectNext(2L, 3L, 4L)
                .verifyComplete();
    }

    /** The gate opens from another thread while the source emits: what passes is an unbroken tail, delivered once. */
    @Test
    void anOtherOnAnotherThreadOpensTheGateCleanly() throws Exception {
        try (Engine engine = Engine.builder().workers(2).name("skip-until-other").build()) {
            for (int round = 0; round < 50; round++) {
                TestSubscriber<Long> ts = TestSubscriber.unbounded();
                Rill.range(0L, 20_000L).subscribeOn(engine)
                        .skipUntilOther(Rill.just(1).delaySubscription(Duration.ofNanos(1), engine))
                        .subscribe(ts);
                ts.await().assertComplete();
                assertThat(ts.maxDepth).as("no re-entry").isLessThanOrEqualTo(1);
                List<Long> values = List.copyOf(ts.values);
                for (int i = 1; i < values.size(); i++) {
                    assertThat(values.get(i)).isEqualTo(values.get(i - 1) + 1);
                }
                if (!values.isEmpty()) {
                    assertThat(values.get(values.size() - 1)).isEqualTo(19_999L);
                }
            }
        }
    }
}
