package dev.rill.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rill.engine.reactor.RillReactor;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class HttpShowcaseTest {

    /** A short run: both phases answer every request with a page, and the table reports them. */
    @Test
    void runsBothPhasesToTheEndAndPrintsTheTable() throws Exception {
        Out out = new Out();
        // A service timeout no stall of a busy machine reaches: every answer should be a page.
        List<HttpLoad.Result> results = HttpShowcase.run(out.stream, new int[] {500}, 1, Duration.ofSeconds(30));
        assertThat(results).extracting(r -> r.phase().name()).containsExactly("500/s Reactor", "500/s Reactor on Rill");
        for (HttpLoad.Result r : results) {
            assertThat(r.phase().requests()).isEqualTo(500);
            assertThat(r.non200()).isZero();
            assertThat(r.errors()).isZero();
        }
        Phase onRill = results.get(1).phase();
        assertThat(onRill.after().tasksRun()).isGreaterThan(onRill.before().tasksRun());
        assertThat(RillReactor.installed()).as("uninstalled afterwards").isNull();
        assertThat(out.text()).contains("max (ms)").contains("p99 on Rill").contains("500/s Reactor on Rill");
    }
}
