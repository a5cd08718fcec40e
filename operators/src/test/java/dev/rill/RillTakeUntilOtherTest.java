package dev.rill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rill.engine.Engine;
import dev.rill.test.StepVerifier;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RillTakeUntilOtherTest {

    @RegisterExtension
    final DroppedErrors dropped = DroppedErrors.noneAllowed();

    @Test
    void aValueFromTheOtherCancelsTheSourceAndCompletes() {
        Push<Integer> main = new Push<>();
        Push<String> other = new Push<>();
        TestSubscriber<Integer> ts = TestSubscriber.unbounded();
        main.rill.takeUntilOther(other.rill).subscribe(ts);
        main.next(1).next(2);
        other.next("stop");
        main.next(3);
        ts.assertValues(1, 2);
        ts.assertComplete();
        assertThat(main.cancelled()).as("source cancelled").isTrue();
        assertThat(other.cancelled()).as("other cancelled").isTrue();
    }

    /** As Reactor's {@code Flux.takeUntilOther}: the other's completion, even with no value, ends the stream. */
    @Test
    void anOtherThatCompletesEmptyAlsoEndsTheStream() {
        Push<Integer> main = new Push<>();
        Push<String> other = new Push<>();
        TestSubscriber<Integer> ts = TestSubscriber.unbounded();
        main.rill.takeUntilOther(other.rill).subscribe(ts);
        main.next(1);
        other.complete();
        main.next(2);
        ts.assertValues(1);
        ts.assertComplete();
        assertThat(main.cancelled()).isTrue();
    }

    /** Reactor gives {@code []} for {@code Flux.just(1, 2, 3).takeUntilOther(Flux.empty())}: the other is subscribed first. */
    @Test
    void anOtherThatSignalsAtOnceEndsTheStreamBeforeTheFirstValue() {
        StepVerifier.create(Rill.range(1, 3).takeUntilOther(Rill.empty())).verifyComplete();
        StepVerifier.create(Rill.range(1, 3).takeUntilOther(Rill.just("now"))).verifyComplete();
    }

    @Test
    void anOtherThatNeverSignalsPassesEverything() {
        StepVerifier.create(Rill.range(1, 3).takeUntilOther(Rill.never()))
                .expectNext(1, 2, 3)
                .verifyComplete();
    }

    @Test
    void anErrorFromTheOtherFailsTheStreamAndCancelsTheSource() {
        Push<Integer> main = new Push<>();
        Push<String> other = new Push<>();
        TestSubscriber<Integer> ts = TestSubscriber.unbounded();
        main.rill.takeUntilOther(other.rill).subscribe(ts);
        main.next(1);
        other.error(new IllegalStateException("other"));
        ts.assertValues(1);
        assertThat(ts.error()).hasMessage("other");
        assertThat(main.cancelled()).isTrue();
    }

    @Test
    void theSourcesEndCancelsTheOther() {
        Push<String> other = new Push<>();
        StepVerifier.create(Rill.range(1, 2).takeUntilOther(other.rill)).expectNext(1, 2).verifyComplete();
        assertThat(other.cancelled()).isTrue();
        Push<String> other2 = new Push<>();
        StepVerifier.create(Rill.<Integer>error(new IllegalStateException("main")).takeUntilOther(other2.rill))
                .verifyError(IllegalStateException.class);
        assertThat(other2.cancelled()).isTrue();
    }

    @Test
    void requestsMadeBeforeTheSourceSubscribedAreKept() {
        StepVerifier.create(Rill.range(1, 10).takeUntilOther(Rill.never()), 3)
                .expectNext(1, 2, 3)
                .expectNoEvent(Duration.ofMillis(10))
                .thenRequest(2)
                .expectNext(4, 5)
                .thenCancel()
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void cancelReachesBothSources() {
        Push<Integer> main = new Push<>();
        Push<String> other = new Push<>();
        TestSubscriber<Integer> ts = TestSubscriber.unbounded();
        main.rill.takeUntilOther(other.rill).subscribe(ts);
        ts.subscription.cancel();
        assertThat(main.cancelled()).isTrue();
        assertThat(other.cancelled()).isTrue();
    }

    @Test
    void inVirtualTimeATimerStopsAnInterval() {
        StepVerifier.withVirtualTime(() -> Rill.interval(Duration.ofSeconds(1))
                        .takeUntilOther(Rill.timer(Duration.ofMillis(3500))))
                .expectSubscription()
                .thenAwait(Duration.ofSeconds(4))
                .expectNext(0L, 1L, 2L)
                .verifyComplete();
    }

    /** The other fires from another thread while the source emits: signals never overlap, the stream ends once. */
    @Test
    void anOtherOnAnotherThreadEndsAFastSourceCleanly() throws Exception {
        try (Engine engine = Engine.builder().workers(2).name("take-until-other").build()) {
            for (int round = 0; round < 50; round++) {
                TestSubscriber<Long> ts = TestSubscriber.unbounded();
                Rill.range(0L, Long.MAX_VALUE).subscribeOn(engine)
                        .takeUntilOther(Rill.just(1).delaySubscription(Duration.ofNanos(1), engine))
                        .subscribe(ts);
                ts.await().assertComplete();
                assertThat(ts.maxDepth).as("no re-entry").isLessThanOrEqualTo(1);
                List<Long> values = List.copyOf(ts.values);
                for (int i = 0; i < values.size(); i++) {
                    assertThat(values.get(i)).isEqualTo((long) i);
                }
            }
        }
    }
}
