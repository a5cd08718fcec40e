package dev.rill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rill.engine.Engine;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Issue 13, item 7: a user's upper bound (size, prefetch, capacity) is not allocated up front. */
class GrowWithContentTest {

    private static final int HUGE = Integer.MAX_VALUE;

    private final Engine engine = Engine.builder().workers(1).name("grow").build();

    @AfterEach
    void close() {
        engine.close();
    }

    @Test
    void bufferOfIntegerMaxValueGathersEverythingInOneList() {
        assertThat(sizedByContent(() -> Rill.range(0, 5).buffer(HUGE).blockLast())).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void shortListsOfAHugeBufferHoldSlotsForTheirValuesNotForTheBound() {
        // Each list of buffer(50_000_000) once held 50 million slots, 200 MB or more: eight of
        // them kept 1.6 GB. Now they keep a few kilobytes; the heap after a full collection tells.
        int lists = 8;
        long before = heapAfterGc();
        List<List<Integer>> kept = new ArrayList<>();
        for (int i = 0; i < lists; i++) {
            int from = i;
            kept.add(sizedByContent(() -> Rill.range(from, 3).buffer(50_000_000).blockLast()));
        }
        long retained = heapAfterGc() - before;
        assertThat(kept).hasSize(lists).allSatisfy(l -> assertThat(l).hasSize(3));
        assertThat(retained).as("bytes kept by %d three-value lists", lists).isLessThan(64L << 20);
    }

    /** Runs {@code run}; an OutOfMemoryError (allocating for the bound) fails this test only. */
    private static <T> T sizedByContent(Supplier<T> run) {
        try {
            return run.get();
        } catch (OutOfMemoryError e) {
            throw new AssertionError("allocated for the bound, not for the content", e);
        }
    }

    private static long heapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        memory.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }

    @Test
    void windowOfIntegerMaxValuePassesEverythingInOneWindow() {
        assertThat(Rill.range(0, 5).window(HUGE).concatMap(Rill::collectList).collectList().blockLast())
                .containsExactly(List.of(0, 1, 2, 3, 4));
    }

    @Test
    void onBackpressureBufferOfIntegerMaxValueBuffersUntilRequested() throws Exception {
        TestSubscriber<Integer> ts = new TestSubscriber<>(0);
        Rill.range(0, 2_000).hide().onBackpressureBuffer(HUGE).subscribe(ts);
        ts.request(2_000);
        ts.await().assertComplete();
        assertThat(ts.values).hasSize(2_000);
    }

    @Test
    void publishOnWithAPrefetchOfIntegerMaxValueDeliversInOrder() {
        List<Integer> out = Rill.range(0, 5_000).hide().publishOn(engine, HUGE).collectList().blockLast(Duration.ofSeconds(10));
        assertThat(out).hasSize(5_000);
        assertThat(out.get(4_999)).isEqualTo(4_999);
    }

    @Test
    void limitRateOfIntegerMaxValuePassesEverything() {
        assertThat(Rill.range(0, 5_000).hide().limitRate(HUGE).count().blockLast()).isEqualTo(5_000L);
    }

    @Test
    void concatMapWithAPrefetchOfIntegerMaxValueKeepsOrder() {
        assertThat(Rill.range(0, 5_000).hide().concatMap(i -> Rill.just(i).hide(), HUGE).collectList().blockLast())
                .hasSize(5_000).startsWith(0, 1, 2).endsWith(4_999);
    }

    @Test
    void flatMapWithAPrefetchOfIntegerMaxValueMergesEverything() {
        assertThat(Rill.range(0, 100).hide().flatMap(i -> Rill.range(i * 10, 10).hide(), 4, HUGE).count().blockLast())
                .isEqualTo(1_000L);
    }

    @Test
    void flatMapWithAHugeConcurrencyParksScalarsUntilRequested() throws Exception {
        // The scalar parking queue is sized by maxConcurrency (bounded: below Integer.MAX_VALUE).
        TestSubscriber<Integer> ts = new TestSubscriber<>(0);
        Rill.range(0, 3_000).hide().flatMap(Rill::just, HUGE - 1, HUGE).subscribe(ts);
        ts.request(3_000);
        ts.await().assertComplete();
        assertThat(ts.values).hasSize(3_000).startsWith(0, 1, 2);
    }
}
