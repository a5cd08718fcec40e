package dev.rill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rill.test.StepVerifier;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** {@code then()}, {@code then(Publisher)}, {@code thenMany} and {@code ignoreElements}. */
class RillThenTest {

    @Test
    void ignoreElementsDropsTheValuesAndKeepsTheCompletion() {
        StepVerifier.create(Rill.range(1, 1000).ignoreElements()).verifyComplete();
    }

    @Test
    void ignoreElementsRequestsEverythingWhateverTheDownstreamAsks() {
        Push<Integer> push = new Push<>();
        TestSubscriber<Integer> ts = new TestSubscriber<>(0);
        push.rill.onBackpressureBuffer(1).ignoreElements().subscribe(ts);
        push.next(1).next(2).next(3); // more than a buffer of 1 would hold if unrequested
        push.complete();
        ts.assertComplete();
        assertThat(ts.values).isEmpty();
    }

    @Test
    void thenSignalsOnlyTheCompletion() {
        StepVerifier.create(Rill.range(1, 3).then()).verifyComplete();
    }

    @Test
    void thenPropagatesTheError() {
        StepVerifier.create(Rill.just(1).concatWith(Rill.error(new IllegalStateException("e"))).then())
                .verifyError(IllegalStateException.class);
    }

    @Test
    void thenPublisherEmitsTheOthersValuesAfterTheSourceCompletes() {
        StepVerifier.create(Rill.range(1, 3).then(Rill.just("x"))).expectNext("x").verifyComplete();
        StepVerifier.create(Rill.range(1, 3).thenMany(Rill.just("a", "b"))).expectNext("a", "b").verifyComplete();
    }

    @Test
    void anErrorSkipsTheOther() {
        AtomicBoolean subscribed = new AtomicBoolean();
        Rill<String> other = Rill.just("x").doOnSubscribe(s -> subscribed.set(true));
        StepVerifier.create(Rill.<Integer>error(new IllegalStateException("e")).thenMany(other))
                .verifyError(IllegalStateException.class);
        assertThat(subscribed).isFalse();
    }

    @Test
    void theOtherIsSubscribedOnlyWhenTheSourceCompletes() {
        Push<Integer> push = new Push<>();
        AtomicBoolean subscribed = new AtomicBoolean();
        TestSubscriber<String> ts = TestSubscriber.unbounded();
        push.rill.thenMany(Rill.just("x").doOnSubscribe(s -> subscribed.set(true))).subscribe(ts);
        push.next(1).next(2);
        assertThat(subscribed).isFalse();
        push.complete();
        ts.assertValues("x");
        ts.assertComplete();
    }

    @Test
    void theOthersValuesHonourDemand() {
        StepVerifier.create(Rill.range(1, 5).thenMany(Rill.range(10, 3)), 1)
                .expectNext(10)
                .thenRequest(2)
                .expectNext(11, 12)
                .verifyComplete();
    }
}
