package dev.rill.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TimerHostTest {

    /** The rounding every deadline takes: never early, whatever the sign of the time. */
    @Test
    void ticksCeilRoundsUpToAWholeTickForAnyTime() {
        long t = TimerHost.TICK_NANOS;
        long[] edges = {0, 1, t - 1, t, t + 1, 2 * t, -1, -t + 1, -t, -t - 1, Long.MAX_VALUE - 1, Long.MIN_VALUE + t};
        for (long n : edges) {
            assertThat(TimerHost.ticksCeil(n)).as("ticksCeil(%d)", n).isEqualTo(reference(n));
        }
        SplittableRandom r = new SplittableRandom(17);
        for (int i = 0; i < 100_000; i++) {
            long n = r.nextLong(-1L << 50, 1L << 50);
            long c = TimerHost.ticksCeil(n);
            assertThat(c).isEqualTo(reference(n));
            assertThat(c * t).isGreaterThanOrEqualTo(n).isLessThan(n + t);
        }
    }

    private static long reference(long nanos) {
        return -Math.floorDiv(-nanos, TimerHost.TICK_NANOS);
    }
}
