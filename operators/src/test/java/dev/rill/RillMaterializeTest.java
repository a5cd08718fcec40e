package dev.rill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rill.test.StepVerifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/** {@code materialize}, {@code dematerialize} and {@link Signal}. */
class RillMaterializeTest {

    @Test
    void materializeTurnsEverySignalIntoAValueThenCompletes() {
        StepVerifier.create(Rill.just(1, 2).materialize())
                .expectNext(Signal.next(1), Signal.next(2), Signal.complete())
                .verifyComplete();
        IllegalStateException boom = new IllegalStateException("boom");
        StepVerifier.create(Rill.just(1).concatWith(Rill.error(boom)).materialize())
                .expectNext(Signal.next(1), Signal.error(boom))
                .verifyComplete();
    }

    /** The terminal Signal is a value: with all requested values delivered it waits for one more request. */
    @Test
    void theTerminalSignalWaitsForDemand() {
        StepVerifier.create(Rill.just(1, 2).materialize(), 2)
                .expectNext(Signal.next(1), Signal.next(2))
                .expectNoEvent(java.time.Duration.ofMillis(20))
                .thenRequest(1)
                .expectNext(Signal.complete())
                .verifyComplete();
        StepVerifier.create(Rill.<Integer>empty().materialize(), 0)
                .expectSubscription()
                .expectNoEvent(java.time.Duration.ofMillis(20))
                .thenRequest(1)
                .expectNext(Signal.complete())
                .verifyComplete();
    }

    @Test
    void dematerializePlaysTheSignalsBack() {
        StepVerifier.create(Rill.just(1, 2, 3).materialize().<Integer>dematerialize())
                .expectNext(1, 2, 3)
                .verifyComplete();
        IllegalStateException boom = new IllegalStateException("boom");
        StepVerifier.create(Rill.just(1).concatWith(Rill.error(boom)).materialize().<Integer>dematerialize())
                .expectNext(1)
                .expectErrorMatches(e -> e == boom)
                .verify();
    }

    @Test
    void dematerializeEndsAtATerminalSignalAndCancelsTheSource() {
        Push<Signal<String>> src = new Push<>();
        TestSubscriber<String> ts = TestSubscriber.unbounded();
        src.rill.<String>dematerialize().subscribe(ts);
        src.next(Signal.next("a")).next(Signal.complete());
        ts.assertValues("a");
        ts.assertComplete();
        assertThat(src.cancelled()).isTrue();

        Push<Signal<String>> failing = new Push<>();
        TestSubscriber<String> ts2 = TestSubscriber.unbounded();
        failing.rill.<String>dematerialize().subscribe(ts2);
        failing.next(Signal.error(new IllegalArgumentException("sig")));
        assertThat(ts2.error()).isInstanceOf(IllegalArgumentException.class).hasMessage("sig");
        assertThat(failing.cancelled()).isTrue();
    }

    @Test
    void dematerializeOfSomethingElseFailsWithAClassCastException() {
        StepVerifier.create(Rill.just("not a signal").<String>dematerialize())
                .expectError(ClassCastException.class)
                .verify();
    }

    @Test
    void signalHasReactorsShape() {
        Signal<String> next = Signal.next("v");
        assertThat(next.getType()).isEqualTo(Signal.Type.ON_NEXT);
        assertThat(next.isOnNext()).isTrue();
        assertThat(next.hasValue()).isTrue();
        assertThat(next.get()).isEqualTo("v");
        assertThat(next.getThrowable()).isNull();
        assertThat(next).isEqualTo(Signal.next("v")).hasSameHashCodeAs(Signal.next("v")).isNotEqualTo(Signal.next("w"));
        assertThat(next).hasToString("onNext(v)");

        IllegalStateException e = new IllegalStateException("e");
        Signal<String> error = Signal.error(e);
        assertThat(error.isOnError()).isTrue();
        assertThat(error.hasError()).isTrue();
        assertThat(error.getThrowable()).isSameAs(e);
        assertThat(error.get()).isNull();
        assertThat(Signal.isError(error)).isTrue();
        assertThat(error).isEqualTo(Signal.error(e)).isNotEqualTo(Signal.error(new IllegalStateException("e")));

        Signal<String> complete = Signal.complete();
        assertThat(complete.isOnComplete()).isTrue();
        assertThat(Signal.isComplete(complete)).isTrue();
        assertThat(Signal.isComplete("x")).isFalse();
        assertThat(complete).isSameAs(Signal.<Integer>complete()).hasToString("onComplete()");
        assertThat(complete.hasValue()).isFalse();
    }

    @Test
    void signalAcceptDeliversItself() {
        List<String> seen = new ArrayList<>();
        Subscriber<String> s = new Subscriber<>() {
            @Override
            public void onSubscribe(Subscription sub) {
            }

            @Override
            public void onNext(String t) {
                seen.add("next " + t);
            }

            @Override
            public void onError(Throwable t) {
                seen.add("error " + t.getMessage());
            }

            @Override
            public void onComplete() {
                seen.add("complete");
            }
        };
        Signal.next("a").accept(s);
        Signal.<String>error(new IllegalStateException("b")).accept(s);
        Signal.<String>complete().accept(s);
        assertThat(seen).containsExactly("next a", "error b", "complete");
    }
}
