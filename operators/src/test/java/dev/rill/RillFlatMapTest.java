package dev.rill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rill.engine.Engine;
import dev.rill.signal.CompositeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

class RillFlatMapTest {

    private final Engine engine = Engine.builder().workers(2).name("flatmap").build();

    @AfterEach
    void close() {
        engine.close();
    }

    @Test
    void mergesSynchronousInnersInOrderOfArrival() {
        assertThat(Rill.range(0, 3).flatMap(i -> Rill.range(i * 10, 2)).collectList().blockLast())
                .containsExactly(0, 1, 10, 11, 20, 21);
    }

    @Test
    void scalarInnersAreEmittedWithoutSubscriptionAndEmptyOnesSkipped() {
        AtomicInteger calls = new AtomicInteger();
        List<Integer> out = Rill.range(0, 1000)
                .flatMap(i -> i % 3 == 0 ? Rill.<Integer>empty()
                        : i % 3 == 1 ? Rill.just(i) : Rill.fromCallable(() -> { calls.incrementAndGet(); return -i; }), 4)
                .collectList().blockLast();
        assertThat(out).hasSize(666);
        assertThat(calls.get()).isEqualTo(333);
    }

    @Test
    void boundedRequestsAreHonouredWithQueuedScalarsAndInners() throws Exception {
        TestSubscriber<Integer> ts = new TestSubscriber<>(5);
        Rill.range(0, 100).flatMap(i -> i % 2 == 0 ? Rill.just(i) : Rill.range(i, 3).hide(), 8).subscribe(ts);
        assertThat(ts.values).hasSize(5);
        ts.request(1000);
        ts.await().assertComplete();
        assertThat(ts.values).hasSize(50 + 150);
    }

    @Test
    void maxConcurrencyLimitsSubscribedInners() {
        AtomicInteger active = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        List<Integer> out = Rill.range(0, 200)
                .flatMap(i -> Rill.timer(Duration.ofMillis(1), engine)
                        .doOnSubscribe(s -> peak.accumulateAndGet(active.incrementAndGet(), Math::max))
                        .map(x -> i)
                        .doOnComplete(active::decrementAndGet), 3)
                .collectList().blockLast(Duration.ofSeconds(20));
        assertThat(out).hasSize(200).doesNotHaveDuplicates();
        assertThat(peak.get()).isBetween(1, 3);
    }

    @Test
    void asyncInnersLoseNothingAndKeepEachInnersOrder() {
        int n = 500;
        List<Integer> out = Rill.range(0, n)
                .flatMap(i -> Rill.range(i * 1000, 100).publishOn(engine, 8), 16, 8)
                .collectList().blockLast(Duration.ofSeconds(30));
        assertThat(out).hasSize(n * 100);
        Map<Integer, Integer> last = new HashMap<>();
        for (int v : out) {
            Integer prev = last.put(v / 1000, v);
            if (prev != null && prev + 1 != v) {
                throw new AssertionError("inner " + v / 1000 + " out of order: " + prev + " then " + v);
            }
        }
    }

    @Test
    void firstErrorCancelsUpstreamAndEveryInner() throws Exception {
        AtomicBoolean upstreamCancelled = new AtomicBoolean();
        AtomicInteger innersCancelled = new AtomicInteger();
        TestSubscriber<Integer> ts = TestSubscriber.unbounded();
        Rill.range(0, 10).doOnCancel(() -> upstreamCancelled.set(true))
                .flatMap(i -> i == 3 ? Rill.<Integer>error(new IllegalStateException("boom"))
                        : Rill.<Integer>never().doOnCancel(innersCancelled::incrementAndGet))
                .subscribe(ts);
        ts.await();
        assertThat(ts.error()).hasMessage("boom");
        assertThat(upstreamCancelled).isTrue();
        assertThat(innersCancelled.get()).isEqualTo(3);
    }

    @Test
    void delayErrorRunsEverythingAndCombinesErrors() throws Exception {
        TestSubscriber<Integer> ts = TestSubscriber.unbounded();
        Rill.range(0, 5).flatMapDelayError(i -> i % 2 == 0 ? Rill.<Integer>error(new IllegalStateException("e" + i))
                : Rill.just(i), 4, 4).subscribe(ts);
        ts.await();
        assertThat(ts.values).containsExactly(1, 3);
        assertThat(ts.error()).isInstanceOf(CompositeException.class);
        assertThat(((CompositeException) ts.errors.get(0)).exceptions()).extracting(Throwable::getMessage)
                .containsExactly("e0", "e2", "e4");
    }

    @Test
    void mapperReturningNullOrThrowingFailsWithUpstreamCancelled() throws Exception {
        AtomicBoolean cancelled = new AtomicBoolean();
        TestSubscriber<Integer> ts = TestSubscriber.unbounded();
        Rill.range(0, 10).doOnCancel(() -> cancelled.set(true)).<Integer>flatMap(i -> null).subscribe(ts);
        ts.await();
        assertThat(ts.error()).isInstanceOf(NullPointerException.class).hasMessageContaining("flatMap");
        assertThat(cancelled).isTrue();
    }

    @Test
    void badArgumentsFailAtAssembly() {
        assertThatThrownBy(() -> Rill.range(0, 1).flatMap(Rill::just, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Rill.range(0, 1).flatMap(Rill::just, 1, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Rill.range(0, 1).flatMap(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Rill.range(0, 1).concatMap(Rill::just, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Rill.range(0, 1).switchMap(Rill::just, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void mergeAndMergeWithCombineSources() {
        assertThat(Rill.merge(Rill.just(1), Rill.range(2, 2), Rill.empty()).collectList().blockLast())
                .containsExactlyInAnyOrder(1, 2, 3);
        assertThat(Rill.range(0, 3).mergeWith(Rill.range(3, 3)).count().blockLast()).isEqualTo(6L);
    }

    @Test
    void aLongSynchronousMergeYieldsItsWorkerToOtherTasks() throws Exception {
        // One worker: the merge drain, started on the engine, must yield so a task queued behind it runs.
        try (Engine one = Engine.builder().workers(1).name("flatmap-one").build()) {
            AtomicBoolean otherRan = new AtomicBoolean();
            AtomicInteger seenBeforeOther = new AtomicInteger(-1);
            AtomicInteger count = new AtomicInteger();
            java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
            one.execute(() -> {
                one.execute(() -> { otherRan.set(true); seenBeforeOther.set(count.get()); });
                Rill.range(0, 100).flatMap(i -> Rill.range(0, 1000))
                        .subscribe(x -> count.incrementAndGet(), e -> done.countDown(), done::countDown);
            });
            assertThat(done.await(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(count.get()).isEqualTo(100_000);
            assertThat(otherRan).isTrue();
        }
    }

    @Test
    void concatMapKeepsOrderAcrossAsyncInners() {
        List<Integer> out = Rill.range(0, 200).concatMap(i -> Rill.range(i * 10, 10).publishOn(engine, 4), 4)
                .collectList().blockLast(Duration.ofSeconds(20));
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            expected.add(i);
        }
        assertThat(out).isEqualTo(expected);
    }

    @Test
    void concatMapCarriesDemandAcrossInnersAndScalars() throws Exception {
        TestSubscriber<Integer> ts = new TestSubscriber<>(3);
        Rill.range(0, 5).concatMap(i -> i % 2 == 0 ? Rill.just(i) : Rill.range(100 + i * 10, 2)).subscribe(ts);
        ts.assertValues(0, 110, 111);
        ts.request(2);
        ts.assertValues(0, 110, 111, 2, 130);
        ts.request(10);
        ts.await().assertComplete();
        ts.assertValues(0, 110, 111, 2, 130, 131, 4);
    }

    @Test
    void concatMapOfManySynchronousInnersDoesNotGrowTheStack() {
        assertThat(Rill.range(0, 200_000).concatMap(Rill::just).count().blockLast()).isEqualTo(200_000L);
        assertThat(Rill.range(0, 200_000).concatMap(i -> Rill.range(i, 1).hide()).count().blockLast()).isEqualTo(200_000L);
    }

    @Test
    void concatMapErrorsStopAtOnceOrAtTheEnd() throws Exception {
        TestSubscriber<Integer> now = TestSubscriber.unbounded();
        Rill.range(0, 4).concatMap(i -> i == 1 ? Rill.<Integer>error(new IllegalStateException("x")) : Rill.just(i)).subscribe(now);
        now.await();
        assertThat(now.values).containsExactly(0);
        assertThat(now.error()).hasMessage("x");

        TestSubscriber<Integer> later = TestSubscriber.unbounded();
        Rill.range(0, 4).concatMapDelayError(i -> i == 1 ? Rill.<Integer>error(new IllegalStateException("x")) : Rill.just(i))
                .subscribe(later);
        later.await();
        assertThat(later.values).containsExactly(0, 2, 3);
        assertThat(later.error()).hasMessage("x");
    }

    @Test
    void flatMapIterableFlattensInOrder() {
        assertThat(Rill.just("a b", "c").flatMapIterable(s -> List.of(s.split(" "))).collectList().blockLast())
                .containsExactly("a", "b", "c");
    }

    @Test
    void staticConcatOfPublishersRunsThemInTurn() {
        assertThat(Rill.concat(Rill.range(0, 2), Rill.just(9)).collectList().blockLast()).containsExactly(0, 1, 9);
        assertThat(Rill.concat(Rill.just(Rill.range(0, 2), Rill.range(5, 1)), 1).collectList().blockLast())
                .containsExactly(0, 1, 5);
    }

    @Test
    void switchMapEmitsOnlyTheLatestInner() throws Exception {
        TestSubscriber<Long> ts = TestSubscriber.unbounded();
        Rill.just(1, 2, 3).switchMap(i -> i < 3 ? Rill.<Long>never() : Rill.range(30L, 2)).subscribe(ts);
        ts.await().assertComplete();
        assertThat(ts.values).containsExactly(30L, 31L);
        assertThat(Rill.range(0, 5).switchMap(i -> Rill.just(i * 2)).collectList().blockLast())
                .containsExactly(0, 2, 4, 6, 8);
    }

    @Test
    void switchMapCancelsThePreviousInner() {
        AtomicInteger cancelled = new AtomicInteger();
        List<Integer> out = Rill.range(0, 4).switchMap(i -> i < 3
                ? Rill.<Integer>never().doOnCancel(cancelled::incrementAndGet) : Rill.just(i)).collectList().blockLast();
        assertThat(out).containsExactly(3);
        assertThat(cancelled.get()).isEqualTo(3);
    }

    @Test
    void switchMapInnerErrorEndsTheStream() throws Exception {
        TestSubscriber<Integer> ts = TestSubscriber.unbounded();
        Rill.range(0, 3).switchMap(i -> i == 1 ? Rill.<Integer>error(new IllegalStateException("inner")) : Rill.just(i))
                .subscribe(ts);
        ts.await();
        assertThat(ts.values).containsExactly(0);
        assertThat(ts.error()).hasMessage("inner");
    }

    @Test
    void zipPairsAndEndsWithTheShorter() {
        assertThat(Rill.zip(Rill.range(0, 5), Rill.just("a", "b"), (i, s) -> s + i).collectList().blockLast())
                .containsExactly("a0", "b1");
        assertThat(Rill.range(0, 3).zipWith(Rill.range(10, 3).hide(), Integer::sum).collectList().blockLast())
                .containsExactly(10, 12, 14);
        assertThat(Rill.zip(row -> row.length, Rill.range(0, 2), Rill.range(0, 2), Rill.range(0, 2)).collectList().blockLast())
                .containsExactly(3, 3);
    }

    @Test
    void zipOfAsyncSourcesKeepsRows() {
        List<Integer> out = Rill.zip(Rill.range(0, 10_000).publishOn(engine, 16), Rill.range(0, 10_000).publishOn(engine, 8),
                (a, b) -> a - b).collectList().blockLast(Duration.ofSeconds(20));
        assertThat(out).hasSize(10_000).containsOnly(0);
    }

    @Test
    void zipperFailureCancelsEverySource() throws Exception {
        AtomicInteger cancels = new AtomicInteger();
        TestSubscriber<Integer> ts = TestSubscriber.unbounded();
        Rill.zip(Rill.range(0, 5).doOnCancel(cancels::incrementAndGet), Rill.range(0, 5).doOnCancel(cancels::incrementAndGet),
                (a, b) -> { if (a == 2) { throw new IllegalStateException("zipper"); } return a; }).subscribe(ts);
        ts.await();
        assertThat(ts.values).containsExactly(0, 1);
        assertThat(ts.error()).hasMessage("zipper");
        assertThat(cancels.get()).isEqualTo(2);
    }

    @Test
    void combineLatestCombinesTheLatestValues() throws Exception {
        assertThat(Rill.combineLatest(Rill.just(1), Rill.range(10, 3), Integer::sum).collectList().blockLast())
                .containsExactly(11, 12, 13);
        // A source that ends without a value ends everything.
        TestSubscriber<Integer> ts = TestSubscriber.unbounded();
        Rill.combineLatest(Rill.<Integer>empty(), Rill.<Integer>never(), Integer::sum).subscribe(ts);
        ts.await().assertComplete();
        // No demand, no emission, even when the last missing value arrives.
        TestSubscriber<Integer> none = new TestSubscriber<>(0);
        Rill.combineLatest(Rill.just(1), Rill.range(0, 3), Integer::sum).subscribe(none);
        assertThat(none.values).isEmpty();
        none.request(1);
        none.assertValues(1);
        // Bounded demand: values before every source has one need none.
        TestSubscriber<Integer> bounded = new TestSubscriber<>(1);
        Rill.combineLatest(Rill.range(0, 3), Rill.range(100, 3), Integer::sum).subscribe(bounded);
        bounded.assertValues(102);
        bounded.request(10);
        bounded.await().assertComplete();
        bounded.assertValues(102, 103, 104);
    }

    /**
     * A synchronous upstream emits while this thread holds the drain: values beyond demand are
     * parked, and requests from another thread (one at a time) get them all, in order, once each.
     */
    @Test
    void scalarsEmittedWhileTheDrainIsHeldWaitForDemandFromAnotherThread() throws Exception {
        int n = 20_000;
        TestSubscriber<Integer> ts = new TestSubscriber<>(0);
        Rill.range(0, n).flatMap(Rill::just, 64).subscribe(ts);
        assertThat(ts.values).isEmpty();
        Thread requester = new Thread(() -> {
            for (int i = 0; i < n; i++) {
                ts.request(1);
            }
        });
        requester.start();
        requester.join();
        ts.await().assertComplete();
        assertThat(ts.values).hasSize(n);
        for (int i = 0; i < n; i++) {
            assertThat(ts.values.get(i)).isEqualTo(i);
        }
    }

    @Test
    void cancellingFromInsideOnNextStopsAHeldSynchronousMerge() {
        List<Integer> got = new ArrayList<>();
        TestSubscriber<Integer> ts = new TestSubscriber<>(Long.MAX_VALUE) {
            @Override
            void onValue(Integer v) {
                got.add(v);
                if (v == 9) {
                    subscription.cancel();
                }
            }
        };
        AtomicInteger produced = new AtomicInteger();
        Rill.range(0, 1_000_000).doOnNext(v -> produced.incrementAndGet()).flatMap(Rill::just).subscribe(ts);
        assertThat(got).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(produced.get()).as("the upstream was cancelled, not drained").isLessThan(1_000);
    }

    /** concatMap over a SYNC upstream hands inner values straight down; order and completeness hold across async inners. */
    @Test
    void concatMapOverASyncUpstreamKeepsOrderAcrossAsyncInnersAndStopsAtAnInnerError() throws Exception {
        List<Integer> out = Rill.range(0, 100)
                .concatMap(i -> Rill.range(i * 10, 10).publishOn(engine))
                .collectList().blockLast(Duration.ofSeconds(10));
        assertThat(out).hasSize(1000);
        for (int i = 0; i < 1000; i++) {
            assertThat(out.get(i)).isEqualTo(i);
        }
        TestSubscriber<Integer> ts = TestSubscriber.unbounded();
        Rill.range(0, 100)
                .concatMap(i -> i == 3 ? Rill.<Integer>error(new IllegalStateException("inner 3"))
                        : Rill.range(i * 10, 10).publishOn(engine))
                .subscribe(ts);
        assertThat(ts.await().error()).hasMessage("inner 3");
        assertThat(ts.values).hasSize(30);
    }

    /** A synchronous inner emptied on the upstream's thread still stops at a cancel from onNext. */
    @Test
    void cancellingFromInsideOnNextStopsASynchronousInnerAtOnce() {
        List<Integer> got = new ArrayList<>();
        TestSubscriber<Integer> ts = new TestSubscriber<>(Long.MAX_VALUE) {
            @Override
            void onValue(Integer v) {
                got.add(v);
                if (got.size() == 5) {
                    subscription.cancel();
                }
            }
        };
        Rill.range(0, 10).flatMap(i -> Rill.range(i * 1000, 1000)).subscribe(ts);
        assertThat(got).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void synchronousInnersAreEachDeliveredWholeAndAllCountedOnce() {
        List<Integer> out = Rill.range(0, 300).flatMap(i -> Rill.range(i * 100, 100), 8).collectList().blockLast();
        assertThat(out).hasSize(30_000);
        assertThat(new HashSet<>(out)).hasSize(30_000);
        TestSubscriber<Integer> ts = new TestSubscriber<>(0);
        Rill.range(0, 50).flatMap(i -> Rill.range(i * 100, 100), 4).subscribe(ts);
        for (int k = 0; k < 5_000; k++) {
            ts.request(1);
        }
        ts.assertComplete();
        assertThat(ts.values).hasSize(5_000);
        assertThat(new HashSet<>(ts.values)).hasSize(5_000);
    }

    private static int failAt(int x, int bad) {
        if (x == bad) {
            throw new IllegalStateException("poll " + x);
        }
        return x;
    }

    /** A SYNC-fused inner's poll throws while the upstream's thread holds the drain (drainSyncInnerHeld). */
    @Test
    void anInnerFailingWhileTheDrainIsHeldEndsTheStreamAtOnce() throws Exception {
        AtomicBoolean upstreamCancelled = new AtomicBoolean();
        AtomicInteger mapped = new AtomicInteger();
        TestSubscriber<Integer> ts = TestSubscriber.unbounded();
        Rill.range(0, 10).doOnCancel(() -> upstreamCancelled.set(true))
                .flatMap(i -> {
                    mapped.incrementAndGet();
                    return Rill.range(i * 10, 5).map(x -> failAt(x, 12));
                })
                .subscribe(ts);
        ts.await();
        assertThat(ts.values).containsExactly(0, 1, 2, 3, 4, 10, 11);
        assertThat(ts.error()).isInstanceOf(IllegalStateException.class).hasMessage("poll 12");
        assertThat(upstreamCancelled).isTrue();
        assertThat(mapped.get()).isEqualTo(2);
    }

    @Test
    void anInnerFailingWhileTheDrainIsHeldWaitsForTheRestWithDelayError() throws Exception {
        TestSubscriber<Integer> ts = TestSubscriber.unbounded();
        Rill.range(0, 4).flatMapDelayError(i -> Rill.range(i * 10, 5).map(x -> failAt(failAt(x, 12), 32)), 4, 4)
                .subscribe(ts);
        ts.await();
        assertThat(ts.values).containsExactly(0, 1, 2, 3, 4, 10, 11, 20, 21, 22, 23, 24, 30, 31);
        assertThat(ts.error()).isInstanceOf(CompositeException.class);
        assertThat(((CompositeException) ts.error()).exceptions()).extracting(Throwable::getMessage)
                .containsExactly("poll 12", "poll 32");
    }

    /** The same failure found by the merge drain (the inners waited for demand), with and without delayError. */
    @Test
    void anInnerFailingInTheMergeDrainEndsTheStreamOrWaitsWithDelayError() throws Exception {
        AtomicBoolean upstreamCancelled = new AtomicBoolean();
        TestSubscriber<Integer> ts = new TestSubscriber<>(0);
        Rill.range(0, 10).doOnCancel(() -> upstreamCancelled.set(true))
                .flatMap(i -> Rill.range(i * 10, 5).map(x -> failAt(x, 12)), 2)
                .subscribe(ts);
        assertThat(ts.values).isEmpty();
        ts.request(Long.MAX_VALUE);
        ts.await();
        assertThat(ts.values).containsExactly(0, 1, 2, 3, 4, 10, 11);
        assertThat(ts.error()).hasMessage("poll 12");
        assertThat(upstreamCancelled).isTrue();

        TestSubscriber<Integer> delayed = new TestSubscriber<>(0);
        Rill.range(0, 4).flatMapDelayError(i -> Rill.range(i * 10, 5).map(x -> failAt(failAt(x, 12), 32)), 2, 4)
                .subscribe(delayed);
        delayed.request(Long.MAX_VALUE);
        delayed.await();
        assertThat(delayed.values).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 10, 11, 20, 21, 22, 23, 24, 30, 31);
        assertThat(((CompositeException) delayed.error()).exceptions()).extracting(Throwable::getMessage)
                .containsExactlyInAnyOrder("poll 12", "poll 32");
    }

    /** An ASYNC-fused inner (publishOn) whose poll throws: found by the merge drain on the inner's thread. */
    @Test
    void anAsyncFusedInnerFailingInPollEndsTheStreamOrWaitsWithDelayError() throws Exception {
        TestSubscriber<Integer> ts = TestSubscriber.unbounded();
        Rill.range(0, 3).flatMap(i -> Rill.range(i * 10, 5).publishOn(engine).map(x -> failAt(x, 12))).subscribe(ts);
        ts.await();
        assertThat(ts.error()).hasMessage("poll 12");
        assertThat(ts.values).doesNotContain(12, 13, 14);

        TestSubscriber<Integer> delayed = TestSubscriber.unbounded();
        Rill.range(0, 3).flatMapDelayError(i -> Rill.range(i * 10, 5).publishOn(engine).map(x -> failAt(x, 12)), 4, 4)
                .subscribe(delayed);
        delayed.await();
        assertThat(delayed.values).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 10, 11, 20, 21, 22, 23, 24);
        assertThat(delayed.error()).hasMessage("poll 12");
    }

    /** A publisher that ignores demand: emits {@code n} values from the caller's thread. */
    private static final class Rude implements Publisher<Integer> {
        final AtomicBoolean cancelled = new AtomicBoolean();
        volatile Subscriber<? super Integer> subscriber;

        @Override
        public void subscribe(Subscriber<? super Integer> s) {
            subscriber = s;
            s.onSubscribe(new Subscription() {
                @Override
                public void request(long n) {
                }

                @Override
                public void cancel() {
                    cancelled.set(true);
                }
            });
        }

        void emit(int n) {
            for (int i = 0; i < n && !cancelled.get(); i++) {
                subscriber.onNext(i);
            }
        }
    }

    /** Values beyond demand, parked while no drain runs: the overflow error still reaches the downstream. */
    @Test
    void anUpstreamOrInnerIgnoringDemandFailsTheStream() throws Exception {
        Rude upstream = new Rude();
        TestSubscriber<Integer> ts = new TestSubscriber<>(0);
        Rill.from(upstream).flatMap(Rill::just, 2).subscribe(ts);
        upstream.emit(10);
        assertThat(ts.await().error()).hasMessageContaining("emitted more than requested");
        assertThat(upstream.cancelled).isTrue();
        assertThat(ts.values).isEmpty();

        Rude inner = new Rude();
        TestSubscriber<Integer> ts2 = new TestSubscriber<>(0);
        Rill.just(0).flatMap(i -> inner, 1, 2).subscribe(ts2);
        inner.emit(10);
        assertThat(ts2.await().error()).hasMessageContaining("emitted more than requested");
        assertThat(inner.cancelled).isTrue();
        assertThat(ts2.values).isEmpty();
    }

    /** With delayError and bounded concurrency, a failed inner frees its slot: the upstream is asked for the next. */
    @Test
    void aFailedInnerFreesItsSlotWithDelayError() throws Exception {
        TestSubscriber<Integer> ts = TestSubscriber.unbounded();
        Rill.range(0, 10).flatMapDelayError(i -> Rill.range(i * 10, 3).map(x -> failAt(x % 20, 11)), 2, 4)
                .subscribe(ts);
        ts.await();
        assertThat(ts.values).hasSize(5 * 3 + 5);
        assertThat(((CompositeException) ts.error()).exceptions()).hasSize(5);
    }
}
