package dev.rill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rill.engine.Engine;
import dev.rill.engine.VirtualTimeScheduler;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;

class RillDebounceTest {

    private static final Duration MS10 = Duration.ofMillis(10);

    @Test
    void emitsAValueOnlyAfterAQuietPeriodAndThePendingOneOnCompletion() throws Exception {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        Push<Integer> src = new Push<>();
        TestSubscriber<Integer> ts = TestSubscriber.unbounded();
        src.rill.debounce(MS10, vts).subscribe(ts);
        src.next(1);
        vts.advanceTimeBy(Duration.ofMillis(5));
        src.next(2); // replaces 1 and restarts the wait
        vts.advanceTimeBy(Duration.ofMillis(9));
        assertThat(ts.values).isEmpty();
        assertThat(vts.pending()).as("one wheel entry: the replaced value's was cancelled").isEqualTo(1);
        vts.advanceTimeBy(Duration.ofMillis(1));
        ts.assertValues(2);
        src.next(3);
        src.complete(); // 3 is emitted at once, not after the wait
        ts.await().assertComplete();
        ts.assertValues(2, 3);
        assertThat(vts.pending()).isZero();
    }

    @Test
    void anErrorDropsThePendingValue() throws Exception {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        Push<Integer> src = new Push<>();
        TestSubscriber<Integer> ts = TestSubscriber.unbounded();
        src.rill.debounce(MS10, vts).subscribe(ts);
        src.next(1);
        src.error(new IOException("boom"));
        assertThat(ts.await().error()).isInstanceOf(IOException.class);
        assertThat(ts.values).isEmpty();
        assertThat(vts.pending()).isZero();
    }

    @Test
    void aDueValueWithoutDemandFailsAndCancelsTheSource() throws Exception {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        Push<Integer> src = new Push<>();
        TestSubscriber<Integer> ts = new TestSubscriber<>(1);
        src.rill.debounce(MS10, vts).subscribe(ts);
        src.next(1);
        vts.advanceTimeBy(MS10);
        src.next(2);
        vts.advanceTimeBy(MS10);
        assertThat(ts.await().error()).isInstanceOf(IllegalStateException.class).hasMessageContaining("debounce");
        ts.assertValues(1);
        assertThat(src.cancelled()).isTrue();
    }

    @Test
    void cancellingDropsThePendingTimer() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        Push<Integer> src = new Push<>();
        TestSubscriber<Integer> ts = TestSubscriber.unbounded();
        src.rill.debounce(MS10, vts).subscribe(ts);
        src.next(1);
        ts.subscription.cancel();
        assertThat(vts.pending()).isZero();
        vts.advanceTimeBy(MS10);
        assertThat(ts.values).isEmpty();
        assertThat(src.cancelled()).isTrue();
    }

    @Test
    void timersRacingWithValuesEmitEachValueAtMostOnceInOrder() {
        // A debounce of 1 ns: nearly every value's timer races the next value and the one before.
        try (Engine engine = Engine.builder().workers(2).name("debounce-race").build()) {
            for (int round = 0; round < 20; round++) {
                int n = 50_000;
                List<Integer> out = Rill.range(0, n).subscribeOn(engine).doOnNext(Push::spin)
                        .debounce(Duration.ofNanos(1), engine).collectList().blockLast(Duration.ofSeconds(20));
                for (int i = 1; i < out.size(); i++) {
                    assertThat(out.get(i)).isGreaterThan(out.get(i - 1));
                }
                assertThat(out).last().isEqualTo(n - 1);
            }
            TestSubscriber.awaitCondition(Duration.ofSeconds(5), () -> engine.metrics().timersPending() == 0);
        }
    }

    @Test
    void thePendingValueWaitsForDemandOnceTheSourceCompletes() throws Exception {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        TestSubscriber<Integer> ts = new TestSubscriber<>(0);
        Rill.range(0, 5).debounce(MS10, vts).subscribe(ts);
        assertThat(ts.completions).isZero();
        ts.request(1);
        ts.await().assertComplete();
        ts.assertValues(4);
    }

    @Test
    void badInputAndClosedEngines() throws Exception {
        assertThatThrownBy(() -> Rill.just(1).debounce(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Rill.just(1).debounce(MS10, null)).isInstanceOf(NullPointerException.class);
        Engine engine = Engine.builder().workers(1).name("closed").build();
        engine.close();
        Push<Integer> src = new Push<>();
        TestSubscriber<Integer> ts = TestSubscriber.unbounded();
        src.rill.debounce(MS10, engine).subscribe(ts);
        src.next(1);
        assertThat(ts.await().error()).isInstanceOf(RejectedExecutionException.class);
        assertThat(src.cancelled()).isTrue();
    }
}
