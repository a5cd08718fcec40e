package dev.rill.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TrialTest {

    @Test
    void aTrialLineParsesBackToTheSameTrial() {
        Trial t = new Trial(Variant.RXJAVA_ON_RILL, 30_000, 3, 90_000, 90_000, 29_871, 0.071, 2.345, 61.5, 0, 0, null);
        String line = t.line();
        assertThat(line).startsWith("TRIAL variant=rxjava-on-rill rate=30000 ").contains(" p99=2.345 ")
                .contains(" sustained=true ");
        assertThat(Trial.parse(line)).isEqualTo(new Trial(Variant.RXJAVA_ON_RILL, 30_000, 3, 90_000, 90_000, 29_871,
                0.071, 2.345, 61.5, 0, 0, null));
    }

    @Test
    void aFailureWithSpacesTravelsAsOneField() {
        Trial t = Trial.failed(Variant.REACTOR, 40_000, 3, "child silent for 63 s: killed");
        Trial back = Trial.parse(t.line());
        assertThat(back.failure()).isEqualTo("child_silent_for_63_s:_killed");
        assertThat(back.sustained()).isFalse();
        assertThat(back.rate()).isEqualTo(40_000);
    }

    @Test
    void sustainedIsRecomputedFromTheNumbersNotReadFromTheLine() {
        String lying = "TRIAL variant=reactor rate=50000 seconds=3 requests=150000 ended=150000 achieved=49000 "
                + "p50=0.2 p99=250.0 max=600.0 timeouts=0 errors=0 sustained=true failure=-";
        assertThat(Trial.parse(lying).sustained()).isFalse();
    }

    @Test
    void otherLinesAndIncompleteLinesAreRejected() {
        assertThat(Trial.isLine("warming up")).isFalse();
        assertThatThrownBy(() -> Trial.parse("warming up")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Trial.parse("TRIAL variant=reactor rate=50000"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no seconds");
        assertThatThrownBy(() -> Trial.parse("TRIAL variant=vertx rate=1 seconds=1 requests=1 ended=1 achieved=1 "
                + "p50=1 p99=1 max=1 timeouts=0 errors=0 failure=-")).hasMessageContaining("unknown variant");
    }
}
