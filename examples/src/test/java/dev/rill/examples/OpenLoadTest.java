package dev.rill.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rill.Rill;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class OpenLoadTest {

    /** Requests that never end: the phase says none ended and counts each one's wait, not zero. */
    @Test
    void aPhaseWhosePatienceRunsOutReportsWhatHadNotEnded() throws Exception {
        Phase p = OpenLoad.drive(null, "never", i -> Rill.<Integer>never(), 1_000, 20, null, Duration.ofMillis(50));
        assertThat(p.ended()).isZero();
        assertThat(p.latenciesMicros()).hasSize(20);
        assertThat(Arrays.stream(p.latenciesMicros()).min().orElseThrow()).isGreaterThanOrEqualTo(50_000);
        assertThat(p.timeouts() + p.errors()).isZero();
    }

    /** Errors are told apart: a timeout is a timeout, anything else an error. */
    @Test
    void timeoutsAndOtherErrorsAreCountedApart() throws Exception {
        Phase p = OpenLoad.drive(null, "failing", i -> i % 2 == 0
                ? Rill.<Integer>error(new TimeoutException("slow"))
                : Rill.<Integer>error(new IllegalStateException("broken")), 1_000, 10, null, Duration.ofSeconds(5));
        assertThat(p.ended()).isEqualTo(10);
        assertThat(p.timeouts()).isEqualTo(5);
        assertThat(p.errors()).isEqualTo(5);
    }
}
