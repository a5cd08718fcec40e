package dev.rill.publishers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rill.signal.ConditionalSubscriber;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
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
    void anEmptyRangeCompletesOnAnUnboundedRequest() {
        Recorder r = new Recorder(Long.MAX_VALUE, -1);
        new RangePublisher(5, 0).subscribe(r);
        assertThat(r.values).isEmpty();
        assertThat(r.completions).isEqualTo(1);
    }

    /** Requests {@code request} at subscription; cancels after {@code cancelAfter} values (-1: never). */
    static final class Recorder implements Subscriber<Integer> {
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
