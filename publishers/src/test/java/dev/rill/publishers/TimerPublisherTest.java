package dev.rill.publishers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rill.engine.VirtualTimeScheduler;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code timer}: one value after its delay on the scheduler's clock; a cancel takes the timer off. */
class TimerPublisherTest {

    @Test
    void firesOnceAfterItsDelay() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        Recorder<Long> r = Recorder.unbounded();
        new TimerPublisher(Duration.ofSeconds(2), vts).subscribe(r);
        vts.advanceTimeBy(Duration.ofMillis(1999));
        assertThat(r.values).isEmpty();
        vts.advanceTimeBy(Duration.ofMillis(1));
        assertThat(r.values).containsExactly(0L);
        assertThat(r.isComplete()).isTrue();
        assertThat(vts.pending()).isZero();
    }

    @Test
    void aCancelledTimerLeavesNothingPending() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        Recorder<Long> r = Recorder.unbounded();
        new TimerPublisher(Duration.ofSeconds(1), vts).subscribe(r);
        assertThat(vts.pending()).isEqualTo(1);
        r.cancel();
        vts.advanceTimeBy(Duration.ofSeconds(5));
        assertThat(vts.pending()).isZero();
        assertThat(r.values).isEmpty();
        assertThat(r.isTerminated()).isFalse();
    }
}
