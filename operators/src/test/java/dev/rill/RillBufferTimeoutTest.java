package dev.rill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rill.engine.Engine;
import dev.rill.engine.VirtualTimeScheduler;
import dev.rill.test.StepVerifier;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class RillBufferTimeoutTest {

    private static final Duration MS = Duration.ofMillis(1);

    @Test
    void aFullListGoesDownAtOnce() {
        StepVerifier.withVirtualTime(() -> Rill.range(1, 5).bufferTimeout(2, Duration.ofHours(1)))
                .expectNext(List.of(1, 2), List.of(3, 4), List.of(5))
                .verifyComplete();
    }

    @Test
    void aListGoesDownMaxTimeAfterItsFirstValueWhicheverComesFirst() {
        // values at 10, 20, 30, 40, 50 ms; a list's time is 25 ms from its first value
        StepVerifier.withVirtualTime(() -> Rill.interval(Duration.ofMillis(10)).take(5).bufferTimeout(10, Duration.ofMillis(25)))
                .expectNoEvent(Duration.ofMillis(34))
                .thenAwait(MS)
                .expectNext(List.of(0L, 1L, 2L)) // at 35: the timer started with 0 at 10
                .expectNoEvent(Duration.ofMillis(14))
                .thenAwait(MS)
                .expectNext(List.of(3L, 4L)) // at 50, the source's end; its timer (65) never fires
                .verifyComplete();
        StepVerifier.withVirtualTime(() -> Rill.interval(Duration.ofMillis(10)).take(5).bufferTimeout(2, Duration.ofMillis(25)))
                .thenAwait(Duration.ofMillis(20))
                .expectNext(List.of(0L, 1L)) // full at 20, before its time
                .thenAwait(Duration.ofMillis(20))
                .expectNext(List.of(2L, 3L))
                .thenAwait(Duration.ofMillis(10))
                .expectNext(List.of(4L))
                .verifyComplete();
    }

    @Test
    void aTimerRunsOnlyWhileAListIsOpenAndNoEmptyListIsEmitted() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        Push<Integer> src = new Push<>();
        TestSubscriber<List<Integer>> ts = TestSubscriber.unbounded();
        src.rill.bufferTimeout(3, Duration.ofMillis(10), vts).subscribe(ts);
        vts.advanceTimeBy(Duration.ofMillis(100));
        assertThat(vts.pending()).as("no timer without a value").isZero();
        assertThat(ts.values).as("no empty list").isEmpty();
        src.next(1);
        assertThat(vts.pending()).as("one timer per list").isEqualTo(1);
        src.next(2);
        assertThat(vts.pending()).isEqualTo(1);
        src.next(3);
        assertThat(vts.pending()).as("a full list cancels its timer").isZero();
        src.next(4);
        vts.advanceTimeBy(Duration.ofMillis(9));
        assertThat(ts.values).hasSize(1);
        vts.advanceTimeBy(MS);
        ts.assertValues(List.of(1, 2, 3), List.of(4));
        vts.advanceTimeBy(Duration.ofMillis(100));
        assertThat(ts.values).hasSize(2);
    }

    @Test
    void aListDueWithoutDemandFailsAndCancelsTheSource() throws Exception {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        Push<Integer> src = new Push<>();
        TestSubscriber<List<Integer>> ts = new TestSubscriber<>(1);
        src.rill.bufferTimeout(3, Duration.ofMillis(10), vts).subscribe(ts);
        src.next(1);
        vts.advanceTimeBy(Duration.ofMillis(10));
        src.next(2);
        vts.advanceTimeBy(Duration.ofMillis(10));
        assertThat(ts.await().error()).isInstanceOf(IllegalStateException.class).hasMessageContaining("bufferTimeout");
        ts.assertValues(List.of(1));
        assertThat(src.cancelled()).isTrue();
        assertThat(vts.pending()).isZero();
    }

    @Test
    void requestsTopTheSourceUpToMaxSizePerListOwedLessWhatItStillOwes() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        List<Long> requests = new CopyOnWriteArrayList<>();
        Push<Integer> src = new Push<>();
        TestSubscriber<List<Integer>> ts = new TestSubscriber<>(1);
        src.rill.doOnRequest(requests::add).bufferTimeout(3, Duration.ofMillis(10), vts).subscribe(ts);
        assertThat(requests).containsExactly(3L);
        src.next(1);
        vts.advanceTimeBy(Duration.ofMillis(10)); // [1] by time: the source still owes 2
        ts.request(1);
        assertThat(requests).containsExactly(3L, 1L);
        ts.request(2);
        assertThat(requests).containsExactly(3L, 1L, 6L);
    }

    @Test
    void theLastListWaitsForDemandAndAnErrorDropsIt() {
        StepVerifier.withVirtualTime(() -> Rill.range(1, 4).bufferTimeout(3, Duration.ofSeconds(1)), 1)
                .expectNext(List.of(1, 2, 3))
                .expectNoEvent(Duration.ofSeconds(5))
                .thenRequest(1)
                .expectNext(List.of(4))
                .verifyComplete();
        StepVerifier.withVirtualTime(() -> Rill.range(1, 2).concatWith(Rill.error(new IOException("boom")))
                        .bufferTimeout(3, Duration.ofSeconds(1)))
                .expectError(IOException.class)
                .verify();
    }

    @Test
    void valuesRacingWithTimersAreEachInExactlyOneListInOrder() {
        try (Engine engine = Engine.builder().workers(2).name("buffer-timeout-race").build()) {
            for (int round = 0; round < 20; round++) {
                int n = 50_000;
                List<List<Integer>> lists = Rill.range(0, n).subscribeOn(engine).doOnNext(Push::spin)
                        .bufferTimeout(7, Duration.ofNanos(20_000), engine)
                        .collectList().blockLast(Duration.ofSeconds(20));
                int next = 0;
                for (List<Integer> l : lists) {
                    assertThat(l).isNotEmpty().hasSizeLessThanOrEqualTo(7);
                    for (int v : l) {
                        if (v != next++) {
                            throw new AssertionError("expected " + (next - 1) + " but got " + v);
                        }
                    }
                }
                assertThat(next).isEqualTo(n);
            }
        }
    }
}
