package dev.rill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rill.engine.VirtualTimeScheduler;
import dev.rill.publishers.Emitter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The push, state-machine, time and resource sources. */
class RillSourcesTest {

    @Test
    void generateRunsAStateMachineAndDisposesTheStateOnEveryPath() {
        List<Integer> disposed = new CopyOnWriteArrayList<>();
        Rill<Integer> counter = Rill.generate(() -> 0, (i, sink) -> {
            if (i == 5) {
                sink.complete();
            } else {
                sink.next(i);
            }
            return i + 1;
        }, disposed::add);
        assertThat(counter.collectList().blockLast()).containsExactly(0, 1, 2, 3, 4);
        assertThat(counter.take(2).collectList().blockLast()).containsExactly(0, 1);
        assertThat(disposed).containsExactly(6, 2);
        assertThatThrownBy(() -> Rill.<Integer>generate(sink -> {
            sink.next(1);
            sink.next(2);
        }).blockLast()).hasMessageContaining("more than once");
        assertThatThrownBy(() -> Rill.<Integer>generate(sink -> sink.error(new IllegalStateException("gen"))).blockLast())
                .hasMessage("gen");
    }

    @Test
    void createBuffersDropsKeepsLatestOrFailsBeyondDemand() throws Exception {
        for (Emitter.Overflow o : Emitter.Overflow.values()) {
            AtomicReference<Emitter<Integer>> em = new AtomicReference<>();
            TestSubscriber<Integer> ts = new TestSubscriber<>(2);
            Rill.create(em::set, o).subscribe(ts);
            for (int i = 0; i < 5; i++) {
                em.get().next(i);
            }
            ts.request(10);
            em.get().next(5);
            em.get().complete();
            switch (o) {
                case BUFFER -> ts.assertValues(0, 1, 2, 3, 4, 5);
                case DROP -> ts.assertValues(0, 1, 5);
                case LATEST -> ts.assertValues(0, 1, 4, 5);
                case ERROR -> {
                    assertThat(ts.values).containsExactly(0, 1);
                    assertThat(ts.error()).isInstanceOf(IllegalStateException.class).hasMessageContaining("ERROR");
                    continue;
                }
            }
            ts.await().assertComplete();
        }
    }

    @Test
    void createSerializesPushesFromManyThreadsAndRunsCallbacksOnce() throws Exception {
        AtomicInteger cancels = new AtomicInteger();
        AtomicInteger disposals = new AtomicInteger();
        CountDownLatch started = new CountDownLatch(1);
        TestSubscriber<Integer> ts = TestSubscriber.unbounded();
        Rill.<Integer>create(e -> {
            e.onCancel(cancels::incrementAndGet);
            e.onDispose(disposals::incrementAndGet);
            Thread[] ps = new Thread[4];
            for (int p = 0; p < 4; p++) {
                int base = p * 100_000;
                ps[p] = new Thread(() -> {
                    for (int i = 0; i < 100_000; i++) {
                        e.next(base + i);
                    }
                });
                ps[p].start();
            }
            new Thread(() -> {
                for (Thread t : ps) {
                    try {
                        t.join();
                    } catch (InterruptedException ex) {
                        return;
                    }
                }
                e.complete();
            }).start();
            started.countDown();
        }).subscribe(ts);
        ts.await().assertComplete();
        assertThat(ts.values).hasSize(400_000).doesNotHaveDuplicates();
        assertThat(ts.maxDepth).isEqualTo(1); // never two onNext at once on the subscriber
        assertThat(disposals.get()).isEqualTo(1);
        assertThat(cancels.get()).isZero();
    }

    @Test
    void intervalTicksOnTheSchedulersClockAndFailsWithoutDemand() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        TestSubscriber<Long> ts = new TestSubscriber<>(3);
        Rill.interval(Duration.ofMillis(10), Duration.ofMillis(10), vts).subscribe(ts);
        vts.advanceTimeBy(Duration.ofMillis(30));
        ts.assertValues(0L, 1L, 2L);
        ts.assertNotTerminated();
        vts.advanceTimeBy(Duration.ofMillis(10));
        assertThat(ts.error()).isInstanceOf(IllegalStateException.class).hasMessageContaining("lack of requests");
        assertThat(vts.pending()).as("the periodic timer is cancelled").isZero();

        TestSubscriber<Long> taken = TestSubscriber.unbounded();
        Rill.interval(Duration.ZERO, Duration.ofMillis(5), vts).take(4).subscribe(taken);
        vts.advanceTimeBy(Duration.ofMillis(100));
        taken.assertValues(0L, 1L, 2L, 3L);
        taken.assertComplete();
        assertThat(vts.pending()).isZero();
    }

    @Test
    void timerFiresOnceAfterItsDelay() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        TestSubscriber<Long> ts = TestSubscriber.unbounded();
        Rill.timer(Duration.ofSeconds(2), vts).subscribe(ts);
        vts.advanceTimeBy(Duration.ofMillis(1999));
        ts.assertNotTerminated();
        vts.advanceTimeBy(Duration.ofMillis(1));
        ts.assertValues(0L);
        ts.assertComplete();
        TestSubscriber<Long> cancelled = TestSubscriber.unbounded();
        Rill.timer(Duration.ofSeconds(1), vts).subscribe(cancelled);
        cancelled.subscription.cancel();
        assertThat(vts.pending()).isZero();
    }

    @Test
    void timerOnTheCommonEngineReallyWaits() {
        long t0 = System.nanoTime();
        assertThat(Rill.timer(Duration.ofMillis(20)).blockLast(Duration.ofSeconds(5))).isZero();
        assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(20));
    }

    @Test
    void usingCleansUpOnceOnEveryPath() {
        List<String> log = new CopyOnWriteArrayList<>();
        Rill<Integer> r = Rill.using(() -> "res", res -> Rill.range(0, 5), res -> log.add("cleanup " + res));
        assertThat(r.collectList().blockLast()).hasSize(5);
        assertThat(r.take(1).blockLast()).isZero();
        Rill<Integer> failing = Rill.using(() -> "bad", res -> Rill.error(new IllegalStateException("inner")),
                res -> log.add("cleanup " + res));
        assertThatThrownBy(failing::blockLast).hasMessage("inner");
        Rill<Integer> factoryFails = Rill.using(() -> "f", res -> {
            throw new IllegalArgumentException("factory");
        }, res -> log.add("cleanup " + res));
        assertThatThrownBy(factoryFails::blockLast).hasMessage("factory");
        assertThat(log).containsExactly("cleanup res", "cleanup res", "cleanup bad", "cleanup f");
    }

    @Test
    void doFinallyRunsOnceAfterAnyEnding() {
        AtomicInteger runs = new AtomicInteger();
        Rill.range(0, 3).doFinally(runs::incrementAndGet).blockLast();
        Rill.range(0, 100).doFinally(runs::incrementAndGet).take(1).blockLast();
        assertThatThrownBy(() -> Rill.error(new IllegalStateException("e")).doFinally(runs::incrementAndGet).blockLast())
                .hasMessage("e");
        assertThat(runs.get()).isEqualTo(3);
    }
}
