package dev.rill;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/** concatMap's shortcuts for constants (issue 13, item 9) keep its contract. */
class RillConcatMapTest {

    @Test
    void constantInnersGoDownWithinDemandOnly() throws Exception {
        TestSubscriber<Integer> ts = new TestSubscriber<>(0);
        Rill.range(0, 10).hide().concatMap(Rill::just).subscribe(ts);
        assertThat(ts.values).isEmpty();
        ts.request(3);
        ts.assertValues(0, 1, 2);
        ts.assertNotTerminated();
        ts.request(7);
        ts.await().assertComplete();
        ts.assertValues(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    }

    @Test
    void constantAndSubscribedInnersInterleaveInOrderUnderSmallRequests() throws Exception {
        TestSubscriber<Integer> ts = new TestSubscriber<>(1);
        Rill.range(0, 6).hide().concatMap(i -> i % 2 == 0 ? Rill.just(i) : Rill.just(i, i).hide()).subscribe(ts);
        for (int i = 0; i < 8; i++) {
            ts.request(1);
        }
        ts.await().assertComplete();
        ts.assertValues(0, 1, 1, 2, 3, 3, 4, 5, 5);
    }

    @Test
    void overAConstantTheMapperRunsPerSubscriber() {
        AtomicInteger calls = new AtomicInteger();
        Rill<Integer> r = Rill.just(2).concatMap(v -> Rill.just(v * calls.incrementAndGet()));
        assertThat(calls).hasValue(0);
        assertThat(r.blockLast()).isEqualTo(2);
        assertThat(r.blockLast()).isEqualTo(4);
    }

    @Test
    void overAConstantAFailingMapperFailsTheSubscriber() throws Exception {
        TestSubscriber<Integer> ts = TestSubscriber.unbounded();
        Rill.just(1).<Integer>concatMap(v -> {
            throw new IllegalStateException("boom");
        }).subscribe(ts);
        assertThat(ts.await().error()).hasMessage("boom");

        TestSubscriber<Integer> nulls = TestSubscriber.unbounded();
        Rill.just(1).<Integer>concatMap(v -> null).subscribe(nulls);
        assertThat(nulls.await().error()).isInstanceOf(NullPointerException.class).hasMessageContaining("concatMap");
    }

    @Test
    void overEmptyTheMapperIsNotCalled() throws Exception {
        TestSubscriber<Integer> ts = TestSubscriber.unbounded();
        Rill.<Integer>empty().concatMap(v -> Rill.<Integer>error(new IOException("called"))).subscribe(ts);
        ts.await().assertComplete();
        assertThat(ts.values).isEmpty();
    }

    @Test
    void anUpstreamErrorAfterConstantInnersEndsTheStream() throws Exception {
        TestSubscriber<Integer> ts = TestSubscriber.unbounded();
        Rill.range(0, 3).concatWith(Rill.error(new IOException("late"))).hide().concatMap(Rill::just).subscribe(ts);
        assertThat(ts.await().error()).hasMessage("late");
        ts.assertValues(0, 1, 2);
    }

    @Test
    void aDownstreamThatCancelsInOnSubscribeCancelsTheUpstreamWhenItComes() {
        AtomicInteger cancels = new AtomicInteger();
        AtomicInteger values = new AtomicInteger();
        Rill.range(0, 10).hide().doOnCancel(cancels::incrementAndGet).concatMap(Rill::just).subscribe(new Subscriber<Integer>() {
            @Override
            public void onSubscribe(Subscription s) {
                s.cancel();
            }

            @Override
            public void onNext(Integer t) {
                values.incrementAndGet();
            }

            @Override
            public void onError(Throwable t) {
                values.incrementAndGet();
            }

            @Override
            public void onComplete() {
                values.incrementAndGet();
            }
        });
        assertThat(cancels).hasValue(1);
        assertThat(values).hasValue(0);
    }
}
