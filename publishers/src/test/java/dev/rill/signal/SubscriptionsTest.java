package dev.rill.signal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;

/** Requests that come before the subscription wait for it, and every amount goes up exactly once. */
class SubscriptionsTest {

    /** The owner of the two fields, as an operator's subscriber holds them. */
    static final class Owner {
        static final VarHandle UPSTREAM = Handles.field(MethodHandles.lookup(), "upstream", Subscription.class);
        static final VarHandle REQUESTED = Handles.field(MethodHandles.lookup(), "requested", long.class);
        @SuppressWarnings("unused")
        volatile Subscription upstream;
        @SuppressWarnings("unused")
        volatile long requested;
    }

    /** Counts what is requested from it. */
    static final class Counting implements Subscription {
        final AtomicLong requested = new AtomicLong();
        volatile boolean cancelled;

        @Override
        public void request(long n) {
            requested.addAndGet(n);
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }

    @Test
    void requestsBeforeTheSubscriptionArePassedOnWhenItComes() {
        Owner o = new Owner();
        Counting s = new Counting();
        Subscriptions.deferredRequest(Owner.UPSTREAM, Owner.REQUESTED, o, 3);
        Subscriptions.deferredRequest(Owner.UPSTREAM, Owner.REQUESTED, o, 4);
        assertThat(s.requested).hasValue(0);
        assertThat(Subscriptions.deferredSetOnce(Owner.UPSTREAM, Owner.REQUESTED, o, s)).isTrue();
        assertThat(s.requested).hasValue(7);
        Subscriptions.deferredRequest(Owner.UPSTREAM, Owner.REQUESTED, o, 5);
        assertThat(s.requested).hasValue(12);
    }

    @Test
    void aSecondSubscriptionIsCancelledAndGetsNothing() {
        Owner o = new Owner();
        Counting first = new Counting();
        Counting second = new Counting();
        Subscriptions.deferredRequest(Owner.UPSTREAM, Owner.REQUESTED, o, 2);
        Subscriptions.deferredSetOnce(Owner.UPSTREAM, Owner.REQUESTED, o, first);
        assertThat(Subscriptions.deferredSetOnce(Owner.UPSTREAM, Owner.REQUESTED, o, second)).isFalse();
        assertThat(second.cancelled).isTrue();
        assertThat(second.requested).hasValue(0);
        assertThat(first.requested).hasValue(2);
    }

    @Test
    void racingRequestsAndTheSubscriptionLoseAndDuplicateNothing() throws Exception {
        for (int round = 0; round < 2_000; round++) {
            Owner o = new Owner();
            Counting s = new Counting();
            CyclicBarrier start = new CyclicBarrier(2);
            Thread requester = new Thread(() -> {
                await(start);
                for (int i = 0; i < 100; i++) {
                    Subscriptions.deferredRequest(Owner.UPSTREAM, Owner.REQUESTED, o, 1);
                }
            });
            requester.start();
            await(start);
            Subscriptions.deferredSetOnce(Owner.UPSTREAM, Owner.REQUESTED, o, s);
            requester.join(TimeUnit.SECONDS.toMillis(10));
            assertThat(requester.isAlive()).isFalse();
            assertThat(s.requested.get()).as("round %d", round).isEqualTo(100);
        }
    }

    private static void await(CyclicBarrier b) {
        try {
            b.await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
