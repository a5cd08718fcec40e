package dev.rill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rill.test.StepVerifier;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class RillSwitchOnFirstTest {

    @Test
    void theFunctionGetsTheFirstSignalAndTheWholeSource() {
        AtomicReference<Signal<? extends Integer>> first = new AtomicReference<>();
        StepVerifier.create(Rill.range(1, 4).switchOnFirst((signal, all) -> {
                    first.set(signal);
                    return all.map(x -> x * signal.get());
                }))
                .expectNext(1, 2, 3, 4)
                .verifyComplete();
        assertThat(first.get()).isEqualTo(Signal.next(1));
        StepVerifier.create(Rill.just(10, 1, 2).switchOnFirst((signal, all) -> all.skip(1).map(x -> x * signal.get())))
                .expectNext(10, 20)
                .verifyComplete();
    }

    @Test
    void honoursBackpressureIncludingTheFirstValue() {
        StepVerifier.create(Rill.range(1, 5).switchOnFirst((s, all) -> all), 0)
                .expectSubscription()
                .thenRequest(1)
                .expectNext(1)
                .thenRequest(2)
                .expectNext(2, 3)
                .thenRequest(5)
                .expectNext(4, 5)
                .verifyComplete();
    }

    @Test
    void anEmptySourceHandsOverTheCompletion() {
        StepVerifier.create(Rill.<Integer>empty().switchOnFirst((s, all) -> {
                    assertThat(s.isOnComplete()).isTrue();
                    return all.concatWith(Rill.just(-1));
                }))
                .expectNext(-1)
                .verifyComplete();
    }

    @Test
    void anErrorSourceHandsOverTheError() {
        IllegalStateException boom = new IllegalStateException("boom");
        StepVerifier.create(Rill.<Integer>error(boom).switchOnFirst((s, all) -> {
                    assertThat(s.getThrowable()).isSameAs(boom);
                    return all;
                }))
                .expectErrorMatches(e -> e == boom)
                .verify();
        StepVerifier.create(Rill.<Integer>error(boom).switchOnFirst((s, all) -> Rill.just(s.isOnError() ? 1 : 0)))
                .expectNext(1)
                .verifyComplete();
    }

    @Test
    void theSourceMaySubscribeOnlyOnce() {
        StepVerifier.create(Rill.just(1, 2).switchOnFirst((s, all) -> Rill.merge(all, all)))
                .expectNext(1) // the first subscriber got its first value before the second came
                .expectError(IllegalStateException.class)
                .verify();
    }

    @Test
    void theEndOfTheResultCancelsTheSource() {
        Push<Integer> src = new Push<>();
        TestSubscriber<Integer> ts = TestSubscriber.unbounded();
        src.rill.switchOnFirst((s, all) -> Rill.just(s.get() + 100)).subscribe(ts);
        src.next(1);
        ts.assertValues(101);
        ts.assertComplete();
        assertThat(src.cancelled()).isTrue();
    }

    @Test
    void aCancelBeforeTheFirstSignalCancelsTheSource() {
        Push<Integer> src = new Push<>();
        TestSubscriber<Integer> ts = TestSubscriber.unbounded();
        src.rill.switchOnFirst((s, all) -> all).subscribe(ts);
        ts.subscription.cancel();
        assertThat(src.cancelled()).isTrue();
        ts.assertNotTerminated();
    }

    @Test
    void aThrowingFunctionFailsTheStreamAndCancelsTheSource() {
        Push<Integer> src = new Push<>();
        TestSubscriber<Integer> ts = TestSubscriber.unbounded();
        src.rill.<Integer>switchOnFirst((s, all) -> {
            throw new IllegalStateException("transformer");
        }).subscribe(ts);
        src.next(1);
        assertThat(ts.error()).hasMessage("transformer");
        assertThat(src.cancelled()).isTrue();
    }

    @Test
    void laterValuesPassThroughFromAnAsyncSource() throws Exception {
        dev.rill.engine.Engine engine = dev.rill.engine.Engine.builder().workers(2).name("switchOnFirst").build();
        try {
            for (int i = 0; i < 20; i++) {
                TestSubscriber<Integer> ts = new TestSubscriber<>(1) {
                    @Override
                    void onValue(Integer t) {
                        subscription.request(1);
                    }
                };
                Rill.range(0, 1000).publishOn(engine, 8).switchOnFirst((s, all) -> all.publishOn(engine, 4)).subscribe(ts);
                ts.await();
                ts.assertComplete();
                assertThat(ts.values).hasSize(1000);
                assertThat(ts.values.get(999)).isEqualTo(999);
            }
        } finally {
            engine.close();
        }
    }

    @Test
    void aNullFromTheTransformerFailsTheStreamNamingIt() {
        StepVerifier.create(Rill.just(1).<Integer>switchOnFirst((s, all) -> null))
                .expectErrorMatches(e -> e instanceof NullPointerException
                        && e.getMessage().equals("switchOnFirst: the transformer returned null"))
                .verify();
    }
}
