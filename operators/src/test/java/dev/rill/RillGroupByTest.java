package dev.rill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rill.engine.Engine;
import dev.rill.test.StepVerifier;
import dev.rill.test.TestSubscriber;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code groupBy}: groups per key, their lifecycle, errors, backpressure, the stall report, threads. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RillGroupByTest {

    private static final Duration BOUND = Duration.ofSeconds(10);
    private static final Engine ENGINE = Engine.builder().workers(2).name("group-by-test").build();

    @AfterAll
    static void close() {
        ENGINE.close();
    }

    @Test
    void everyKeyGetsExactlyItsValuesWhenTheGroupsAreMerged() {
        StepVerifier.create(Rill.range(0, 1000).groupBy(i -> i % 16)
                        .flatMap(g -> g.count().map(n -> Map.entry(g.key(), n)))
                        .collectList())
                .assertNext(counts -> {
                    assertThat(counts).hasSize(16);
                    for (Map.Entry<Integer, Long> e : counts) {
                        assertThat(e.getValue()).as("key " + e.getKey()).isEqualTo(e.getKey() < 8 ? 63L : 62L);
                    }
                })
                .expectComplete()
                .verify(BOUND);
        StepVerifier.create(Rill.range(0, 1000).hide().groupBy(i -> i % 16, i -> i * 2L).flatMap(g -> g)
                        .reduce(0L, Long::sum))
                .expectNext(999L * 1000L)
                .expectComplete()
                .verify(BOUND);
    }

    @Test
    void aGroupHasItsKeyAndItsValuesInOrder() {
        StepVerifier.create(Rill.range(0, 10).groupBy(i -> i % 3 == 0 ? "three" : "other")
                        .flatMap(g -> g.collectList().map(l -> g.key() + l)).collectList())
                .assertNext(l -> assertThat(l).containsExactlyInAnyOrder("three[0, 3, 6, 9]", "other[1, 2, 4, 5, 7, 8]"))
                .expectComplete()
                .verify(BOUND);
    }

    @Test
    void aCancelledGroupIsClosedAndALaterValueOfItsKeyOpensANewOne() {
        Push<Integer> src = new Push<>();
        TestSubscriber<GroupedRill<Integer, Integer>> main = TestSubscriber.create();
        src.rill.groupBy(i -> i % 2).subscribe(main);
        src.next(0);
        TestSubscriber<Integer> first = TestSubscriber.create();
        main.values().get(0).subscribe(first);
        first.assertValues(0);
        first.cancel();
        src.next(2);
        assertThat(main.values()).as("a new group for key 0").hasSize(2);
        GroupedRill<Integer, Integer> second = main.values().get(1);
        assertThat(second).isNotSameAs(main.values().get(0));
        assertThat(second.key()).isZero();
        TestSubscriber<Integer> ts = TestSubscriber.create();
        second.subscribe(ts);
        src.next(4);
        ts.assertValues(2, 4);
        first.assertValues(0);
        assertThat(src.cancelled()).isFalse();
    }

    @Test
    void cancellingTheMainStreamLetsTheOpenGroupsFinishThenCancelsTheSource() {
        Push<Integer> src = new Push<>();
        TestSubscriber<GroupedRill<Integer, Integer>> main = TestSubscriber.create();
        src.rill.groupBy(i -> i % 2).subscribe(main);
        src.next(1).next(0);
        TestSubscriber<Integer> odd = TestSubscriber.create();
        TestSubscriber<Integer> even = TestSubscriber.create();
        main.values().get(0).subscribe(odd);
        main.values().get(1).subscribe(even);
        main.cancel();
        assertThat(src.cancelled()).as("the groups still need the source").isFalse();
        src.next(3).next(2);
        odd.assertValues(1, 3);
        even.assertValues(0, 2);
        even.cancel();
        assertThat(src.cancelled()).isFalse();
        odd.cancel();
        assertThat(src.cancelled()).as("main and every group cancelled").isTrue();
        assertThat(main.values()).hasSize(2);
    }

    @Test
    void afterTheMainStreamIsCancelledNewKeysAreDroppedAndTheGroupsComplete() {
        Push<Integer> src = new Push<>();
        TestSubscriber<GroupedRill<Integer, Integer>> main = TestSubscriber.create();
        src.rill.groupBy(i -> i % 3).subscribe(main);
        src.next(0);
        TestSubscriber<Integer> zero = TestSubscriber.create();
        main.values().get(0).subscribe(zero);
        main.cancel();
        src.next(1).next(3).next(2);
        src.complete();
        zero.assertValues(0, 3).assertComplete();
        assertThat(main.values()).as("no group opened after the cancel").hasSize(1);
        main.assertNotTerminated();
    }

    @Test
    void anErrorReachesTheMainStreamAndEveryGroup() {
        Push<Integer> src = new Push<>();
        TestSubscriber<GroupedRill<Integer, Integer>> main = TestSubscriber.create();
        src.rill.groupBy(i -> i % 3).subscribe(main);
        src.next(0).next(1).next(2).next(3);
        TestSubscriber<Integer> zero = TestSubscriber.create();
        TestSubscriber<Integer> one = TestSubscriber.create();
        main.values().get(0).subscribe(zero);
        main.values().get(1).subscribe(one);
        IllegalStateException boom = new IllegalStateException("boom");
        src.error(boom);
        main.assertError(IllegalStateException.class).assertErrorMessage("boom");
        zero.assertValues(0, 3).assertError(IllegalStateException.class);
        one.assertValues(1).assertError(IllegalStateException.class);
        TestSubscriber<Integer> late = TestSubscriber.create();
        main.values().get(2).subscribe(late);
        late.assertValues(2).assertErrorMessage("boom"); // its values, then the error
    }

    @Test
    void aThrowingKeyFunctionCancelsTheSourceAndFailsTheMainStreamAndTheGroups() {
        Push<Integer> src = new Push<>();
        TestSubscriber<GroupedRill<Integer, Integer>> main = TestSubscriber.create();
        src.rill.groupBy(i -> {
            if (i == 2) {
                throw new IllegalArgumentException("bad key " + i);
            }
            return i % 2;
        }).subscribe(main);
        src.next(1);
        TestSubscriber<Integer> g = TestSubscriber.create();
        main.values().get(0).subscribe(g);
        src.next(2);
        assertThat(src.cancelled()).isTrue();
        main.assertErrorMessage("bad key 2");
        g.assertValues(1).assertErrorMessage("bad key 2");
    }

    @Test
    void aThrowingValueFunctionCancelsTheSourceAndFailsEverything() {
        Push<Integer> src = new Push<>();
        TestSubscriber<GroupedRill<Integer, String>> main = TestSubscriber.create();
        src.rill.groupBy(i -> i % 2, i -> {
            if (i == 3) {
                throw new IllegalArgumentException("bad value " + i);
            }
            return "v" + i;
        }).subscribe(main);
        src.next(1);
        TestSubscriber<String> g = TestSubscriber.create();
        main.values().get(0).subscribe(g);
        src.next(3);
        assertThat(src.cancelled()).isTrue();
        main.assertErrorMessage("bad value 3");
        g.assertValues("v1").assertErrorMessage("bad value 3");
    }

    @Test
    void aNullKeyOrValueFailsWithAnNpeNamingTheFunction() {
        StepVerifier.create(Rill.range(0, 3).groupBy(i -> i == 1 ? null : i).flatMap(g -> g))
                .expectNext(0)
                .expectErrorMatches(e -> e instanceof NullPointerException
                        && e.getMessage().contains("the key function"))
                .verify(BOUND);
        StepVerifier.create(Rill.range(0, 3).groupBy(i -> 0, i -> i == 2 ? null : i).flatMap(g -> g))
                .expectNext(0, 1)
                .expectErrorMatches(e -> e instanceof NullPointerException
                        && e.getMessage().contains("the value function"))
                .verify(BOUND);
    }

    @Test
    void aGroupAllowsOneSubscriber() {
        GroupedRill<Integer, Integer> g = Rill.range(0, 3).groupBy(i -> 0).blockFirst(BOUND);
        TestSubscriber<Integer> first = TestSubscriber.create();
        g.subscribe(first);
        first.assertValues(0, 1, 2).assertComplete();
        TestSubscriber<Integer> second = TestSubscriber.create();
        g.subscribe(second);
        second.assertError(IllegalStateException.class);
    }

    @Test
    void theMainStreamEmitsGroupsOnlyAsRequestedAndKeepsTheirValues() {
        TestSubscriber<GroupedRill<Integer, Integer>> main = TestSubscriber.create(1);
        Rill.range(0, 6).groupBy(i -> i % 3).subscribe(main);
        assertThat(main.values()).hasSize(1);
        main.request(2);
        assertThat(main.values()).hasSize(3);
        main.assertComplete();
        for (GroupedRill<Integer, Integer> g : main.values()) {
            TestSubscriber<Integer> ts = TestSubscriber.create();
            g.subscribe(ts);
            ts.assertValues(g.key(), g.key() + 3).assertComplete();
        }
    }

    @Test
    void slowGroupsLoseNothingAndTheSourceIsAskedForNoMoreThanThePrefetch() {
        List<Long> requests = new CopyOnWriteArrayList<>();
        AtomicLong emitted = new AtomicLong();
        AtomicLong maxAhead = new AtomicLong();
        AtomicLong taken = new AtomicLong();
        TestSubscriber<GroupedRill<Integer, Integer>> main = TestSubscriber.create();
        Rill.range(0, 3000).hide().doOnRequest(requests::add).doOnNext(x -> emitted.incrementAndGet())
                .groupBy(i -> i % 3, 8).subscribe(main);
        List<TestSubscriber<Integer>> groups = new ArrayList<>();
        for (GroupedRill<Integer, Integer> g : main.values()) {
            TestSubscriber<Integer> ts = TestSubscriber.create(0);
            g.subscribe(ts);
            groups.add(ts);
        }
        assertThat(groups).hasSize(3);
        for (int round = 0; round < 1000; round++) {
            for (TestSubscriber<Integer> ts : groups) {
                ts.request(1); // one at a time, each group in turn
                taken.incrementAndGet();
                long requested = requests.stream().mapToLong(Long::longValue).sum();
                maxAhead.accumulateAndGet(requested - taken.get(), Math::max);
            }
        }
        assertThat(maxAhead.get()).as("asked ahead of what the groups took").isLessThanOrEqualTo(8);
        for (int k = 0; k < 3; k++) {
            int key = k;
            List<Integer> expected = java.util.stream.IntStream.range(0, 3000).filter(i -> i % 3 == key).boxed()
                    .collect(Collectors.toList());
            assertThat(groups.get(k).values()).as("group " + k).isEqualTo(expected);
            groups.get(k).assertComplete();
        }
        main.assertComplete();
    }

    /** Captures the WARNINGs of the groupBy stall logger while {@code body} runs. */
    private static List<LogRecord> stallWarnings(Runnable body) {
        List<LogRecord> warnings = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r.getLevel() == Level.WARNING) {
                    warnings.add(r);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger log = Logger.getLogger("dev.rill.groupBy");
        log.addHandler(capture);
        try {
            body.run();
        } finally {
            log.removeHandler(capture);
        }
        return warnings;
    }

    @Test
    void moreUnsubscribedGroupsThanThePrefetchStallTheSourceAndAreReported() {
        List<LogRecord> warnings = stallWarnings(() -> {
            TestSubscriber<GroupedRill<Integer, Integer>> main = TestSubscriber.create();
            Rill.range(0, 3).groupBy(i -> i % 3, 2).subscribe(main);
            // Two values, two groups nobody reads: the source is not asked for the third value.
            assertThat(main.values()).hasSize(2);
            main.assertNotTerminated();
            // A report, not an error: reading one group frees the source, and everything ends.
            TestSubscriber<Integer> first = TestSubscriber.create();
            main.values().get(0).subscribe(first);
            first.awaitDone(BOUND).assertValues(0).assertComplete();
            assertThat(main.values()).hasSize(3);
            main.assertComplete();
        });
        assertThat(warnings).as("once per subscription").singleElement()
                .satisfies(r -> assertThat(r.getMessage()).contains("hangs"));
    }

    @Test
    void moreKeysThanAFlatMapsConcurrencyIsTheClassicHangAndIsReported() {
        CountDownLatch sourceCancelled = new CountDownLatch(1);
        List<LogRecord> warnings = stallWarnings(() -> {
            TestSubscriber<Integer> ts = TestSubscriber.create();
            // flatMap subscribes to two groups at a time; the others, never subscribed, fill the
            // prefetch. The source is endless and synchronous: the cancel must not feed it again.
            Rill.range(0, Integer.MAX_VALUE).doOnCancel(sourceCancelled::countDown).groupBy(i -> i % 10, 4)
                    .flatMap(g -> g, 2).subscribe(ts);
            ts.assertNotTerminated();
            assertThat(ts.values().size()).as("stalled early").isLessThan(10);
            ts.cancel(); // the undelivered groups are cancelled with the main stream: the source is freed
        });
        assertThat(warnings).hasSize(1);
        assertThat(sourceCancelled.getCount()).as("source cancelled").isZero();
    }

    @Test
    void groupsDrainedOnOtherThreadsGetEveryValueExactlyOnceInOrder() {
        int n = 100_000;
        for (int round = 0; round < 3; round++) {
            List<List<Integer>> lists = Rill.range(0, n).subscribeOn(ENGINE).groupBy(i -> i % 8, 32)
                    .flatMap(g -> g.publishOn(ENGINE, 16).collectList())
                    .collectList().blockLast(BOUND);
            assertThat(lists).hasSize(8);
            long total = 0;
            for (List<Integer> l : lists) {
                int key = l.get(0) % 8;
                for (int i = 0; i < l.size(); i++) {
                    assertThat(l.get(i)).isEqualTo(key + 8 * i);
                }
                total += l.size();
            }
            assertThat(total).isEqualTo(n);
        }
    }

    @Test
    void theMainStreamCancelledWhileGroupsRunOnOtherThreadsLetsThemTakeWhatTheyAskThenEnds() throws InterruptedException {
        for (int round = 0; round < 20; round++) {
            // take(3) cancels the main stream after three groups; values of the other keys are then
            // dropped (and asked for again), the three groups take 100 each on engine threads and
            // cancel, and with that the source is cancelled: the stream ends, nothing hangs.
            CountDownLatch sourceCancelled = new CountDownLatch(1);
            long got = Rill.range(0, 1_000_000).doOnCancel(sourceCancelled::countDown).subscribeOn(ENGINE)
                    .groupBy(i -> i % 8, 16).take(3)
                    .flatMap(g -> g.publishOn(ENGINE, 4).take(100))
                    .count().blockLast(BOUND);
            assertThat(got).isEqualTo(300L);
            assertThat(sourceCancelled.await(BOUND.toMillis(), TimeUnit.MILLISECONDS)).as("source cancelled").isTrue();
        }
    }

    @Test
    void groupsCancelledOnOtherThreadsWhileValuesFlowLoseNoOtherValue() {
        // take(10) on each group cancels it on an engine thread while the source keeps sending:
        // new groups replace them, and the dropped values are asked for again, so nothing hangs.
        long got = Rill.range(0, 100_000).subscribeOn(ENGINE).groupBy(i -> i % 4, 16)
                .flatMap(g -> g.publishOn(ENGINE, 4).take(10))
                .count().blockLast(BOUND);
        assertThat(got).as("at least the first group of each key gave its ten").isBetween(40L, 100_000L);
    }
}
