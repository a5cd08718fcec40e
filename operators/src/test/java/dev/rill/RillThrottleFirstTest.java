package dev.rill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rill.engine.VirtualTimeScheduler;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RillThrottleFirstTest {

    private static final Duration MS10 = Duration.ofMillis(10);

    @Test
    void emitsAValueThenDropsTheRestOfItsWindow() throws Exception {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        Push<Integer> src = new Push<>();
        TestSubscriber<Integer> ts = TestSubscriber.unbounded();
        src.rill.throttleFirst(MS10, vts).subscribe(ts);
        src.next(1).next(2);
        vts.advanceTimeBy(Duration.ofMillis(9));
        src.next(3);
        vts.advanceTimeBy(Duration.ofMillis(1));
        src.next(4).next(5);
        ts.assertValues(1, 4);
        src.complete();
        ts.await().assertComplete();
        assertThat(vts.pending()).as("the open window's timer is cancelled").isZero();
    }

    @Test
    void honoursBackpressureAndReplacesDroppedValues() throws Exception {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        AtomicLong produced = new AtomicLong();
        TestSubscriber<Integer> ts = new TestSubscriber<>(1);
        Rill.range(0, 10).hide().doOnNext(v -> produced.incrementAndGet()).throttleFirst(MS10, vts).subscribe(ts);
        ts.assertValues(0);
        assertThat(produced.get()).as("nothing beyond the one value asked for").isEqualTo(1);
        ts.request(1); // 1..9 all fall in the window: each dropped one is replaced, so the source runs out
        ts.await().assertComplete();
        ts.assertValues(0);
        assertThat(produced.get()).isEqualTo(10);
    }

    @Test
    void cancellingStopsTheWindowTimer() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        Push<Integer> src = new Push<>();
        TestSubscriber<Integer> ts = TestSubscriber.unbounded();
        src.rill.throttleFirst(MS10, vts).subscribe(ts);
        src.next(1);
        ts.subscription.cancel();
        assertThat(vts.pending()).isZero();
        assertThat(src.cancelled()).isTrue();
    }

    @Test
    void badArgumentsFailAtAssembly() {
        assertThatThrownBy(() -> Rill.just(1).throttleFirst(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("throttleFirst");
        assertThatThrownBy(() -> Rill.just(1).throttleFirst(MS10, null)).isInstanceOf(NullPointerException.class);
    }
}
