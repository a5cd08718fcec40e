package dev.rill.publishers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

class CursorSubscriptionTest {

    /** A non-positive request after an unbounded one still fails the stream (§3.9), in sequence. */
    @Test
    void badRequestDuringAnUnboundedEmissionIsAnError() {
        List<Integer> values = new ArrayList<>();
        List<Throwable> errors = new ArrayList<>();
        new RangePublisher(0, 1_000_000).subscribe(new Subscriber<>() {
            Subscription s;

            @Override
            public void onSubscribe(Subscription s) {
                this.s = s;
                s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(Integer t) {
                values.add(t);
                if (t == 4) {
                    s.request(0);
                }
            }

            @Override
            public void onError(Throwable t) {
                errors.add(t);
            }

            @Override
            public void onComplete() {
                errors.add(new AssertionError("completed"));
            }
        });
        assertThat(values).containsExactly(0, 1, 2, 3, 4);
        assertThat(errors).singleElement().isInstanceOf(IllegalArgumentException.class)
                .extracting(Throwable::getMessage).asString().contains("§3.9");
    }
}
