package dev.rill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rill.engine.Cancellable;
import dev.rill.engine.Engine;
import dev.rill.engine.VirtualTimeScheduler;
import dev.rill.test.StepVerifier;
import dev.rill.test.TestSubscriber;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.reactivestreams.Publisher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code publish()}, {@link ConnectableRill}'s {@code connect}, {@code autoConnect}, {@code refCount}, and {@code share()}. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RillPublishTest {

    private final AtomicInteger subscriptions = new AtomicInteger();
    private final AtomicInteger cancels = new AtomicInteger();
    private final List<Long> requests = new CopyOnWriteArrayList<>();

    /** {@code source}, counting its subscriptions, cancels and requests. */
    private <T> Rill<T> counted(Rill<T> source) {
        return source.doOnSubscribe(s -> subscriptions.incrementAndGet()).doOnCancel(cancels::incrementAndGet)
                .doOnRequest(requests::add);
    }

    @Test
    void subscribersWaitForConnectThenShareOneSubscription() {
        ConnectableRill<Integer> p = counted(Rill.range(1, 5)).publish();
        TestSubscriber<Integer> a = TestSubscriber.create();
        TestSubscriber<Integer> b = TestSubscriber.create();
        p.subscribe(a);
        p.subscribe(b);
        a.assertNoValues().assertNotTerminated();
        assertThat(subscriptions).hasValue(0);
        p.connect();
        a.assertValues(1, 2, 3, 4, 5).assertComplete();
        b.assertValues(1, 2, 3, 4, 5).assertComplete();
        assertThat(subscriptions).hasValue(1);
    }

    @Test
    void theSlowestSubscriberPacesTheSourceAndALeaverStopsCounting() {
        ConnectableRill<Integer> p = counted(Rill.range(1, 1000)).hide().publish(16); // hidden: requests to watch
        TestSubscriber<Integer> fast = TestSubscriber.create();
        TestSubscriber<Integer> slow = TestSubscriber.create(0);
        p.subscribe(fast);
        p.subscribe(slow);
        p.connect();
        fast.assertNoValues(); // nothing goes until every subscriber can take it
        assertThat(requests).containsExactly(16L); // and the source was asked for the prefetch only
        slow.request(5);
        fast.assertValues(1, 2, 3, 4, 5);
        slow.assertValues(1, 2, 3, 4, 5);
        slow.cancel();
        fast.assertValueCount(1000).assertComplete();
        assertThat(requests.stream().mapToLong(Long::longValue).sum()).isLessThanOrEqualTo(1000 + 16);
    }

    @Test
    void aLateSubscriberGetsTheEndUntilConnectStartsAgain() {
        ConnectableRill<Integer> p = counted(Rill.range(1, 3)).publish();
        p.connect();
        StepVerifier.create(p).expectNext(1, 2, 3).verifyComplete(); // nobody took them yet: they waited
        TestSubscriber<Integer> next = TestSubscriber.create();
        p.subscribe(next);
        next.assertComplete();
        TestSubscriber<Integer> again = TestSubscriber.create();
        Cancellable c = p.connect();
        p.subscribe(again); // joins the new round, which already ran
        again.assertComplete();
        assertThat(subscriptions).hasValue(2);
        assertThat(c.isCancelled()).isFalse();
    }

    @Test
    void cancellingTheConnectionEndsItsSubscribersInsteadOfLeavingThemWaiting() {
        ConnectableRill<Object> p = counted(Rill.never()).publish();
        TestSubscriber<Object> ts = TestSubscriber.create();
        p.subscribe(ts);
        Cancellable c = p.connect();
        c.cancel();
        assertThat(c.isCancelled()).isTrue();
        ts.assertError(CancellationException.class);
        assertThat(cancels).hasValue(1);
    }

    @Test
    void autoConnectConnectsAtTheNthSubscriberOnce() {
        Rill<Integer> auto = counted(Rill.range(1, 3)).publish().autoConnect(2);
        TestSubscriber<Integer> a = TestSubscriber.create();
        auto.subscribe(a);
        a.assertNoValues();
        assertThat(subscriptions).hasValue(0);
        TestSubscriber<Integer> b = TestSubscriber.create();
        auto.subscribe(b);
        a.assertValues(1, 2, 3).assertComplete();
        b.assertValues(1, 2, 3).assertComplete();
        counted(Rill.range(1, 2)).publish().autoConnect(0);
        assertThat(subscriptions).hasValue(2); // autoConnect(0) connects at once
    }

    @Test
    void shareSubscribesOnceWhileAnyoneListensAndAgainAfterTheLastLeft() {
        Rill<Object> shared = counted(Rill.never()).share();
        TestSubscriber<Object> a = TestSubscriber.create();
        TestSubscriber<Object> b = TestSubscriber.create();
        shared.subscribe(a);
        shared.subscribe(b);
        assertThat(subscriptions).hasValue(1);
        a.cancel();
        assertThat(cancels).hasValue(0);
        b.cancel();
        assertThat(cancels).hasValue(1); // the last one out disconnects
        TestSubscriber<Object> c = TestSubscriber.create();
        shared.subscribe(c);
        assertThat(subscriptions).hasValue(2);
        c.assertNotTerminated();
    }

    @Test
    void refCountWaitsForNSubscribersAndResubscribesAfterTheSourceEnded() {
        Rill<Integer> rc = counted(Rill.range(1, 2)).publish().refCount(2);
        TestSubscriber<Integer> a = TestSubscriber.create();
        rc.subscribe(a);
        assertThat(subscriptions).hasValue(0);
        TestSubscriber<Integer> b = TestSubscriber.create();
        rc.subscribe(b);
        a.assertValues(1, 2).assertComplete();
        b.assertValues(1, 2).assertComplete();
        TestSubscriber<Integer> c = TestSubscriber.create();
        TestSubscriber<Integer> d = TestSubscriber.create();
        rc.subscribe(c);
        rc.subscribe(d);
        c.assertValues(1, 2).assertComplete(); // a fresh round: not the end of the last one
        assertThat(subscriptions).hasValue(2);
    }

    @Test
    void refCountWithGraceKeepsTheConnectionForASubscriberWhoComesBack() {
        VirtualTimeScheduler clock = VirtualTimeScheduler.create();
        Rill<Object> rc = counted(Rill.never()).publish().refCount(1, Duration.ofSeconds(5), clock);
        TestSubscriber<Object> a = TestSubscriber.create();
        rc.subscribe(a);
        a.cancel();
        clock.advanceTimeBy(Duration.ofSeconds(4));
        assertThat(cancels).hasValue(0);
        TestSubscriber<Object> b = TestSubscriber.create();
        rc.subscribe(b); // back within the grace
        clock.advanceTimeBy(Duration.ofSeconds(10));
        assertThat(cancels).hasValue(0);
        assertThat(subscriptions).hasValue(1);
        b.cancel();
        clock.advanceTimeBy(Duration.ofSeconds(5));
        assertThat(cancels).hasValue(1);
    }

    /**
     * Subscribers on the engine, each with its own small prefetch, pace an asynchronous source
     * together: each gets every value once, in order, and the end.
     */
    @Test
    void asyncSubscribersEachGetEveryValueOnceInOrder() {
        Engine engine = Engine.builder().workers(2).name("publish-stress").build();
        try {
            final int n = 200_000;
            ConnectableRill<Integer> p = Rill.range(0, n).subscribeOn(engine).publish(32);
            List<TestSubscriber<Integer>> subs = new java.util.ArrayList<>();
            for (int prefetch : new int[] {1, 8, 64}) {
                TestSubscriber<Integer> ts = TestSubscriber.create();
                p.publishOn(engine, prefetch).subscribe(ts);
                subs.add(ts);
            }
            p.connect();
            for (TestSubscriber<Integer> ts : subs) {
                ts.awaitDone(Duration.ofSeconds(20)).assertComplete().assertValueCount(n);
                List<Integer> values = ts.values();
                for (int i = 0; i < n; i++) {
                    if (values.get(i) != i) {
                        throw new AssertionError("value " + i + " was " + values.get(i));
                    }
                }
            }
        } finally {
            engine.close();
        }
    }

    /**
     * A subscriber that cancels from its onNext stops an endless fused source at once (no spin to
     * its end). On its own thread, so that a regression fails at the bound instead of spinning CI.
     */
    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aCancelFromOnNextStopsAnEndlessSharedSource() {
        Rill<Long> endless = counted(Rill.range(0L, Long.MAX_VALUE)).share();
        StepVerifier.create(endless, 10).expectNextCount(10).thenCancel().verify(Duration.ofSeconds(5));
        assertThat(cancels).hasValue(1);
        List<Long> got = new CopyOnWriteArrayList<>();
        endless.take(3).subscribe(got::add); // take cancels from inside onNext
        assertThat(got).containsExactly(0L, 1L, 2L);
        assertThat(cancels).hasValue(2);
    }

    @Test
    void publishWithASelectorSubscribesOnceHowEverOftenTheSelectorDoes() {
        Rill<Integer> diffs = counted(Rill.range(1, 5)).publish(p -> Rill.zip(p, p.skip(1), (a, b) -> a + b));
        StepVerifier.create(diffs).expectNext(3, 5, 7, 9).verifyComplete();
        assertThat(subscriptions).hasValue(1);
        StepVerifier.create(diffs).expectNext(3, 5, 7, 9).verifyComplete();
        assertThat(subscriptions).hasValue(2); // once per subscriber of the result
    }

    @Test
    void theResultEndingOrCancellingDisconnectsTheSharedSource() {
        Rill<Object> taken = counted(Rill.never()).publish(p -> p.take(0));
        StepVerifier.create(taken).verifyComplete();
        assertThat(cancels).hasValue(1);
        TestSubscriber<Object> ts = TestSubscriber.create();
        counted(Rill.never()).publish(p -> p).subscribe(ts);
        ts.cancel();
        assertThat(cancels).hasValue(2);
        StepVerifier.create(Rill.range(1, 3).publish(p -> {
            throw new IllegalStateException("selector");
        })).verifyError(IllegalStateException.class);
        assertThatThrownBy(() -> Rill.range(1, 2).publish((Function<Rill<Integer>, Publisher<Integer>>) null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("selector");
    }

    /** 1 to {@code n}. */
    private static List<Integer> upTo(int n) {
        return IntStream.rangeClosed(1, n).boxed().toList();
    }

    // The connection takes a batch of values from the source and gives it to each subscriber in
    // turn; these pin what a batch must not change.

    @Test
    void aBoundedSubscriberPacesAnUnboundedOneBatchByBatchWithinItsDemand() {
        ConnectableRill<Integer> p = Rill.range(1, 1000).publish(); // fused: polled a batch at a time
        TestSubscriber<Integer> unbounded = TestSubscriber.create();
        TestSubscriber<Integer> bounded = TestSubscriber.create(3);
        p.subscribe(unbounded);
        p.subscribe(bounded);
        p.connect();
        unbounded.assertValues(1, 2, 3);
        bounded.assertValues(1, 2, 3);
        bounded.request(100);
        unbounded.assertValueCount(103);
        bounded.assertValueCount(103).assertNotTerminated(); // and never beyond its demand (checked by the kit)
        bounded.request(Long.MAX_VALUE);
        unbounded.assertValueCount(1000).assertComplete();
        bounded.assertValueCount(1000).assertComplete();
        assertThat(bounded.values()).isEqualTo(unbounded.values()).isEqualTo(upTo(1000));
    }

    @Test
    void aSubscriberCancelledMidBatchGetsNothingMoreWhileTheOthersGetEverything() {
        ConnectableRill<Integer> p = Rill.range(1, 500).publish();
        TestSubscriber<Integer> first = TestSubscriber.create();
        TestSubscriber<Integer> quitter = TestSubscriber.create();
        TestSubscriber<Integer> victim = TestSubscriber.create();
        TestSubscriber<Integer> last = TestSubscriber.create();
        AtomicInteger quitterLast = new AtomicInteger();
        AtomicBoolean victimCancelled = new AtomicBoolean();
        List<Integer> victimAfterCancel = new CopyOnWriteArrayList<>();
        p.doOnNext(v -> {
            if (v == 10) {
                victimCancelled.set(true);
                victim.cancel(); // another subscriber of the same batch, from this one's onNext
            }
        }).subscribe(first);
        p.doOnNext(v -> {
            quitterLast.set(v);
            if (v == 5) {
                quitter.cancel(); // itself, from its own onNext
            }
        }).subscribe(quitter);
        p.doOnNext(v -> {
            if (victimCancelled.get()) {
                victimAfterCancel.add(v);
            }
        }).subscribe(victim);
        p.subscribe(last);
        p.connect();
        first.assertValueCount(500).assertComplete();
        last.assertValueCount(500).assertComplete();
        assertThat(quitterLast).hasValue(5);
        assertThat(victimAfterCancel).isEmpty();
        assertThat(victim.values()).isEqualTo(upTo(victim.values().size()));
        assertThat(victim.isTerminated()).isFalse();
    }

    @Test
    void aSubscriberRequestingOneAtATimeFromItsOnNextGetsEveryValueInOrder() {
        ConnectableRill<Integer> p = Rill.range(1, 1000).publish();
        TestSubscriber<Integer> oneByOne = TestSubscriber.create(1);
        TestSubscriber<Integer> all = TestSubscriber.create();
        p.doOnNext(v -> oneByOne.request(1)).subscribe(oneByOne);
        p.subscribe(all);
        p.connect();
        oneByOne.assertValueCount(1000).assertComplete();
        all.assertValueCount(1000).assertComplete();
        assertThat(oneByOne.values()).isEqualTo(all.values()).isEqualTo(upTo(1000));
    }

    @Test
    void aSourceFailingWhilePolledMidBatchEndsEverySubscriberAfterTheValuesBeforeIt() {
        ConnectableRill<Integer> p = Rill.range(1, 100).map(i -> {
            if (i == 70) {
                throw new IllegalStateException("poll");
            }
            return i;
        }).publish();
        TestSubscriber<Integer> a = TestSubscriber.create();
        TestSubscriber<Integer> b = TestSubscriber.create(30);
        p.subscribe(a);
        p.subscribe(b);
        p.connect();
        a.assertValueCount(30).assertNotTerminated();
        b.request(1000);
        a.assertValueCount(69).assertErrorMessage("poll");
        b.assertValueCount(69).assertErrorMessage("poll");
        assertThat(a.values()).isEqualTo(upTo(69));
    }

    @Test
    void anUnfusedSourceIsAskedForNoMoreThanThePrefetchAheadOfTheSlowestSubscriber() {
        ConnectableRill<Integer> p = counted(Rill.range(1, 1000)).hide().publish(16);
        TestSubscriber<Integer> fast = TestSubscriber.create();
        TestSubscriber<Integer> slow = TestSubscriber.create(0);
        p.subscribe(fast);
        p.subscribe(slow);
        p.connect();
        for (int step = 1; step <= 40; step++) {
            slow.request(step % 7 + 1);
            long asked = requests.stream().mapToLong(Long::longValue).sum();
            assertThat(asked).isLessThanOrEqualTo(slow.values().size() + 16L);
            assertThat(fast.values()).isEqualTo(slow.values());
        }
        slow.request(Long.MAX_VALUE);
        fast.assertValueCount(1000).assertComplete();
        slow.assertValueCount(1000).assertComplete();
    }

    @Test
    void badInputIsNamedAtAssembly() {
        assertThatThrownBy(() -> Rill.range(1, 2).publish(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("prefetch");
        ConnectableRill<Integer> p = Rill.range(1, 2).publish();
        assertThatThrownBy(() -> p.autoConnect(-1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("n");
        assertThatThrownBy(() -> p.refCount(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("n");
        assertThatThrownBy(() -> p.refCount(1, Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("grace");
        assertThatThrownBy(() -> p.refCount(1, null)).isInstanceOf(NullPointerException.class).hasMessageContaining("grace");
    }
}
