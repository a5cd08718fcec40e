package dev.rill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rill.engine.Engine;
import dev.rill.engine.VirtualTimeScheduler;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RillBufferTimedTest {

    private static final Duration MS10 = Duration.ofMillis(10);

    @Test
    void emitsOneListPerPeriodEmptyOnesIncluded() throws Exception {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        Push<Integer> src = new Push<>();
        TestSubscriber<List<Integer>> ts = TestSubscriber.unbounded();
        src.rill.buffer(MS10, vts).subscribe(ts);
        src.next(1).next(2);
        vts.advanceTimeBy(MS10);
        vts.advanceTimeBy(MS10);
        src.next(3);
        src.complete();
        ts.await().assertComplete();
        ts.assertValues(List.of(1, 2), List.of(), List.of(3));
        assertThat(vts.pending()).isZero();
    }

    @Test
    void completionWithNothingPendingEmitsNoEmptyList() throws Exception {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        TestSubscriber<List<Integer>> ts = TestSubscriber.unbounded();
        Rill.<Integer>empty().buffer(MS10, vts).subscribe(ts);
        ts.await().assertComplete();
        assertThat(ts.values).isEmpty();
    }

    @Test
    void anErrorDropsTheUnfinishedList() throws Exception {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        Push<Integer> src = new Push<>();
        TestSubscriber<List<Integer>> ts = TestSubscriber.unbounded();
        src.rill.buffer(MS10, vts).subscribe(ts);
        src.next(1);
        src.error(new IOException("boom"));
        assertThat(ts.await().error()).isInstanceOf(IOException.class);
        assertThat(ts.values).isEmpty();
    }

    @Test
    void aPeriodWithoutDemandFailsAndCancelsTheSource() throws Exception {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        Push<Integer> src = new Push<>();
        TestSubscriber<List<Integer>> ts = new TestSubscriber<>(1);
        src.rill.buffer(MS10, vts).subscribe(ts);
        vts.advanceTimeBy(MS10);
        vts.advanceTimeBy(MS10);
        assertThat(ts.await().error()).isInstanceOf(IllegalStateException.class).hasMessageContaining("buffer");
        assertThat(src.cancelled()).isTrue();
        assertThat(vts.pending()).isZero();
    }

    @Test
    void valuesRacingWithTicksAreEachInExactlyOneListInOrder() {
        try (Engine engine = Engine.builder().workers(2).name("buffer-race").build()) {
            for (int round = 0; round < 20; round++) {
                int n = 100_000;
                List<Integer> flat = Rill.range(0, n).subscribeOn(engine).doOnNext(Push::spin)
                        .buffer(Duration.ofNanos(20_000), engine)
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

    @Test
    void theLastListWaitsForDemandOnceTheSourceCompletes() throws Exception {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        TestSubscriber<List<Integer>> ts = new TestSubscriber<>(0);
        Rill.range(0, 3).buffer(MS10, vts).subscribe(ts);
        assertThat(ts.completions).isZero();
        ts.request(1);
        ts.await().assertComplete();
        ts.assertValues(List.of(0, 1, 2));
    }

    @Test
    void badArgumentsFailAtAssembly() {
        assertThatThrownBy(() -> Rill.just(1).buffer(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Rill.just(1).buffer((Duration) null)).isInstanceOf(NullPointerException.class);
    }
}
