package dev.rill.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ShowcaseTest {

    /** A short run: every phase completes every request, and the table reports all of them. */
    @Test
    void runsEveryPhaseToTheEndAndPrintsTheTable() throws Exception {
        Out out = new Out();
        List<Phase> phases = Showcase.run(out.stream, new int[] {2_000}, 1);
        assertThat(phases).extracting(Phase::name)
                .containsExactly("2,000/s Reactor", "2,000/s Reactor on Rill", "2,000/s Rill operators");
        for (Phase p : phases) {
            assertThat(p.requests()).isEqualTo(2_000);
            assertThat(p.latenciesMicros()).hasSize(2_000);
            assertThat(java.util.Arrays.stream(p.latenciesMicros()).min().orElse(-1)).isGreaterThanOrEqualTo(0);
            assertThat(p.ended()).isEqualTo(2_000);
            assertThat(p.timeouts()).isZero();
            assertThat(p.errors()).isZero();
        }
        assertThat(phases.get(1).after().tasksRun()).isGreaterThan(phases.get(1).before().tasksRun());
        assertThat(out.text()).contains("p99 (ms)").contains("timers cancelled").contains("2,000/s Rill operators");
    }
}
