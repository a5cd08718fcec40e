package dev.rill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rill.engine.Engine;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RillSubscribeOnTest {

    private final Engine engine = Engine.builder().workers(2).name("subscribe-on").build();

    @AfterEach
    void close() {
        engine.close();
    }

    @Test
    void subscriptionAndEmissionRunOnTheScheduler() {
        AtomicReference<String> subscribedOn = new AtomicReference<>();
        Set<String> emittedOn = ConcurrentHashMap.newKeySet();
        List<Integer> out = Rill.defer(() -> {
                    subscribedOn.set(Thread.currentThread().getName());
                    return Rill.range(0, 1000);
                }).subscribeOn(engine)
                .doOnNext(x -> emittedOn.add(Thread.currentThread().getName()))
                .collectList().blockLast(Duration.ofSeconds(10));
        assertThat(out).hasSize(1000);
        assertThat(subscribedOn.get()).startsWith("rill-subscribe-on-worker-");
        assertThat(emittedOn).allMatch(t -> t.startsWith("rill-subscribe-on-worker-"));
    }

    @Test
    void requestsFromAnotherThreadAreMovedToTheWorker() throws Exception {
        Set<String> emittedOn = ConcurrentHashMap.newKeySet();
        TestSubscriber<Integer> ts = new TestSubscriber<>(0);
        Rill.range(0, 100).doOnNext(x -> emittedOn.add(Thread.currentThread().getName())).subscribeOn(engine).subscribe(ts);
        for (int i = 0; i < 100; i++) {
            ts.request(1); // from the test thread
        }
        ts.await().assertComplete();
        assertThat(ts.values).hasSize(100);
        assertThat(emittedOn).allMatch(t -> t.startsWith("rill-subscribe-on-worker-"));
    }

    @Test
    void requestsMadeBeforeTheSourceArrivesAreKept() throws Exception {
        // Without the hand-off, requests go straight up once the source is there and are held
        // until then; either way all of them count.
        TestSubscriber<Integer> ts = new TestSubscriber<>(0);
        Rill.range(0, 10).subscribeOn(engine, false).subscribe(ts);
        for (int i = 0; i < 10; i++) {
            ts.request(1);
        }
        ts.await().assertComplete();
        assertThat(ts.values).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    }

    @Test
    void aClosedEngineFailsTheSubscriber() throws Exception {
        Engine closed = Engine.builder().workers(1).name("closed").build();
        closed.close();
        TestSubscriber<Integer> ts = TestSubscriber.unbounded();
        Rill.range(0, 3).subscribeOn(closed).subscribe(ts);
        ts.await();
        assertThat(ts.error()).isInstanceOf(RejectedExecutionException.class);
    }

    @Test
    void subscribeOnThenPublishOnCrossesThreadsWithoutLoss() {
        long count = Rill.range(0, 200_000).subscribeOn(engine).publishOn(engine).count().blockLast(Duration.ofSeconds(20));
        assertThat(count).isEqualTo(200_000L);
    }

    /** The example: blocking calls on the blocking pool, 16 at a time, results on the engine. */
    @Test
    void blockingCallsRunOnTheBlockingPoolAndResultsComeBackOnTheEngine() {
        Set<String> callThreads = ConcurrentHashMap.newKeySet();
        Set<String> mapThreads = ConcurrentHashMap.newKeySet();
        List<Integer> urls = Rill.range(0, 200).collectList().blockLast();
        List<String> titles = Rill.fromIterable(urls)
                .flatMap(u -> Rill.fromCallable(() -> {
                    callThreads.add(Thread.currentThread().getName());
                    Thread.sleep(1); // a blocking fetch
                    return "page " + u;
                }).subscribeOn(engine.blocking()), 16)
                .publishOn(engine)
                .map(page -> {
                    mapThreads.add(Thread.currentThread().getName());
                    return page.toUpperCase();
                })
                .collectList().blockLast(Duration.ofSeconds(30));
        assertThat(titles).hasSize(200).contains("PAGE 0", "PAGE 199");
        assertThat(callThreads).allMatch(n -> n.contains("blocking"));
        assertThat(mapThreads).allMatch(n -> n.contains("worker"));
    }
}
