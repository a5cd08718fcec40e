package dev.rill.publishers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rill.signal.QueueSubscription;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
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

    /** A SYNC-fused consumer that clears the source (its inner failed) never polls a value again. */
    @Test
    void aClearedFusedSourceIsEmptyForGood() {
        AtomicReference<QueueSubscription<Integer>> fused = new AtomicReference<>();
        new RangePublisher(0, 10).subscribe(new Subscriber<>() {
            @Override
            @SuppressWarnings("unchecked")
            public void onSubscribe(Subscription s) {
                QueueSubscription<Integer> q = (QueueSubscription<Integer>) s;
                assertThat(q.requestFusion(QueueSubscription.SYNC)).isEqualTo(QueueSubscription.SYNC);
                fused.set(q);
            }

            @Override
            public void onNext(Integer t) {
                throw new AssertionError("SYNC fusion sends no signals");
            }

            @Override
            public void onError(Throwable t) {
                throw new AssertionError(t);
            }

            @Override
            public void onComplete() {
                throw new AssertionError("SYNC fusion sends no signals");
            }
        });
        QueueSubscription<Integer> q = fused.get();
        assertThat(q.poll()).isZero();
        assertThat(q.isEmpty()).isFalse();
        q.clear();
        assertThat(q.isEmpty()).isTrue();
        assertThat(q.size()).isZero();
        assertThat(q.poll()).isNull();
    }
}
