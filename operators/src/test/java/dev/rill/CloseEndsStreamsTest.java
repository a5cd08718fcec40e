package dev.rill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rill.engine.Engine;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.reactivestreams.Publisher;

/**
 * Closing an engine with streams in flight ends every one of them: a stream whose timer, queued
 * drain, queued subscription or blocking-pool work the engine will no longer run gets {@code
 * onError(RejectedExecutionException)} naming the engine, and a {@code blockLast()} without a
 * timeout returns by throwing it. Before, 7 of 9 such streams never heard anything.
 */
@Timeout(60)
class CloseEndsStreamsTest {

    private static final Duration LONG = Duration.ofHours(1);

    @Test
    void streamsWaitingOnTimersEndWithAnErrorNamingTheEngine() throws Exception {
        Engine engine = Engine.builder().workers(2).name("closing-timers").build();
        Map<String, Publisher<?>> streams = new LinkedHashMap<>();
        streams.put("interval", Rill.interval(Duration.ofMillis(1), engine));
        streams.put("timer", Rill.timer(LONG, engine));
        streams.put("delayElements", Rill.range(0, 10).delayElements(LONG, engine));
        streams.put("delaySubscription", Rill.range(0, 10).delaySubscription(LONG, engine));
        streams.put("timeout", Rill.never().timeout(LONG, engine));
        streams.put("take(Duration)", Rill.never().take(LONG, engine));
        streams.put("debounce", Rill.just(1).concatWith(Rill.never()).debounce(LONG, engine));
        streams.put("sample", Rill.never().sample(LONG, engine));
        streams.put("buffer(Duration)", Rill.never().buffer(LONG, engine));
        streams.put("interval.publishOn", Rill.interval(Duration.ofMillis(1), engine).publishOn(engine));
        Map<String, TestSubscriber<Object>> subs = subscribeAll(streams);
        TestSubscriber<Object> ticks = subs.get("interval");
        TestSubscriber.awaitCondition(Duration.ofSeconds(10), () -> ticks.values.size() >= 3);

        engine.close();

        assertEveryoneToldOfTheClose(subs, "closing-timers");
    }

    /**
     * The close timeout runs out while one worker is stuck (it ignores interrupts), so the work
     * queued behind it (a publishOn drain, a subscribeOn subscription, blocking-pool work) is
     * dropped for good: each stream hears it.
     */
    @Test
    void streamsWhoseQueuedWorkIsDroppedEndWithAnErrorNamingTheEngine() throws Exception {
        // No spare thread: the point is work that stays queued behind a stuck worker until the
        // close drops it (a spare would run it once the worker counts as stuck).
        Engine engine = Engine.builder().workers(1).blockingThreads(1).name("closing-queues").spareThreads(0)
                .closeTimeout(Duration.ofMillis(200)).build();
        CountDownLatch stuck = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        Runnable ignoreInterrupts = () -> {
            stuck.countDown();
            awaitIgnoringInterrupts(release, 1_000);
        };
        engine.execute(ignoreInterrupts);
        engine.blocking().execute(ignoreInterrupts);
        assertThat(stuck.await(10, TimeUnit.SECONDS)).isTrue();
        Map<String, Publisher<?>> streams = new LinkedHashMap<>();
        streams.put("publishOn", Rill.range(0, 10).publishOn(engine));
        streams.put("subscribeOn", Rill.range(0, 10).subscribeOn(engine));
        streams.put("publishOn(blocking)", Rill.range(0, 10).publishOn(engine.blocking()));
        streams.put("subscribeOn(blocking)", Rill.range(0, 10).subscribeOn(engine.blocking()));
        Map<String, TestSubscriber<Object>> subs = subscribeAll(streams);
        subs.values().forEach(TestSubscriber::assertNotTerminated); // all queued behind the stuck tasks

        engine.close();

        assertEveryoneToldOfTheClose(subs, "closing-queues");
    }

    @Test
    void blockLastWithoutATimeoutReturnsWhenTheEngineCloses() throws Exception {
        Engine engine = Engine.builder().workers(2).name("closing-block").build();
        CompletableFuture<Object> blocked = CompletableFuture.supplyAsync(
                () -> Rill.interval(Duration.ofMillis(1), engine).publishOn(engine).blockLast());
        TestSubscriber.awaitCondition(Duration.ofSeconds(10), () -> engine.metrics().timersPending() > 0);
        engine.close();
        try {
            blocked.get(10, TimeUnit.SECONDS);
            throw new AssertionError("blockLast returned normally");
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(RejectedExecutionException.class)
                    .hasMessageContaining("'closing-block'");
        }
    }

    private static Map<String, TestSubscriber<Object>> subscribeAll(Map<String, Publisher<?>> streams) {
        Map<String, TestSubscriber<Object>> subs = new LinkedHashMap<>();
        streams.forEach((name, p) -> {
            TestSubscriber<Object> ts = TestSubscriber.unbounded();
            @SuppressWarnings("unchecked")
            Publisher<Object> po = (Publisher<Object>) p;
            po.subscribe(ts);
            subs.put(name, ts);
        });
        return subs;
    }

    private static void assertEveryoneToldOfTheClose(Map<String, TestSubscriber<Object>> subs, String engine) {
        subs.forEach((name, ts) -> {
            TestSubscriber.awaitCondition(Duration.ofSeconds(10), () -> !ts.errors.isEmpty() || ts.completions != 0);
            assertThat(ts.completions).as(name + " completed").isZero();
            assertThat(ts.errors).as(name).hasSize(1);
            assertThat(ts.errors.get(0)).as(name)
                    .isInstanceOf(RejectedExecutionException.class)
                    .hasMessageContaining("'" + engine + "'");
        });
    }

    private static void awaitIgnoringInterrupts(CountDownLatch latch, long ms) {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
        while (System.nanoTime() < end) {
            try {
                if (latch.await(end - System.nanoTime(), TimeUnit.NANOSECONDS)) {
                    return;
                }
            } catch (InterruptedException ignored) {
                // outlives the close's interrupt on purpose
            }
        }
    }
}
