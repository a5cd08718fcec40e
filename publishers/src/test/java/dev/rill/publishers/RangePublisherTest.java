package dev.rill.publishers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rill.signal.ConditionalSubscriber;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/** {@link RangePublisher} under an unbounded request: values up to Integer.MAX_VALUE, cancel, conditional subscribers. */
class RangePublisherTest {

    @Test
    void anUnboundedRequestEmitsEveryValueUpToIntegerMaxThenCompletes() {
        Recorder r = new Recorder(Long.MAX_VALUE, -1);
        new RangePublisher(Integer.MAX_VALUE - 2, 3).subscribe(r);
        assertThat(r.values).containsExactly(Integer.MAX_VALUE - 2, Integer.MAX_VALUE - 1, Integer.MAX_VALUE);
        assertThat(r.completions).isEqualTo(1);
        assertThat(r.errors).isEmpty();
    }

    @Test
    void aCancelFromOnNextStopsTheUnboundedLoopAtOnce() {
        Recorder r = new Recorder(Long.MAX_VALUE, 3);
        new RangePublisher(0, 1_000).subscribe(r);
        assertThat(r.values).containsExactly(0, 1, 2);
        assertThat(r.completions).isZero();
        assertThat(r.errors).isEmpty();
    }

    @Test
    void aConditionalSubscriberGetsTryOnNextForEveryValueWhateverItAnswers() {
        List<Integer> seen = new ArrayList<>();
        int[] completions = new int[1];
        new RangePublisher(1, 6).subscribe(new ConditionalSubscriber<Integer>() {
            @Override
            public boolean tryOnNext(Integer t) {
                seen.add(t);
                return t % 2 == 0; // rejected values do not count against unbounded demand
            }

            @Override
            public void onSubscribe(Subscription s) {
                s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(Integer t) {
                throw new AssertionError("onNext on a conditional subscriber");
            }

            @Override
            public void onError(Throwable t) {
                throw new AssertionError(t);
            }

            @Override
            public void onComplete() {
                completions[0]++;
            }
        });
        assertThat(seen).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(completions[0]).isEqualTo(1);
    }

    @Test
    void anIllegalRequestFromOnNextUnderUnboundedDemandFailsTheStream() {
        List<Integer> seen = new ArrayList<>();
        List<Throwable> errors = new ArrayList<>();
        int[] completions = new int[1];
        new RangePublisher(-2, 1_000).subscribe(new Subscriber<Integer>() {
            private Subscription s;

            @Override
            public void onSubscribe(Subscription s) {
                this.s = s;
                s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(Integer t) {
                seen.add(t);
                if (t == 0) {
                    s.request(0); // §3.9 under unbounded demand: the stream fails after this value
                }
            }

            @Override
            public void onError(Throwable t) {
                errors.add(t);
            }

            @Override
            public void onComplete() {
                completions[0]++;
            }
        });
        assertThat(seen).containsExactly(-2, -1, 0);
        assertThat(errors).singleElement().isInstanceOf(IllegalArgumentException.class);
        assertThat(completions[0]).isZero();
    }

    /** The counted fast path (taken on JDK 25+) and the inherited one, on whatever JDK runs the tests. */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void bothFastPathsEmitUpToIntegerMaxStopOnCancelAndFailOnAnIllegalRequest(boolean counted) {
        Recorder all = new Recorder(Long.MAX_VALUE, -1);
        all.onSubscribe(new RangePublisher.RangeSubscription(all, Integer.MAX_VALUE - 2, Integer.MAX_VALUE + 1L, counted));
        assertThat(all.values).containsExactly(Integer.MAX_VALUE - 2, Integer.MAX_VALUE - 1, Integer.MAX_VALUE);
        assertThat(all.completions).isEqualTo(1);

        Recorder cancelled = new Recorder(Long.MAX_VALUE, 3);
        cancelled.onSubscribe(new RangePublisher.RangeSubscription(cancelled, -1, 999, counted));
        assertThat(cancelled.values).containsExactly(-1, 0, 1);
        assertThat(cancelled.completions).isZero();
        assertThat(cancelled.errors).isEmpty();

        Recorder bad = new Recorder(Long.MAX_VALUE, -1) {
            @Override
            public void onNext(Integer t) {
                super.onNext(t);
                if (t == 0) {
                    subscription().request(0);
                }
            }
        };
        bad.onSubscribe(new RangePublisher.RangeSubscription(bad, -2, 998, counted));
        assertThat(bad.values).containsExactly(-2, -1, 0);
        assertThat(bad.errors).singleElement().isInstanceOf(IllegalArgumentException.class);
        assertThat(bad.completions).isZero();
    }

    /**
     * A counted loop of {@link RangePublisher.RangeSubscription#OUT_OF_LINE} values or more is
     * entered through a method handle (so that it stays a compiled method of its own): the same
     * values, stop and end as a short one, for either kind of downstream, and a throw from the
     * downstream reaches the caller as it was thrown, on whatever JDK runs the tests.
     */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aLongCountedLoopEmitsStopsAndThrowsAsAShortOne(boolean conditional) {
        int n = (int) RangePublisher.RangeSubscription.OUT_OF_LINE * 3;
        Recorder all = recorder(conditional, -1);
        all.onSubscribe(new RangePublisher.RangeSubscription(all, -5, n - 5L, true));
        assertThat(all.values).hasSize(n).startsWith(-5, -4).endsWith(n - 6);
        assertThat(all.completions).isEqualTo(1);
        if (all instanceof ConditionalRecorder c) {
            assertThat(c.offered).isEqualTo(n); // every value went through tryOnNext
        }

        Recorder cancelled = recorder(conditional, n / 2);
        cancelled.onSubscribe(new RangePublisher.RangeSubscription(cancelled, 0, n, true));
        assertThat(cancelled.values).hasSize(n / 2).endsWith(n / 2 - 1);
        assertThat(cancelled.completions).isZero();

        RuntimeException boom = new IllegalStateException("boom");
        Recorder thrower = recorder(conditional, -1);
        thrower.throwAt = 100;
        thrower.toThrow = boom;
        assertThatThrownBy(() -> thrower.onSubscribe(new RangePublisher.RangeSubscription(thrower, 0, n, true)))
                .isSameAs(boom);
        assertThat(thrower.values).hasSize(101);
    }

    private static Recorder recorder(boolean conditional, int cancelAfter) {
        return conditional ? new ConditionalRecorder(cancelAfter) : new Recorder(Long.MAX_VALUE, cancelAfter);
    }

    /** A {@link Recorder} that takes values through {@link ConditionalSubscriber#tryOnNext}. */
    static final class ConditionalRecorder extends Recorder implements ConditionalSubscriber<Integer> {
        ConditionalRecorder(int cancelAfter) {
            super(Long.MAX_VALUE, cancelAfter);
        }

        int offered;

        @Override
        public boolean tryOnNext(Integer t) {
            offered++;
            onNext(t);
            return true;
        }
    }

    @Test
    void anEmptyRangeCompletesOnAnUnboundedRequest() {
        Recorder r = new Recorder(Long.MAX_VALUE, -1);
        new RangePublisher(5, 0).subscribe(r);
        assertThat(r.values).isEmpty();
        assertThat(r.completions).isEqualTo(1);
    }

    /** Requests {@code request} at subscription; cancels after {@code cancelAfter} values (-1: never). */
    static class Recorder implements Subscriber<Integer> {
        final List<Integer> values = new ArrayList<>();
        final List<Throwable> errors = new ArrayList<>();
        int completions;
        private final long request;
        private final int cancelAfter;
        /** The value index at which {@link #onNext} throws {@link #toThrow} (-1: never). */
        int throwAt = -1;
        RuntimeException toThrow;
        private Subscription s;

        Recorder(long request, int cancelAfter) {
            this.request = request;
            this.cancelAfter = cancelAfter;
        }

        @Override
        public void onSubscribe(Subscription s) {
            this.s = s;
            s.request(request);
        }

        Subscription subscription() {
            return s;
        }

        @Override
        public void onNext(Integer t) {
            values.add(t);
            if (values.size() == throwAt + 1) {
                throw toThrow;
            }
            if (values.size() == cancelAfter) {
                s.cancel();
            }
        }

        @Override
        public void onError(Throwable t) {
            errors.add(t);
        }

        @Override
        public void onComplete() {
            completions++;
        }
    }
}
