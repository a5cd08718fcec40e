package dev.rill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rill.engine.Engine;
import dev.rill.test.StepVerifier;
import dev.rill.test.TestSubscriber;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.reactivestreams.Subscriber;

/** {@code parallel}, {@link ParallelRill}'s rails and operators, {@code sequential} and {@code ordered}. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ParallelRillTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static Engine engine;

    @BeforeAll
    static void start() {
        engine = Engine.builder().workers(4).name("parallel-test").build();
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    @SuppressWarnings({"unchecked", "rawtypes"}) // a generic array
    private static <T> TestSubscriber<T>[] rails(int n, long request) {
        TestSubscriber<T>[] rails = new TestSubscriber[n];
        for (int i = 0; i < n; i++) {
            rails[i] = TestSubscriber.create(request);
        }
        return rails;
    }

    @Test
    void everyValueArrivesExactlyOnceThroughFourRailsOnAnEngine() {
        int n = 100_000;
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        TestSubscriber<Integer> ts = TestSubscriber.create();
        Rill.range(0, n).parallel(4).runOn(engine).map(x -> {
            threads.add(Thread.currentThread());
            return x + 1;
        }).sequential().subscribe(ts);
        ts.awaitDone(WAIT).assertNoErrors().assertComplete();
        List<Integer> got = new ArrayList<>(ts.values());
        assertThat(got).hasSize(n);
        Collections.sort(got);
        assertThat(got).isEqualTo(IntStream.rangeClosed(1, n).boxed().collect(Collectors.toList()));
        assertThat(threads).allMatch(t -> Engine.of(t) == engine);
    }

    @Test
    void everyValueArrivesExactlyOnceWithSmallPrefetchesAndABoundedConsumer() {
        int n = 50_000;
        TestSubscriber<Integer> ts = TestSubscriber.create(0);
        Rill.range(0, n).hide().parallel(3, 7).runOn(engine, 5).filter(x -> x % 2 == 0).sequential(3).subscribe(ts);
        for (int got = 0; got < n / 2; got += 1000) {
            ts.request(1000);
            ts.awaitCount(got + 1000, WAIT);
        }
        ts.awaitDone(WAIT).assertNoErrors().assertComplete();
        assertThat(new HashSet<>(ts.values())).hasSize(n / 2).allMatch(x -> x % 2 == 0);
    }

    @Test
    void aSourceDrainedOnAnEngineWorkerYieldsAndLosesNothing() {
        int n = 100_000;
        TestSubscriber<Integer> ts = TestSubscriber.create();
        Rill.range(0, n).subscribeOn(engine).parallel(2).map(x -> x).sequential().subscribe(ts);
        ts.awaitDone(WAIT).assertNoErrors().assertComplete();
        assertThat(new HashSet<>(ts.values())).hasSize(n);
    }

    @Test
    void aSlowRailDoesNotHoldBackTheOthers() throws InterruptedException {
        // The rail that draws value 0 stops until every value but the few queued behind it has
        // come out of the other rail: the source must keep dealing to the rail that keeps up.
        int n = 20_000;
        int prefetch = 4;
        CountDownLatch othersThrough = new CountDownLatch(1);
        AtomicInteger received = new AtomicInteger();
        AtomicInteger slowRailWaited = new AtomicInteger(-1);
        TestSubscriber<Integer> ts = TestSubscriber.create();
        Rill.range(0, n).parallel(2, 16).runOn(engine, prefetch).map(x -> {
            if (x == 0) {
                try {
                    slowRailWaited.set(othersThrough.await(20, TimeUnit.SECONDS) ? 1 : 0);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return x;
        }).sequential(prefetch).doOnNext(x -> {
            if (received.incrementAndGet() >= n - 2 * prefetch) {
                othersThrough.countDown();
            }
        }).subscribe(ts);
        ts.awaitDone(WAIT).assertNoErrors().assertComplete();
        assertThat(slowRailWaited).as("the others got through while the slow rail waited").hasValue(1);
        assertThat(new HashSet<>(ts.values())).hasSize(n);
    }

    @Test
    void theSourceYieldsItsWorkerWhenItsBudgetIsSpent() {
        // One worker, two sources dealing to their rails there, queued together: without yielding,
        // the first to run would deal all its values before the other dealt any.
        int n = 20_000;
        TestSubscriber<Integer>[] a = rails(2, Long.MAX_VALUE);
        TestSubscriber<Integer>[] b = rails(2, Long.MAX_VALUE);
        AtomicInteger otherWhenFirstEnded = new AtomicInteger(-1);
        Runnable first = () -> otherWhenFirstEnded.compareAndSet(-1,
                Math.min(a[0].values().size() + a[1].values().size(), b[0].values().size() + b[1].values().size()));
        try (Engine one = Engine.builder().workers(1).name("parallel-one").build()) {
            one.execute(() -> {
                one.execute(() -> Rill.range(0, n).parallel(2).subscribe(telling(a, first)));
                one.execute(() -> Rill.range(0, n).parallel(2).subscribe(telling(b, first)));
            });
            for (TestSubscriber<Integer> r : List.of(a[0], a[1], b[0], b[1])) {
                r.awaitDone(WAIT).assertNoErrors().assertComplete();
                assertThat(r.values()).hasSize(n / 2);
            }
        }
        assertThat(otherWhenFirstEnded.get()).as("values of the other source when the first ended").isPositive();
    }

    @SuppressWarnings({"unchecked", "rawtypes"}) // a generic array
    private static Subscriber<Integer>[] telling(TestSubscriber<Integer>[] rails, Runnable beforeTheEnd) {
        return new Subscriber[] {new OnComplete<>(rails[0], beforeTheEnd), rails[1]};
    }

    @Test
    void orderedYieldsItsWorkerWhenItsBudgetIsSpent() {
        // Rails of fused ranges: ordered polls them itself, so only its drain spends the budget.
        int n = 20_000;
        ParallelRill<Integer> evensAndOdds = new ParallelRill<>() {
            @Override
            public int parallelism() {
                return 2;
            }

            @Override
            void subscribeRails(Subscriber<? super Integer>[] rails) {
                Rill.range(0, n).map(x -> 2 * x).subscribe(rails[0]);
                Rill.range(0, n).map(x -> 2 * x + 1).subscribe(rails[1]);
            }
        };
        TestSubscriber<Integer> a = TestSubscriber.create();
        TestSubscriber<Integer> b = TestSubscriber.create();
        AtomicInteger otherWhenFirstEnded = new AtomicInteger(-1);
        Runnable first = () -> otherWhenFirstEnded.compareAndSet(-1, Math.min(a.values().size(), b.values().size()));
        try (Engine one = Engine.builder().workers(1).name("parallel-one").build()) {
            one.execute(() -> {
                one.execute(() -> evensAndOdds.ordered(Integer::compare).subscribe(new OnComplete<>(a, first)));
                one.execute(() -> evensAndOdds.ordered(Integer::compare).subscribe(new OnComplete<>(b, first)));
            });
            a.awaitDone(WAIT).assertNoErrors().assertComplete();
            b.awaitDone(WAIT).assertNoErrors().assertComplete();
        }
        assertThat(a.values()).isEqualTo(IntStream.range(0, 2 * n).boxed().collect(Collectors.toList()));
        assertThat(b.values()).isEqualTo(a.values());
        assertThat(otherWhenFirstEnded.get()).as("values of the other stream when the first ended").isPositive();
    }

    @Test
    void railsRequestingFromTheirOwnThreadsAtOnceGetEveryValueOnce() throws InterruptedException {
        int n = 100_000;
        int railCount = 4;
        TestSubscriber<Integer>[] rails = rails(railCount, 0);
        Rill.range(0, n).hide().parallel(railCount, 32).subscribe(rails);
        List<Thread> threads = new ArrayList<>();
        for (TestSubscriber<Integer> rail : rails) {
            Thread t = new Thread(() -> {
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (!rail.isTerminated() && System.nanoTime() < deadline) {
                    rail.request(3);
                }
            });
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join(WAIT.toMillis());
        }
        List<Integer> all = new ArrayList<>();
        for (TestSubscriber<Integer> rail : rails) {
            rail.assertNoErrors().assertComplete();
            assertThat(rail.values()).isSorted(); // each rail in the source's order
            all.addAll(rail.values());
        }
        Collections.sort(all);
        assertThat(all).isEqualTo(IntStream.range(0, n).boxed().collect(Collectors.toList()));
    }

    @Test
    void everyValueArrivesOnceWhenTheMergedStreamRequestsInSmallStepsFromAnotherThread() {
        int n = 30_000;
        TestSubscriber<Integer> ts = TestSubscriber.create(0);
        Rill.range(0, n).parallel(4).runOn(engine, 8).map(x -> x).ordered(Integer::compare, 4).subscribe(ts);
        Thread requester = new Thread(() -> {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!ts.isTerminated() && System.nanoTime() < deadline) {
                ts.request(5);
            }
        });
        requester.start();
        ts.awaitDone(WAIT).assertNoErrors().assertComplete();
        assertThat(ts.values()).isEqualTo(IntStream.range(0, n).boxed().collect(Collectors.toList()));
    }

    @Test
    void railsRunOnAnotherSchedulerThroughWorkersOfTheirOwn() {
        int n = 10_000;
        TestSubscriber<Integer> ts = TestSubscriber.create();
        Rill.range(0, n).parallel(2).runOn(engine.blocking()).map(x -> x).sequential().subscribe(ts);
        ts.awaitDone(WAIT).assertNoErrors().assertComplete();
        assertThat(new HashSet<>(ts.values())).hasSize(n);
    }

    @Test
    void valuesAreDealtInTurnAndEachRailKeepsTheSourceOrder() {
        TestSubscriber<Integer>[] rails = rails(3, Long.MAX_VALUE);
        Rill.range(1, 10).parallel(3).subscribe(rails);
        rails[0].assertValues(1, 4, 7, 10).assertComplete();
        rails[1].assertValues(2, 5, 8).assertComplete();
        rails[2].assertValues(3, 6, 9).assertComplete();
    }

    @Test
    void aRailWithoutDemandIsSkippedNotWaitedFor() {
        TestSubscriber<Integer>[] rails = rails(3, Long.MAX_VALUE);
        rails[0] = TestSubscriber.create(2); // the slow rail: room for two values only
        Rill.range(1, 100).parallel(3).subscribe(rails);
        rails[0].assertValues(1, 4);
        assertThat(rails[1].values().size() + rails[2].values().size()).isEqualTo(98);
        rails[1].assertComplete();
        rails[2].assertComplete();
    }

    @Test
    void cancellingOneRailCancelsTheSourceAndEndsTheDealing() {
        AtomicInteger cancels = new AtomicInteger();
        TestSubscriber<Integer>[] rails = rails(2, 2);
        Rill.range(1, 100).doOnCancel(cancels::incrementAndGet).parallel(2).subscribe(rails);
        rails[0].assertValues(1, 3);
        rails[1].assertValues(2, 4);
        rails[0].cancel();
        rails[1].request(10);
        rails[1].assertValues(2, 4).assertNotTerminated();
        assertThat(cancels).hasValue(1);
    }

    @Test
    void theWrongNumberOfSubscribersFailsEveryOne() {
        TestSubscriber<Integer>[] rails = rails(2, 1);
        Rill.range(1, 10).parallel(3).subscribe(rails);
        for (TestSubscriber<Integer> r : rails) {
            r.assertError(IllegalArgumentException.class);
            assertThat(r.error()).hasMessageContaining("2 subscribers for 3 rails");
        }
    }

    @Test
    void aSourceErrorReachesEveryRail() {
        TestSubscriber<Integer>[] rails = rails(2, Long.MAX_VALUE);
        Rill.range(1, 3).concatWith(Rill.error(new IllegalStateException("boom"))).parallel(2).subscribe(rails);
        rails[0].assertError(IllegalStateException.class);
        rails[1].assertError(IllegalStateException.class);
    }

    @Test
    void orderedMergesOrderedRailsIntoOneOrderedStream() {
        List<Integer> expected = IntStream.range(0, 5_000).map(x -> x * 2).boxed().collect(Collectors.toList());
        TestSubscriber<Integer> ts = TestSubscriber.create();
        Rill.range(0, 5_000).parallel(4).runOn(engine).map(x -> x * 2).ordered(Comparator.naturalOrder()).subscribe(ts);
        ts.awaitDone(WAIT).assertNoErrors().assertComplete();
        assertThat(ts.values()).isEqualTo(expected);
    }

    @Test
    void orderedWaitsForEveryRailAndHonoursDemand() {
        // rails [5, 7] and [1, 3]: each in order, so the merge is
        StepVerifier.create(Rill.just(5, 1, 7, 3).parallel(2).ordered(Comparator.naturalOrder()), 1)
                .expectNext(1)
                .thenRequest(3)
                .expectNext(3, 5, 7)
                .verifyComplete();
    }

    @Test
    void reduceEqualsTheSequentialReduction() {
        long expected = LongStreamSum.of(1, 20_000);
        StepVerifier.create(Rill.range(1, 20_000).map(Integer::longValue).parallel(4).runOn(engine).reduce(Long::sum))
                .expectNext(expected)
                .verifyComplete();
        StepVerifier.create(Rill.<Integer>empty().parallel(4).reduce(Integer::sum)).verifyComplete();
    }

    @Test
    void reduceWithASeedGivesOneValuePerRail() {
        StepVerifier.create(Rill.range(1, 10).parallel(2).reduce(() -> 100, Integer::sum).ordered(Comparator.naturalOrder()))
                .expectNext(125, 130) // 100 + 1+3+5+7+9, 100 + 2+4+6+8+10
                .verifyComplete();
        StepVerifier.create(Rill.<Integer>empty().parallel(3).reduce(() -> 0, Integer::sum).sequential())
                .expectNext(0, 0, 0)
                .verifyComplete();
    }

    @Test
    void collectSortedListEqualsSortingTheWholeStream() {
        List<Integer> values = IntStream.range(0, 10_000).boxed().collect(Collectors.toList());
        Collections.shuffle(values, new Random(42));
        List<Integer> sorted = new ArrayList<>(values);
        sorted.sort(Comparator.reverseOrder());
        StepVerifier.create(Rill.fromIterable(values).parallel(4).runOn(engine).collectSortedList(Comparator.reverseOrder()))
                .expectNext(sorted)
                .verifyComplete();
        StepVerifier.create(Rill.<Integer>empty().parallel(2).collectSortedList(Comparator.naturalOrder()))
                .expectNext(List.of())
                .verifyComplete();
    }

    @Test
    void flatMapDoOnNextAndFilterWorkOnEachRail() {
        AtomicInteger seen = new AtomicInteger();
        TestSubscriber<Integer> ts = TestSubscriber.create();
        Rill.range(1, 1000).parallel(4).runOn(engine).filter(x -> x % 2 == 1).doOnNext(x -> seen.incrementAndGet())
                .flatMap(x -> Rill.just(x, -x)).sequential().subscribe(ts);
        ts.awaitDone(WAIT).assertNoErrors().assertComplete();
        assertThat(seen).hasValue(500);
        assertThat(ts.values()).hasSize(1000);
        assertThat(ts.values().stream().mapToInt(Integer::intValue).sum()).isZero();
    }

    @Test
    void aRailsFunctionThatThrowsFailsTheStreamAndCancelsTheRest() throws InterruptedException {
        CountDownLatch sourceCancelled = new CountDownLatch(1);
        AtomicInteger mapped = new AtomicInteger();
        TestSubscriber<Integer> ts = TestSubscriber.create();
        Rill.range(0, 1_000_000).doOnCancel(sourceCancelled::countDown).parallel(4).runOn(engine)
                .map(x -> {
                    mapped.incrementAndGet();
                    if (x == 500) {
                        throw new IllegalStateException("rail failed");
                    }
                    return x;
                }).sequential().subscribe(ts);
        ts.awaitDone(WAIT).assertError(IllegalStateException.class).assertErrorMessage("rail failed");
        assertThat(sourceCancelled.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(mapped.get()).isLessThan(1_000_000);
    }

    @Test
    void cancellingTheMergedStreamStopsEveryRailAndTheSource() throws InterruptedException {
        CountDownLatch sourceCancelled = new CountDownLatch(1);
        TestSubscriber<Long> ts = TestSubscriber.create();
        Rill.<Long, Long>generate(() -> 0L, (s, sink) -> {
            sink.next(s);
            return s + 1;
        }, s -> { }).doOnCancel(sourceCancelled::countDown).parallel(4).runOn(engine).map(x -> x).sequential().subscribe(ts);
        ts.awaitCount(10_000, WAIT);
        ts.cancel();
        assertThat(sourceCancelled.await(10, TimeUnit.SECONDS)).isTrue();
        ts.assertNotTerminated();
    }

    @Test
    void cancellingOrderedStopsTheSource() throws InterruptedException {
        CountDownLatch sourceCancelled = new CountDownLatch(1);
        StepVerifier.create(Rill.range(0, 1_000_000).doOnCancel(sourceCancelled::countDown).parallel(2).runOn(engine)
                        .ordered(Comparator.naturalOrder()))
                .expectNext(0, 1, 2)
                .thenCancel()
                .verify(WAIT);
        assertThat(sourceCancelled.await(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aNullFromARailsMapperFailsTheStreamNamingIt() {
        TestSubscriber<Integer> ts = TestSubscriber.create();
        Rill.range(0, 10).parallel(2).runOn(engine).map(x -> x == 3 ? null : x).sequential().subscribe(ts);
        ts.awaitDone(WAIT).assertError(NullPointerException.class);
        assertThat(ts.error()).hasMessageContaining("map: the mapper");
        assertThat(ts.values()).doesNotContain(3);
    }

    @Test
    void aComparatorThatThrowsFailsOrdered() {
        StepVerifier.create(Rill.range(0, 10).parallel(2).ordered((a, b) -> {
                    throw new IllegalStateException("cannot compare");
                }))
                .expectErrorMessage("cannot compare")
                .verify(WAIT);
    }

    @Test
    void parallelWithoutACountUsesTheMachinesProcessorsOffTheEngine() {
        assertThat(Rill.range(0, 1).parallel().parallelism()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(Rill.range(0, 1).parallel(3).runOn(engine).map(x -> x).parallelism()).isEqualTo(3);
    }

    @Test
    void badArgumentsNameTheArgument() {
        Rill<Integer> r = Rill.range(0, 1);
        assertThatThrownBy(() -> r.parallel(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rails");
        assertThatThrownBy(() -> r.parallel(-1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rails");
        assertThatThrownBy(() -> r.parallel(2, 0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("prefetch");
        ParallelRill<Integer> p = r.parallel(2);
        assertThatThrownBy(() -> p.runOn(null)).isInstanceOf(NullPointerException.class).hasMessage("scheduler");
        assertThatThrownBy(() -> p.runOn(engine, 0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("prefetch");
        assertThatThrownBy(() -> p.map(null)).isInstanceOf(NullPointerException.class).hasMessage("mapper");
        assertThatThrownBy(() -> p.filter(null)).isInstanceOf(NullPointerException.class).hasMessage("predicate");
        assertThatThrownBy(() -> p.doOnNext(null)).isInstanceOf(NullPointerException.class).hasMessage("action");
        assertThatThrownBy(() -> p.flatMap(null)).isInstanceOf(NullPointerException.class).hasMessage("mapper");
        assertThatThrownBy(() -> p.reduce(null)).isInstanceOf(NullPointerException.class).hasMessage("reducer");
        assertThatThrownBy(() -> p.reduce(null, (a, b) -> a)).isInstanceOf(NullPointerException.class).hasMessage("initial");
        assertThatThrownBy(() -> p.collectSortedList(null)).isInstanceOf(NullPointerException.class).hasMessage("comparator");
        assertThatThrownBy(() -> p.ordered(null)).isInstanceOf(NullPointerException.class).hasMessage("comparator");
        assertThatThrownBy(() -> p.sequential(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("prefetch");
        assertThatThrownBy(() -> p.subscribe((Subscriber<Integer>[]) null)).isInstanceOf(NullPointerException.class)
                .hasMessage("subscribers");
    }

    /** The sum of {@code from..to}, computed plainly. */
    private static final class LongStreamSum {
        static long of(int from, int to) {
            long s = 0;
            for (int i = from; i <= to; i++) {
                s += i;
            }
            return s;
        }
    }

    /** {@code target}, with {@code first} run before its completion. */
    private static final class OnComplete<T> implements Subscriber<T> {
        private final Subscriber<T> target;
        private final Runnable first;

        OnComplete(Subscriber<T> target, Runnable first) {
            this.target = target;
            this.first = first;
        }

        @Override
        public void onSubscribe(org.reactivestreams.Subscription s) {
            target.onSubscribe(s);
        }

        @Override
        public void onNext(T t) {
            target.onNext(t);
        }

        @Override
        public void onError(Throwable t) {
            target.onError(t);
        }

        @Override
        public void onComplete() {
            first.run();
            target.onComplete();
        }
    }
}
