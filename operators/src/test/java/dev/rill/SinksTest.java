package dev.rill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rill.Sinks.EmitResult;
import dev.rill.engine.Engine;
import dev.rill.engine.VirtualTimeScheduler;
import dev.rill.test.StepVerifier;
import dev.rill.test.TestSubscriber;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SinksTest {

    private final Engine engine = Engine.builder().workers(2).name("sinks").build();

    @AfterEach
    void close() {
        engine.close();
    }

    // ---------------------------------------------------------------- unicast

    @Test
    void unicastKeepsWhatCameBeforeItsSubscriberAndHonoursDemand() {
        Sinks.Many<Integer> sink = Sinks.many().unicast().onBackpressureBuffer();
        assertThat(sink.tryEmitNext(1)).isEqualTo(EmitResult.OK);
        assertThat(sink.tryEmitNext(2)).isEqualTo(EmitResult.OK);
        StepVerifier.create(sink.asRill(), 1)
                .expectNext(1)
                .then(() -> sink.tryEmitNext(3).orThrow())
                .expectNoEvent(Duration.ofMillis(20))
                .thenRequest(2)
                .expectNext(2, 3)
                .then(() -> sink.tryEmitComplete().orThrow())
                .verifyComplete();
        assertThat(sink.tryEmitNext(4)).isEqualTo(EmitResult.FAIL_TERMINATED);
        assertThat(sink.tryEmitComplete()).isEqualTo(EmitResult.FAIL_TERMINATED);
    }

    @Test
    void unicastTakesOneSubscriberAndRefusesAfterItCancels() {
        Sinks.Many<String> sink = Sinks.many().unicast().onBackpressureBuffer();
        TestSubscriber<String> first = TestSubscriber.create();
        TestSubscriber<String> second = TestSubscriber.create();
        sink.asRill().subscribe(first);
        sink.asRill().subscribe(second);
        second.assertError(IllegalStateException.class).assertErrorMessage("a unicast sink allows only one subscriber");
        assertThat(sink.currentSubscriberCount()).isEqualTo(1);
        first.cancel();
        assertThat(sink.tryEmitNext("x")).isEqualTo(EmitResult.FAIL_CANCELLED);
        assertThat(sink.currentSubscriberCount()).isZero();
        first.assertNoValues().assertNotTerminated();
    }

    @Test
    void aBadRequestEndsTheSubscriberWithTheRuleItBroke() {
        for (Sinks.Many<Integer> sink : List.<Sinks.Many<Integer>>of(Sinks.many().unicast().onBackpressureBuffer(),
                Sinks.many().multicast().onBackpressureBuffer(8), Sinks.many().multicast().directBestEffort(),
                Sinks.many().replay().all())) {
            TestSubscriber<Integer> ts = TestSubscriber.create(0);
            sink.asRill().subscribe(ts);
            ts.request(0);
            assertThat(ts.error()).as(sink.getClass().getSimpleName()).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("§3.9");
        }
    }

    // ---------------------------------------------------------------- one, empty

    @Test
    void oneReplaysItsValueToEverySubscriberOnceAskedFor() {
        Sinks.One<String> one = Sinks.one();
        TestSubscriber<String> early = TestSubscriber.create(0);
        one.asRill().subscribe(early);
        assertThat(one.currentSubscriberCount()).isEqualTo(1);
        assertThat(one.tryEmitValue("v")).isEqualTo(EmitResult.OK);
        assertThat(one.tryEmitValue("w")).isEqualTo(EmitResult.FAIL_TERMINATED);
        assertThat(one.tryEmitEmpty()).isEqualTo(EmitResult.FAIL_TERMINATED);
        early.assertNoValues().assertNotTerminated(); // the value waits for its request
        early.request(1).assertValues("v").assertComplete();
        StepVerifier.create(one.asRill()).expectNext("v").verifyComplete();
        assertThat(one.currentSubscriberCount()).isZero();
    }

    @Test
    void emptyAndErrorAreReplayedWithoutDemand() {
        Sinks.Empty<Void> empty = Sinks.empty();
        empty.tryEmitEmpty().orThrow();
        StepVerifier.create(empty.asRill(), 0).verifyComplete();
        Sinks.One<Integer> failed = Sinks.one();
        failed.tryEmitError(new IllegalStateException("boom")).orThrow();
        StepVerifier.create(failed.asRill(), 0).expectErrorMessage("boom").verify();
        assertThat(failed.tryEmitValue(1)).isEqualTo(EmitResult.FAIL_TERMINATED);
    }

    // ---------------------------------------------------------------- multicast

    @Test
    void multicastWarmsUpForItsFirstSubscriberThenGoesLive() {
        Sinks.Many<Integer> sink = Sinks.many().multicast().onBackpressureBuffer(16);
        sink.tryEmitNext(1).orThrow();
        sink.tryEmitNext(2).orThrow();
        TestSubscriber<Integer> first = TestSubscriber.create();
        sink.asRill().subscribe(first);
        first.assertValues(1, 2);
        TestSubscriber<Integer> second = TestSubscriber.create();
        sink.asRill().subscribe(second);
        sink.tryEmitNext(3).orThrow();
        sink.tryEmitComplete().orThrow();
        first.assertValues(1, 2, 3).assertComplete();
        second.assertValues(3).assertComplete();
        TestSubscriber<Integer> late = TestSubscriber.create();
        sink.asRill().subscribe(late);
        late.assertNoValues().assertComplete();
    }

    @Test
    void theSlowestSubscriberPacesAMulticastAndAFullBufferRefuses() {
        Sinks.Many<Integer> sink = Sinks.many().multicast().onBackpressureBuffer(2);
        TestSubscriber<Integer> fast = TestSubscriber.create();
        TestSubscriber<Integer> slow = TestSubscriber.create(1);
        sink.asRill().subscribe(fast);
        sink.asRill().subscribe(slow);
        assertThat(sink.tryEmitNext(1)).isEqualTo(EmitResult.OK);
        assertThat(sink.tryEmitNext(2)).isEqualTo(EmitResult.OK);
        assertThat(sink.tryEmitNext(3)).isEqualTo(EmitResult.OK);
        assertThat(sink.tryEmitNext(4)).isEqualTo(EmitResult.FAIL_OVERFLOW); // 2 and 3 wait for the slow one
        fast.assertValues(1);
        slow.assertValues(1);
        slow.request(1);
        fast.assertValues(1, 2);
        slow.cancel(); // a leaver stops counting
        fast.assertValues(1, 2, 3);
        assertThat(sink.tryEmitNext(4)).isEqualTo(EmitResult.OK);
        fast.assertValues(1, 2, 3, 4);
    }

    @Test
    void giving_upOnAnOverflowFailsTheSinkSoItsSubscribersKnow() {
        Sinks.Many<Integer> sink = Sinks.many().multicast().onBackpressureBuffer(1);
        TestSubscriber<Integer> ts = TestSubscriber.create(0);
        sink.asRill().subscribe(ts);
        sink.emitNext(1, Sinks.EmitFailureHandler.FAIL_FAST);
        sink.emitNext(2, Sinks.EmitFailureHandler.FAIL_FAST); // refused: the buffer of one is full
        ts.request(5).assertValues(1).assertError(IllegalStateException.class);
        assertThat(ts.error()).hasMessageContaining("overflowed");
    }

    @Test
    void whenTheLastSubscriberLeavesAMulticastIsCancelled() {
        Sinks.Many<Integer> sink = Sinks.many().multicast().onBackpressureBuffer();
        TestSubscriber<Integer> ts = TestSubscriber.create();
        sink.asRill().subscribe(ts);
        ts.cancel();
        assertThat(sink.tryEmitNext(1)).isEqualTo(EmitResult.FAIL_CANCELLED);
        TestSubscriber<Integer> late = TestSubscriber.create();
        sink.asRill().subscribe(late);
        late.assertError(IllegalStateException.class); // told, not left waiting
    }

    // ---------------------------------------------------------------- direct best effort

    @Test
    void directBestEffortGivesEachValueToWhoeverHasDemand() {
        Sinks.Many<Integer> sink = Sinks.many().multicast().directBestEffort();
        assertThat(sink.tryEmitNext(0)).isEqualTo(EmitResult.FAIL_ZERO_SUBSCRIBER);
        TestSubscriber<Integer> eager = TestSubscriber.create();
        TestSubscriber<Integer> idle = TestSubscriber.create(0);
        sink.asRill().subscribe(eager);
        sink.asRill().subscribe(idle);
        assertThat(sink.tryEmitNext(1)).isEqualTo(EmitResult.OK);
        eager.cancel();
        assertThat(sink.tryEmitNext(2)).isEqualTo(EmitResult.FAIL_OVERFLOW); // nobody with demand
        idle.request(1);
        assertThat(sink.tryEmitNext(3)).isEqualTo(EmitResult.OK);
        sink.tryEmitComplete().orThrow();
        eager.assertValues(1).assertNotTerminated();
        idle.assertValues(3).assertComplete();
    }

    @Test
    void aValueEmittedFromInsideOnNextFollowsTheOneBeingDelivered() {
        Sinks.Many<Integer> sink = Sinks.many().multicast().directBestEffort();
        List<String> seen = new ArrayList<>();
        sink.asRill().subscribe(v -> {
            seen.add("a" + v);
            if (v == 1) {
                sink.tryEmitNext(2).orThrow();
            }
        });
        sink.asRill().subscribe(v -> seen.add("b" + v));
        sink.tryEmitNext(1).orThrow();
        assertThat(seen).containsExactly("a1", "b1", "a2", "b2");
    }

    // ---------------------------------------------------------------- replay

    @Test
    void replayAllGivesEveryLateSubscriberTheWholeHistory() {
        Sinks.Many<Integer> sink = Sinks.many().replay().all();
        for (int i = 1; i <= 5; i++) {
            sink.tryEmitNext(i).orThrow();
        }
        StepVerifier.create(sink.asRill(), 2)
                .expectNext(1, 2)
                .thenRequest(10)
                .expectNext(3, 4, 5)
                .then(() -> sink.tryEmitNext(6).orThrow())
                .expectNext(6)
                .then(() -> sink.tryEmitComplete().orThrow())
                .verifyComplete();
        StepVerifier.create(sink.asRill()).expectNext(1, 2, 3, 4, 5, 6).verifyComplete();
    }

    @Test
    void replayLimitKeepsTheLastValuesOrTheRecentOnes() {
        Sinks.Many<Integer> last2 = Sinks.many().replay().limit(2);
        for (int i = 1; i <= 5; i++) {
            last2.tryEmitNext(i).orThrow();
        }
        StepVerifier.create(last2.asRill()).expectNext(4, 5).thenCancel().verify();
        VirtualTimeScheduler clock = VirtualTimeScheduler.create();
        Sinks.Many<Integer> recent = Sinks.many().replay().limit(Duration.ofSeconds(10), clock);
        recent.tryEmitNext(1).orThrow();
        clock.advanceTimeBy(Duration.ofSeconds(8));
        recent.tryEmitNext(2).orThrow();
        clock.advanceTimeBy(Duration.ofSeconds(5)); // 1 is 13 s old, 2 is 5 s old
        StepVerifier.create(recent.asRill()).expectNext(2).thenCancel().verify();
        assertThatThrownBy(() -> Sinks.many().replay().limit(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("history");
        assertThatThrownBy(() -> Sinks.many().replay().limit(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxAge");
    }

    @Test
    void badInputIsNamed() {
        Sinks.Many<Integer> sink = Sinks.many().multicast().onBackpressureBuffer();
        assertThatThrownBy(() -> sink.tryEmitNext(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("value");
        assertThatThrownBy(() -> sink.tryEmitError(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("error");
        assertThatThrownBy(() -> sink.emitNext(1, null)).isInstanceOf(NullPointerException.class).hasMessageContaining("handler");
        assertThatThrownBy(() -> Sinks.one().tryEmitValue(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Sinks.many().multicast().onBackpressureBuffer(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bufferSize");
        assertThatThrownBy(EmitResult.FAIL_OVERFLOW::orThrow).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("FAIL_OVERFLOW");
    }

    // ---------------------------------------------------------------- concurrency

    /**
     * The stress: a multicast sink fed from 4 threads at once (retrying on overflow) to 2
     * subscribers on the engine; every value reaches each subscriber exactly once, and each
     * thread's values arrive in the order it emitted them.
     */
    @Test
    void fourEmittersTwoSubscribersNothingLostOrDuplicated() throws Exception {
        emittersToSubscribers(Sinks.many().multicast().onBackpressureBuffer(256), 2, 1_000_000);
    }

    @Test
    void concurrentEmittersIntoUnicastAndReplayLoseNothing() throws Exception {
        emittersToSubscribers(Sinks.many().unicast().onBackpressureBuffer(), 1, 200_000);
        emittersToSubscribers(Sinks.many().replay().all(), 2, 200_000);
    }

    private void emittersToSubscribers(Sinks.Many<Integer> sink, int subscribers, int n) throws Exception {
        final int threads = 4;
        AtomicIntegerArray[] seen = new AtomicIntegerArray[subscribers];
        AtomicReference<String> disorder = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(subscribers);
        for (int k = 0; k < subscribers; k++) {
            AtomicIntegerArray mine = new AtomicIntegerArray(n);
            seen[k] = mine;
            int[] lastPerThread = new int[threads];
            java.util.Arrays.fill(lastPerThread, -1);
            sink.asRill().publishOn(engine).subscribe(v -> {
                mine.incrementAndGet(v);
                int t = v % threads;
                if (v <= lastPerThread[t]) {
                    disorder.compareAndSet(null, v + " after " + lastPerThread[t]);
                }
                lastPerThread[t] = v;
            }, e -> disorder.compareAndSet(null, e.toString()), done::countDown);
        }
        List<Thread> emitters = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int first = t;
            emitters.add(new Thread(() -> {
                for (int v = first; v < n; v += threads) {
                    sink.emitNext(v, r -> r == EmitResult.FAIL_OVERFLOW); // a subscriber is catching up: retry
                }
            }));
        }
        emitters.forEach(Thread::start);
        for (Thread t : emitters) {
            t.join(TimeUnit.SECONDS.toMillis(30));
            assertThat(t.isAlive()).isFalse();
        }
        sink.tryEmitComplete().orThrow();
        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(disorder.get()).isNull();
        for (AtomicIntegerArray mine : seen) {
            for (int v = 0; v < n; v++) {
                if (mine.get(v) != 1) {
                    throw new AssertionError("value " + v + " arrived " + mine.get(v) + " times");
                }
            }
        }
    }
}
