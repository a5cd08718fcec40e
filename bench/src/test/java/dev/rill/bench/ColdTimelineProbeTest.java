package dev.rill.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ColdTimelineProbeTest {

    @Test
    void aShortTrialOnAnEngineGivesOneRowPerStepAndCountsEveryArrival() throws Exception {
        String report = ColdTimelineProbe.run(Variant.RILL, 2_000, 1);

        String[] lines = report.split("\\R");
        assertThat(lines[0]).startsWith("rill at 2,000 requests/s for 1 s");
        assertThat(lines[1]).contains("arrived", "ended", "global", "tasks", "fired");
        String[] rows = Arrays.copyOfRange(lines, 2, lines.length - 1);
        assertThat(rows).hasSizeGreaterThanOrEqualTo(9); // 1 s of load in 100 ms steps, then the wait for the last
        int arrived = Arrays.stream(rows).mapToInt(r -> Integer.parseInt(r.trim().split("\\s+")[3])).sum();
        int ended = Arrays.stream(rows).mapToInt(r -> Integer.parseInt(r.trim().split("\\s+")[4])).sum();
        assertThat(arrived).isEqualTo(2_000);
        assertThat(ended).isEqualTo(2_000); // the last row is taken after the load saw every request end
        assertThat(lines[lines.length - 1]).startsWith("timeouts by arrival").endsWith("total 0");
    }

    @Test
    void aVariantWithoutAnEngineHasNoEngineColumns() throws Exception {
        String report = ColdTimelineProbe.run(Variant.REACTOR, 1_000, 1);

        assertThat(report.split("\\R")[1]).contains("arrived").doesNotContain("global");
    }

    @Test
    void aNonPositiveRateIsRefusedByName() {
        assertThatThrownBy(() -> ColdTimelineProbe.run(Variant.RILL, 0, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rate");
    }
}
