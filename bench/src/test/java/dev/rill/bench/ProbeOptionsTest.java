package dev.rill.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProbeOptionsTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        ProbeOptions o = ProbeOptions.parse();
        assertThat(o.variants()).containsExactly(Variant.values());
        assertThat(o.rounds()).isEqualTo(3);
        assertThat(o.seconds()).isEqualTo(3);
        assertThat(o.ladder()).isEqualTo(new Ladder(10_000, 1.25, 200_000, 2));
        assertThat(o.cold()).isTrue();
        assertThat(o.warm()).isTrue();
        assertThat(o.warmupRate()).isEqualTo(5_000);
        assertThat(o.at()).isZero();
    }

    /** A warm child is given the parent's options as arguments: they must come back the same. */
    @Test
    void optionsSurviveTheTripThroughArguments() {
        ProbeOptions o = ProbeOptions.parse("--variants", "reactor-on-rill,rill", "--rounds", "2", "--seconds", "1",
                "--start", "5000", "--step", "1.5", "--max", "40000", "--bisect", "1", "--warm", "--warmup", "4",
                "--at", "30000", "--runs", "4");
        assertThat(ProbeOptions.parse(o.toArgs().toArray(String[]::new))).isEqualTo(o);
        assertThat(o.variants()).containsExactly(Variant.REACTOR_ON_RILL, Variant.RILL);
        assertThat(o.cold()).isFalse();
        assertThat(o.warmupRate()).isEqualTo(15_000);
    }

    @Test
    void rejectsWhatItDoesNotKnow() {
        assertThatThrownBy(() -> ProbeOptions.parse("--variants", "vertx")).hasMessageContaining("unknown variant");
        assertThatThrownBy(() -> ProbeOptions.parse("--fast")).hasMessageContaining("unknown argument");
        assertThatThrownBy(() -> ProbeOptions.parse("--rounds")).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> ProbeOptions.parse("--rounds", "x"))
                .hasMessageContaining("--rounds needs a whole number");
        assertThatThrownBy(() -> ProbeOptions.parse("--rounds", "0")).hasMessageContaining("must be positive");
        assertThatThrownBy(() -> ProbeOptions.parse("--start", "50000", "--max", "40000"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
