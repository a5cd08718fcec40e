package dev.rill.publishers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rill.engine.VirtualTimeScheduler;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code interval}: ticks on the scheduler's clock while there is demand, and fails when there is none. */
class IntervalPublisherTest {

    @Test
    void ticksOnTheSchedulersClockAndFailsWithoutDemand() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        Recorder<Long> r = new Recorder<>(3);
        new IntervalPublisher(Duration.ofMillis(10), Duration.ofMillis(10), vts).subscribe(r);
        vts.advanceTimeBy(Duration.ofMillis(30));
        assertThat(r.values).containsExactly(0L, 1L, 2L);
        assertThat(r.isTerminated()).isFalse();
        vts.advanceTimeBy(Duration.ofMillis(10));
        assertThat(r.error()).isInstanceOf(IllegalStateException.class).hasMessageContaining("lack of requests");
        assertThat(vts.pending()).as("the periodic timer is cancelled").isZero();
        assertThat(r.violations).isEmpty();
    }

    @Test
    void aCancelStopsTheTicks() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        Recorder<Long> r = Recorder.unbounded();
        new IntervalPublisher(Duration.ZERO, Duration.ofMillis(5), vts).subscribe(r);
        vts.advanceTimeBy(Duration.ofMillis(15));
        assertThat(r.values).containsExactly(0L, 1L, 2L, 3L);
        r.cancel();
        vts.advanceTimeBy(Duration.ofMillis(100));
        assertThat(r.values).hasSize(4);
        assertThat(vts.pending()).isZero();
    }
}
