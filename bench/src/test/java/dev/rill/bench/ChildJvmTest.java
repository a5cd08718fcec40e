package dev.rill.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChildJvmTest {

    /**
     * A real cold trial: a child JVM on this class path runs 500 requests and reports them all
     * ended. Whether it sustained the rate is the machine's business; that it ran is this test's.
     */
    @Test
    void aChildJvmRunsOneColdTrialAndReportsItAsALine() throws Exception {
        List<Trial> seen = new ArrayList<>();
        ByteArrayOutputStream other = new ByteArrayOutputStream();
        ChildJvm.Outcome c = ChildJvm.run(List.of(CapacityProbe.TRIAL, "rxjava-on-rill", "500", "1"),
                Duration.ofSeconds(60), seen::add, new PrintStream(other, true, StandardCharsets.UTF_8));
        assertThat(c.problem()).isNull();
        assertThat(c.trials()).hasSize(1).isEqualTo(seen);
        Trial t = c.trials().get(0);
        assertThat(t.variant()).isEqualTo(Variant.RXJAVA_ON_RILL);
        assertThat(t.rate()).isEqualTo(500);
        assertThat(t.requests()).isEqualTo(500);
        assertThat(t.ended()).isEqualTo(500);
        assertThat(t.failure()).isNull();
        assertThat(other.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void theChildIsTheSameJavaWithTheSameClassPath() {
        List<String> c = ChildJvm.command(List.of("--x"));
        assertThat(c.get(0)).endsWith("java");
        assertThat(c).containsSubsequence("-cp", System.getProperty("java.class.path"),
                CapacityProbe.class.getName(), "--x");
    }
}
