package dev.rill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rill.test.StepVerifier;
import java.util.concurrent.Flow;
import java.util.concurrent.SubmissionPublisher;
import org.junit.jupiter.api.Test;

/** {@code Rill.fromFlow} and {@code toFlow}. */
class RillFlowTest {

    @Test
    void aRoundTripGivesBackTheSameRill() {
        Rill<Integer> r = Rill.range(1, 3);
        assertThat(Rill.fromFlow(r.toFlow())).isSameAs(r);
        Flow.Publisher<Integer> f = s -> { };
        assertThat(Rill.fromFlow(f).toFlow()).isSameAs(f);
    }

    @Test
    void aFlowPublisherBecomesARillWithBackpressure() {
        Flow.Publisher<Integer> hidden = s -> Rill.range(1, 5).toFlow().subscribe(s); // not the adapter: wrapped
        StepVerifier.create(Rill.fromFlow(hidden).map(x -> x * 2), 2)
                .expectNext(2, 4)
                .thenRequest(10)
                .expectNext(6, 8, 10)
                .verifyComplete();
    }

    @Test
    void aSubmissionPublisherFeedsARill() throws Exception {
        SubmissionPublisher<String> pub = new SubmissionPublisher<>();
        try {
            TestSubscriber<String> ts = TestSubscriber.unbounded();
            Rill.fromFlow(pub).subscribe(ts);
            TestSubscriber.awaitCondition(java.time.Duration.ofSeconds(5), () -> pub.getNumberOfSubscribers() == 1);
            pub.submit("a");
            pub.submit("b");
            pub.close();
            ts.await();
            ts.assertValues("a", "b");
            ts.assertComplete();
        } finally {
            pub.close();
        }
    }

    @Test
    void toFlowDeliversToAFlowSubscriber() throws Exception {
        java.util.List<Integer> got = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        Rill.range(1, 3).toFlow().subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(Integer item) {
                got.add(item);
            }

            @Override
            public void onError(Throwable t) {
            }

            @Override
            public void onComplete() {
                done.countDown();
            }
        });
        assertThat(done.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(got).containsExactly(1, 2, 3);
    }
}
