package dev.rill.publishers;

import static org.assertj.core.api.Assertions.assertThat;

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
