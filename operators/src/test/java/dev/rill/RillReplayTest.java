package dev.rill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rill.engine.Engine;
import dev.rill.engine.VirtualTimeScheduler;
import dev.rill.test.StepVerifier;
import dev.rill.test.TestSubscriber;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code replay()}, {@code replay(n)}, {@code replay(maxAge)} and {@code cache()}. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RillReplayTest {

    private final AtomicInteger subscriptions = new AtomicInteger();
    private final List<Long> requests = new CopyOnWriteArrayList<>();

    private <T> Rill<T> counted(Rill<T> source) {
        return source.doOnSubscribe(s -> subscriptions.incrementAndGet()).doOnRequest(requests::add).hide();
    }

    @Test
    void aLateSubscriberGetsEverythingSoFarThenTheEnd() {
        ConnectableRill<Integer> r = counted(Rill.range(1, 5)).replay();
        TestSubscriber<Integer> early = TestSubscriber.create();
        r.subscribe(early);
        early.assertNoValues(); // nothing before connect
        r.connect();
        early.assertValues(1, 2, 3, 4, 5).assertComplete();
        StepVerifier.create(r).expectNext(1, 2, 3, 4, 5).expectComplete().verify(Duration.ofSeconds(5));
        assertThat(subscriptions).hasValue(1);
    }

    @Test
    void withNoSubscriberTheSourceRunsAPrefetchAheadThenWaitsForOne() {
        ConnectableRill<Integer> r = counted(Rill.range(0, 1000)).replay();
        r.connect();
        assertThat(requests).containsExactly(256L);
        StepVerifier.create(r).expectNextCount(1000).expectComplete().verify(Duration.ofSeconds(5));
    }

    @Test
    void theLastSubscriberLeavingAnEndlessSourceReturnsFromCancel() {
        ConnectableRill<Long> r = Rill.range(0L, Long.MAX_VALUE).replay(4);
        TestSubscriber<Long> ts = TestSubscriber.create(3);
        r.subscribe(ts);
        r.connect();
        ts.cancel(); // no one left: the source runs a prefetch (256) past the last value, then waits
        ts.assertValues(0L, 1L, 2L);
        StepVerifier.create(r, 4).expectNext(508L, 509L, 510L, 511L).thenCancel().verify(Duration.ofSeconds(5));
    }

    @Test
    void replayOfNKeepsTheLastN() {
        ConnectableRill<Integer> r = Rill.range(1, 10).replay(3);
        r.connect();
        StepVerifier.create(r).expectNext(8, 9, 10).expectComplete().verify(Duration.ofSeconds(5));
    }

    @Test
    void replayOfAnAgeKeepsWhatIsYoungerThanIt() {
        VirtualTimeScheduler clock = VirtualTimeScheduler.create();
        Sinks.Many<String> feed = Sinks.many().unicast().onBackpressureBuffer();
        ConnectableRill<String> r = feed.asRill().replay(Duration.ofSeconds(10), clock);
        r.connect();
        feed.tryEmitNext("t0").orThrow();
        clock.advanceTimeBy(Duration.ofSeconds(6));
        feed.tryEmitNext("t6").orThrow();
        clock.advanceTimeBy(Duration.ofSeconds(5)); // t0 is 11 s old now, t6 is 5 s old
        TestSubscriber<String> late = TestSubscriber.create();
        r.subscribe(late);
        late.assertValues("t6").assertNotTerminated();
        feed.tryEmitNext("t11").orThrow();
        late.assertValues("t6", "t11");
    }

    @Test
    void theSlowestSubscriberPacesTheSourceAndALeaverStopsCounting() {
        ConnectableRill<Integer> r = counted(Rill.range(0, 10_000)).replay();
        TestSubscriber<Integer> fast = TestSubscriber.create();
        TestSubscriber<Integer> slow = TestSubscriber.create(10);
        r.subscribe(fast);
        r.subscribe(slow);
        r.connect();
        assertThat(requests).containsExactly(256L); // the prefetch: slow is 10 in, not a batch
        fast.assertValueCount(256);
        slow.request(200); // slow at 210: 466 may be asked for, 210 more
        assertThat(requests).containsExactly(256L, 210L);
        fast.assertValueCount(466);
        slow.cancel(); // the fast one alone paces now
        fast.assertValueCount(10_000).assertComplete();
        assertThat(requests.stream().mapToLong(Long::longValue).sum()).isGreaterThanOrEqualTo(10_000);
    }

    @Test
    void cacheSubscribesOnceAndRemembersTheValueForEveryone() {
        AtomicInteger calls = new AtomicInteger();
        Rill<Integer> token = Rill.fromCallable(calls::incrementAndGet).cache();
        assertThat(calls).hasValue(0); // lazy: nothing until the first subscriber
        for (int i = 0; i < 3; i++) {
            StepVerifier.create(token).expectNext(1).expectComplete().verify(Duration.ofSeconds(5));
        }
        assertThat(calls).hasValue(1);
    }

    @Test
    void cacheRemembersAnErrorToo() {
        AtomicInteger calls = new AtomicInteger();
        Rill<Integer> failing = Rill.<Integer>defer(() -> {
            calls.incrementAndGet();
            return Rill.concat(Rill.just(1), Rill.error(new IllegalStateException("down")));
        }).cache(5);
        for (int i = 0; i < 2; i++) {
            StepVerifier.create(failing).expectNext(1).expectErrorMessage("down").verify(Duration.ofSeconds(5));
        }
        assertThat(calls).hasValue(1);
    }

    @Test
    void cancellingTheConnectionEndsItsSubscribersInsteadOfLeavingThemWaiting() {
        ConnectableRill<Object> r = Rill.never().replay();
        TestSubscriber<Object> ts = TestSubscriber.create();
        r.subscribe(ts);
        r.connect().cancel();
        ts.assertError(CancellationException.class);
    }

    @Test
    void refCountReconnectsWithAFreshHistoryAfterTheLastLeft() {
        Sinks.Many<Integer> first = Sinks.many().unicast().onBackpressureBuffer();
        Sinks.Many<Integer> second = Sinks.many().unicast().onBackpressureBuffer();
        List<Sinks.Many<Integer>> sources = new ArrayList<>(List.of(first, second));
        Rill<Integer> shared = Rill.defer(() -> sources.remove(0).asRill()).replay().refCount();
        TestSubscriber<Integer> a = TestSubscriber.create();
        shared.subscribe(a);
        first.tryEmitNext(1).orThrow();
        a.assertValues(1);
        a.cancel();
        TestSubscriber<Integer> b = TestSubscriber.create();
        shared.subscribe(b);
        second.tryEmitNext(2).orThrow();
        b.assertValues(2); // not 1: the first connection's history went with it
    }

    @Test
    void badArgumentsAreNamedAtAssembly() {
        Rill<Integer> r = Rill.just(1);
        assertThatThrownBy(() -> r.replay(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("history");
        assertThatThrownBy(() -> r.replay(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxAge");
        assertThatThrownBy(() -> r.replay((Duration) null)).isInstanceOf(NullPointerException.class).hasMessage("maxAge");
        assertThatThrownBy(() -> r.replay(Duration.ZERO, null)).isInstanceOf(NullPointerException.class)
                .hasMessage("scheduler");
        assertThatThrownBy(() -> r.cache(-2)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("history");
    }

    @Test
    void asyncSubscribersEachGetEveryValueOnceInOrder() {
        Engine engine = Engine.builder().workers(2).name("replay-stress").build();
        try {
            int n = 20_000;
            for (int round = 0; round < 5; round++) {
                ConnectableRill<Integer> r = Rill.range(0, n).publishOn(engine).replay(64);
                List<TestSubscriber<Integer>> subs = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    TestSubscriber<Integer> ts = TestSubscriber.create();
                    subs.add(ts);
                    r.publishOn(engine, 1 + i * 7).subscribe(ts);
                }
                r.connect();
                for (TestSubscriber<Integer> ts : subs) {
                    ts.awaitDone(Duration.ofSeconds(20)).assertComplete().assertValueCount(n);
                    List<Integer> values = ts.values();
                    for (int i = 0; i < n; i++) {
                        assertThat(values.get(i)).isEqualTo(i);
                    }
                }
            }
        } finally {
            engine.close();
        }
    }
}
