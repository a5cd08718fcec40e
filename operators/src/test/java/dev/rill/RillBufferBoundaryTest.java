package dev.rill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rill.engine.Engine;
import dev.rill.test.StepVerifier;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RillBufferBoundaryTest {

    @Test
    void eachBoundarySignalEmitsTheValuesSinceThePreviousOneButNoEmptyList() {
        Push<Integer> src = new Push<>();
        Push<String> boundary = new Push<>();
        TestSubscriber<List<Integer>> ts = TestSubscriber.unbounded();
        src.rill.buffer(boundary.rill).subscribe(ts);
        src.next(1).next(2);
        boundary.next("tick");
        boundary.next("tick");
        src.next(3);
        boundary.next("tick");
        ts.assertValues(List.of(1, 2), List.of(3));
        src.next(4);
        src.complete();
        ts.assertValues(List.of(1, 2), List.of(3), List.of(4));
        assertThat(ts.completions).isEqualTo(1);
        assertThat(boundary.cancelled()).as("the source's end cancels the boundary").isTrue();
    }

    @Test
    void theBoundarysEndCompletesWithTheUnfinishedListAndCancelsTheSource() {
        Push<Integer> src = new Push<>();
        Push<String> boundary = new Push<>();
        TestSubscriber<List<Integer>> ts = TestSubscriber.unbounded();
        src.rill.buffer(boundary.rill).subscribe(ts);
        src.next(1);
        boundary.complete();
        ts.assertValues(List.of(1));
        assertThat(ts.completions).isEqualTo(1);
        assertThat(src.cancelled()).isTrue();
    }

    @Test
    void anErrorOfEitherFailsTheStreamAndCancelsTheOther() {
        Push<Integer> src = new Push<>();
        Push<String> boundary = new Push<>();
        TestSubscriber<List<Integer>> ts = TestSubscriber.unbounded();
        src.rill.buffer(boundary.rill).subscribe(ts);
        src.next(1);
        boundary.error(new IOException("boundary"));
        assertThat(ts.errors).singleElement().satisfies(e -> assertThat(e).hasMessage("boundary"));
        assertThat(src.cancelled()).isTrue();
        assertThat(ts.values).isEmpty();

        Push<Integer> src2 = new Push<>();
        Push<String> boundary2 = new Push<>();
        TestSubscriber<List<Integer>> ts2 = TestSubscriber.unbounded();
        src2.rill.buffer(boundary2.rill).subscribe(ts2);
        src2.error(new IOException("source"));
        assertThat(ts2.errors).singleElement().satisfies(e -> assertThat(e).hasMessage("source"));
        assertThat(boundary2.cancelled()).isTrue();
    }

    @Test
    void aListDueWithoutDemandFailsTheStream() {
        Push<Integer> src = new Push<>();
        Push<String> boundary = new Push<>();
        TestSubscriber<List<Integer>> ts = new TestSubscriber<>(1);
        src.rill.buffer(boundary.rill).subscribe(ts);
        src.next(1);
        boundary.next("a");
        src.next(2);
        boundary.next("b");
        assertThat(ts.errors).singleElement().isInstanceOf(IllegalStateException.class);
        assertThat(src.cancelled()).isTrue();
        assertThat(boundary.cancelled()).isTrue();
    }

    @Test
    void aTimedBoundaryCutsAtItsTicksInVirtualTime() {
        // values at 3, 6, 9, ... ms; the boundary ticks at 10 and 20 ms, then the source ends at 24
        StepVerifier.withVirtualTime(() -> Rill.interval(Duration.ofMillis(3)).take(8)
                        .buffer(Rill.interval(Duration.ofMillis(10))))
                .thenAwait(Duration.ofMillis(10))
                .expectNext(List.of(0L, 1L, 2L))
                .thenAwait(Duration.ofMillis(10))
                .expectNext(List.of(3L, 4L, 5L))
                .thenAwait(Duration.ofMillis(4))
                .expectNext(List.of(6L, 7L))
                .verifyComplete();
    }

    @Test
    void valuesRacingWithBoundarySignalsAreEachInExactlyOneListInOrder() {
        try (Engine engine = Engine.builder().workers(2).name("buffer-boundary-race").build()) {
            for (int round = 0; round < 20; round++) {
                int n = 50_000;
                List<Integer> flat = Rill.range(0, n).subscribeOn(engine).doOnNext(Push::spin)
                        .buffer(Rill.interval(Duration.ofNanos(20_000), engine))
                        .flatMapIterable(l -> l)
                        .collectList().blockLast(Duration.ofSeconds(20));
                assertThat(flat).hasSize(n);
                for (int i = 0; i < n; i++) {
                    if (flat.get(i) != i) {
                        throw new AssertionError("position " + i + " holds " + flat.get(i));
                    }
                }
            }
        }
    }
}
