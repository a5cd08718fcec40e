package dev.rill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rill.signal.CompositeException;
import dev.rill.test.StepVerifier;
import java.time.Duration;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

/** {@code Rill.firstWithValue} and {@code Rill.firstWithSignal}. */
class RillFirstWithValueTest {

    @Test
    void firstWithValueTakesTheFirstSourceToEmitAValue() {
        StepVerifier.withVirtualTime(() -> Rill.firstWithValue(
                        Rill.just(1, 2).delayElements(Duration.ofSeconds(3)),
                        Rill.<Integer>empty(),
                        Rill.just(7, 8).delaySubscription(Duration.ofSeconds(1)),
                        Rill.<Integer>error(new IllegalStateException("skipped"))))
                .expectSubscription()
                .thenAwait(Duration.ofSeconds(10))
                .expectNext(7, 8)
                .verifyComplete();
    }

    @Test
    void firstWithValueFailsWhenEverySourceEndsWithoutAValue() {
        IllegalStateException boom = new IllegalStateException("boom");
        StepVerifier.create(Rill.firstWithValue(Rill.<Integer>empty(), Rill.<Integer>error(boom)))
                .expectErrorMatches(e -> {
                    assertThat(e).isInstanceOf(NoSuchElementException.class)
                            .hasMessage("All sources completed with error or without values");
                    assertThat(e.getCause()).isInstanceOf(CompositeException.class);
                    CompositeException c = (CompositeException) e.getCause();
                    assertThat(c.exceptions()).hasSize(2);
                    assertThat(c.exceptions().get(0)).isInstanceOf(NoSuchElementException.class)
                            .hasMessageContaining("index 0");
                    assertThat(c.exceptions().get(1)).isSameAs(boom);
                    return true;
                })
                .verify();
    }

    @Test
    void firstWithValueOfSourcesThatAllCompleteEmptyFails() {
        StepVerifier.create(Rill.firstWithValue(Rill.<Integer>empty(), Rill.<Integer>empty().hide()))
                .expectErrorMatches(e -> e instanceof NoSuchElementException
                        && e.getCause() instanceof CompositeException c && c.exceptions().size() == 2
                        && c.exceptions().get(1).getMessage().equals("source at index 1 completed empty"))
                .verify();
    }

    @Test
    void theLosersAreCancelled() {
        Push<Integer> a = new Push<>();
        Push<Integer> b = new Push<>();
        Push<Integer> loser = new Push<>();
        TestSubscriber<Integer> ts = TestSubscriber.unbounded();
        Rill.firstWithValue(a.rill, b.rill, loser.rill).subscribe(ts);
        a.complete(); // empty: set aside, b can still win
        b.next(5);
        assertThat(loser.cancelled()).isTrue();
        assertThat(b.cancelled()).isFalse();
        b.complete();
        ts.assertValues(5);
        ts.assertComplete();

        Push<Integer> c = new Push<>();
        Push<Integer> d = new Push<>();
        TestSubscriber<Integer> ts2 = TestSubscriber.unbounded();
        Rill.firstWithSignal(c.rill, d.rill).subscribe(ts2);
        d.next(1);
        assertThat(c.cancelled()).isTrue();
        assertThat(d.cancelled()).isFalse();
        ts2.assertValues(1);
    }

    @Test
    void firstWithSignalTakesTheFirstSignalOfAnyKind() {
        StepVerifier.withVirtualTime(() -> Rill.firstWithSignal(
                        Rill.just(1).delaySubscription(Duration.ofSeconds(2)),
                        Rill.<Integer>empty().delaySubscription(Duration.ofSeconds(1))))
                .expectSubscription()
                .thenAwait(Duration.ofSeconds(1))
                .verifyComplete();
        IllegalStateException boom = new IllegalStateException("boom");
        StepVerifier.create(Rill.firstWithSignal(Rill.<Integer>error(boom), Rill.just(1)))
                .expectErrorMatches(e -> e == boom)
                .verify();
    }

    @Test
    void requestsBeforeTheRaceGoToEverySourceAndThenToTheWinner() {
        StepVerifier.create(Rill.firstWithSignal(Rill.range(0, 5), Rill.range(10, 5)), 0)
                .expectSubscription()
                .thenRequest(2)
                .expectNext(0, 1)
                .thenRequest(3)
                .expectNext(2, 3, 4)
                .verifyComplete();
        StepVerifier.create(Rill.firstWithValue(Rill.<Integer>empty(), Rill.range(10, 5)), 0)
                .expectSubscription()
                .thenRequest(1)
                .expectNext(10)
                .thenRequest(10)
                .expectNext(11, 12, 13, 14)
                .verifyComplete();
    }

    @Test
    void noSourcesIsEmpty() {
        StepVerifier.create(Rill.<Integer>firstWithValue()).verifyComplete();
        StepVerifier.create(Rill.<Integer>firstWithSignal()).verifyComplete();
    }

    /** As Reactor: one source is that source, so an empty one completes instead of failing. */
    @Test
    void oneSourceIsThatSource() {
        Rill<Integer> r = Rill.range(1, 2);
        assertThat(Rill.firstWithValue(r)).isSameAs(r);
        StepVerifier.create(Rill.firstWithValue(Rill.<Integer>empty())).verifyComplete();
    }

    @Test
    void cancelReachesEverySource() {
        Push<Integer> a = new Push<>();
        Push<Integer> b = new Push<>();
        TestSubscriber<Integer> ts = TestSubscriber.unbounded();
        Rill.firstWithValue(a.rill, b.rill).subscribe(ts);
        ts.subscription.cancel();
        assertThat(a.cancelled()).isTrue();
        assertThat(b.cancelled()).isTrue();
    }

    /** Two sources racing on an engine: exactly one wins, and only its values arrive, all of them. */
    @Test
    void racingSourcesOnAnEngineGiveOneWinnersValues() throws Exception {
        dev.rill.engine.Engine engine = dev.rill.engine.Engine.builder().workers(2).name("firstWith").build();
        try {
            for (int i = 0; i < 200; i++) {
                TestSubscriber<Integer> ts = TestSubscriber.unbounded();
                Rill<Integer> r = i % 2 == 0
                        ? Rill.firstWithValue(Rill.range(0, 50).subscribeOn(engine), Rill.range(100, 50).subscribeOn(engine))
                        : Rill.firstWithSignal(Rill.range(0, 50).subscribeOn(engine), Rill.range(100, 50).subscribeOn(engine));
                r.subscribe(ts);
                ts.await();
                ts.assertComplete();
                int base = ts.values.get(0);
                assertThat(base).isIn(0, 100);
                assertThat(ts.values).hasSize(50).isSorted().allMatch(v -> v >= base && v < base + 50);
            }
        } finally {
            engine.close();
        }
    }
}
