package dev.rill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rill.engine.Engine;
import dev.rill.test.TestSubscriber;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * {@code sequential}'s merge: its drain is owned through a flag that a value only reads (the Dekker
 * pair in {@link ParallelMergeSequential}'s comment), so the tests here race the owner letting go
 * against rails publishing, off the engine (the drain in place) and on it (the drain as a task).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ParallelMergeSequentialTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void railsOnThreadsOfTheirOwnLoseNothingWhileTheDrainKeepsLettingGo() {
        int rails = 4;
        int perRail = 5_000;
        for (int round = 0; round < 40; round++) {
            TestSubscriber<Integer> ts = subscriberFor(round);
            new ThreadRails(rails, perRail).sequential(1).subscribe(ts); // each value waits for the drain
            requestInSmallSteps(ts, round);
            ts.awaitDone(WAIT).assertNoErrors().assertComplete();
            assertEveryValueOnce(ts.values(), rails * perRail);
        }
    }

    @Test
    void twoRailsEmittingAtTheSameInstantNeverStrandAValue() throws Exception {
        ExecutorService other = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "merge-race");
            t.setDaemon(true);
            return t;
        });
        try {
            for (int round = 0; round < 20_000; round++) {
                TestSubscriber<Integer> ts = TestSubscriber.create();
                HandRails rails = new HandRails(2);
                rails.sequential(1).subscribe(ts);
                Subscriber<? super Integer> a = rails.subscribers[0];
                Subscriber<? super Integer> b = rails.subscribers[1];
                race(() -> {
                    a.onNext(0);
                    a.onComplete();
                }, () -> {
                    b.onNext(1);
                    b.onComplete();
                }, other);
                ts.awaitDone(WAIT).assertNoErrors().assertComplete();
                assertEveryValueOnce(ts.values(), 2);
            }
        } finally {
            other.shutdownNow();
        }
    }

    @Test
    void railsOnAnEngineLoseNothingWhenTheMergedStreamRequestsInSmallSteps() {
        int n = 20_000;
        try (Engine engine = Engine.builder().workers(2).name("merge-stress").build()) {
            for (int round = 0; round < 30; round++) {
                TestSubscriber<Integer> ts = subscriberFor(round);
                Rill.range(0, n).parallel(4, 16).runOn(engine, 4).map(x -> x).sequential(2).subscribe(ts);
                requestInSmallSteps(ts, round);
                ts.awaitDone(WAIT).assertNoErrors().assertComplete();
                assertEveryValueOnce(ts.values(), n);
            }
        }
    }

    @Test
    void valuesARailEmitsInAnEngineTaskGoDownAfterThatRunInOneDrain() throws Exception {
        try (Engine one = Engine.builder().workers(1).name("merge-run").build()) {
            TestSubscriber<Integer> ts = TestSubscriber.create();
            CompletableFuture<Integer> seenInsideTheRun = new CompletableFuture<>();
            one.execute(() -> {
                new SyncRails(2, 3).sequential().subscribe(ts); // both rails emit at once, in this run
                seenInsideTheRun.complete(ts.values().size());
            });
            assertThat(seenInsideTheRun.get(5, TimeUnit.SECONDS)).as("values delivered inside the rails' run").isZero();
            ts.awaitDone(WAIT).assertNoErrors().assertComplete();
            assertEveryValueOnce(ts.values(), 6);
        }
    }

    @Test
    void aDrainStillQueuedWhenTheEngineStopsEndsTheStreamWithTheCause() throws Exception {
        Engine one = Engine.builder().workers(1).name("merge-stop").stuckWorkerThreshold(Duration.ZERO).build();
        TestSubscriber<Integer> ts = TestSubscriber.create();
        CountDownLatch emitted = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        one.execute(() -> {
            new SyncRails(2, 3).sequential().subscribe(ts); // the drain is queued behind this run
            emitted.countDown();
            try {
                never.await(WAIT.toMillis(), TimeUnit.MILLISECONDS); // until shutdownNow interrupts us
            } catch (InterruptedException stopped) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(emitted.await(5, TimeUnit.SECONDS)).isTrue();
        one.shutdownNow();
        ts.awaitDone(WAIT).assertError(RejectedExecutionException.class);
        assertThat(ts.error()).hasMessageContaining("merge-stop");
        assertThat(ts.values()).isEmpty();
        assertThat(one.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    /**
     * Even rounds ask for everything at once, so only the rails signal (a value left behind by the
     * owner letting go would hang the round); odd rounds ask in small steps from another thread,
     * racing demand against the owner.
     */
    private static TestSubscriber<Integer> subscriberFor(int round) {
        return round % 2 == 0 ? TestSubscriber.create() : TestSubscriber.create(0);
    }

    private static void requestInSmallSteps(TestSubscriber<Integer> ts, int round) {
        if (round % 2 == 0) {
            return;
        }
        Thread requester = new Thread(() -> {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!ts.isTerminated() && System.nanoTime() < deadline) {
                ts.request(3);
                Thread.onSpinWait();
            }
        }, "merge-requester");
        requester.setDaemon(true);
        requester.start();
    }

    /** Runs {@code a} here and {@code b} on {@code other}, both released at the same instant. */
    private static void race(Runnable a, Runnable b, ExecutorService other) throws Exception {
        AtomicInteger ready = new AtomicInteger(2);
        Future<?> f = other.submit(() -> {
            ready.decrementAndGet();
            while (ready.get() != 0) {
                Thread.onSpinWait();
            }
            b.run();
        });
        ready.decrementAndGet();
        while (ready.get() != 0) {
            Thread.onSpinWait();
        }
        a.run();
        f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static void assertEveryValueOnce(List<Integer> values, int n) {
        List<Integer> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        assertThat(sorted).isEqualTo(IntStream.range(0, n).boxed().collect(Collectors.toList()));
    }

    /** Rails the test drives by hand: it calls their subscribers itself (within the prefetch). */
    private static final class HandRails extends ParallelRill<Integer> {
        final Subscriber<? super Integer>[] subscribers;

        @SuppressWarnings({"unchecked", "rawtypes"}) // a generic array
        HandRails(int rails) {
            this.subscribers = new Subscriber[rails];
        }

        @Override
        public int parallelism() {
            return subscribers.length;
        }

        @Override
        void subscribeRails(Subscriber<? super Integer>[] rails) {
            for (int i = 0; i < rails.length; i++) {
                subscribers[i] = rails[i];
                rails[i].onSubscribe(new Subscription() {
                    @Override
                    public void request(long n) {
                    }

                    @Override
                    public void cancel() {
                    }
                });
            }
        }
    }

    /** {@code rails} rails of {@code perRail} values each: rail {@code i} emits {@code i, i + rails, ...}. */
    private abstract static class CountedRails extends ParallelRill<Integer> {
        final int rails;
        final int perRail;

        CountedRails(int rails, int perRail) {
            this.rails = rails;
            this.perRail = perRail;
        }

        @Override
        public int parallelism() {
            return rails;
        }
    }

    /** Rails that emit at once on subscription, on the subscribing thread. */
    private static final class SyncRails extends CountedRails {
        SyncRails(int rails, int perRail) {
            super(rails, perRail);
        }

        @Override
        void subscribeRails(Subscriber<? super Integer>[] subscribers) {
            for (int i = 0; i < rails; i++) {
                int first = i;
                Rill.range(0, perRail).map(k -> first + k * rails).subscribe(subscribers[i]);
            }
        }
    }

    /** Rails that each emit on a thread of their own, within their demand, as fast as they can. */
    private static final class ThreadRails extends CountedRails {
        ThreadRails(int rails, int perRail) {
            super(rails, perRail);
        }

        @Override
        void subscribeRails(Subscriber<? super Integer>[] subscribers) {
            for (int i = 0; i < rails; i++) {
                int first = i;
                Subscriber<? super Integer> s = subscribers[i];
                AtomicLong requested = new AtomicLong();
                s.onSubscribe(new Subscription() {
                    @Override
                    public void request(long n) {
                        requested.addAndGet(n);
                    }

                    @Override
                    public void cancel() {
                        requested.set(Long.MIN_VALUE / 2);
                    }
                });
                Thread t = new Thread(() -> emit(s, first, requested), "rail-" + i);
                t.setDaemon(true);
                t.start();
            }
        }

        private void emit(Subscriber<? super Integer> s, int first, AtomicLong requested) {
            long deadline = System.nanoTime() + WAIT.toNanos();
            for (int k = 0; k < perRail; k++) {
                while (requested.get() <= 0) {
                    if (requested.get() < 0 || System.nanoTime() > deadline) {
                        return; // cancelled, or the test has failed by its own wait already
                    }
                    Thread.onSpinWait();
                }
                requested.decrementAndGet();
                s.onNext(first + k * rails);
            }
            s.onComplete();
        }
    }
}
