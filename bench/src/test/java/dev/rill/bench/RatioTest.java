package dev.rill.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RatioTest {

    @Test
    void isRillOverPeerWithRelativeErrorsAddedInQuadrature() {
        Ratio r = Ratio.of(new Measurement(3.0, 0.3, "ms/op"), new Measurement(6.0, 0.6, "ms/op"));
        assertThat(r.value()).isEqualTo(0.5);
        assertThat(r.error()).isCloseTo(0.5 * Math.sqrt(0.02), within(1e-12));
    }

    @Test
    void hasNoErrorWhenJmhGaveNone() {
        Ratio r = Ratio.of(new Measurement(17.0, Double.NaN, "ms/op"), new Measurement(17.0, 1.0, "ms/op"));
        assertThat(r.value()).isEqualTo(1.0);
        assertThat(r.error()).isNaN();
        assertThat(r.toString()).isEqualTo("1.00 ±?");
    }

    @Test
    void refusesScoresInDifferentUnits() {
        assertThatThrownBy(() -> Ratio.of(new Measurement(1, 0, "ms/op"), new Measurement(1, 0, "us/op")))
                .hasMessageContaining("units differ");
    }

    @Test
    void formatsWithTwoSignificantDigits() {
        assertThat(Ratio.format(0.0512)).isEqualTo("0.051");
        assertThat(Ratio.format(0.5)).isEqualTo("0.50");
        assertThat(Ratio.format(1.234)).isEqualTo("1.23");
        assertThat(Ratio.format(860.4)).isEqualTo("860");
    }
}
