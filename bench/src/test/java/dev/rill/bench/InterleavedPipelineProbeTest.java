package dev.rill.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

class InterleavedPipelineProbeTest {

    @Test
    void everyVariantComputesTheSameSum() {
        long expected = InterleavedPipelineProbe.boxedLoop();
        assertThat(expected).isPositive();
        assertThat(InterleavedPipelineProbe.rill()).isEqualTo(expected);
        assertThat(InterleavedPipelineProbe.rxjava()).isEqualTo(expected);
        assertThat(InterleavedPipelineProbe.reactor()).isEqualTo(expected);
    }

    @Test
    void aRoundRunsEveryVariantAndTimesEach() {
        int[] calls = new int[3];
        LongSupplier[] variants = new LongSupplier[3];
        for (int v = 0; v < 3; v++) {
            int id = v;
            variants[v] = () -> {
                calls[id]++;
                return id;
            };
        }
        double[] round = InterleavedPipelineProbe.runRound(variants, 1_000_000L, 2);
        assertThat(calls).doesNotContain(0);
        assertThat(round).hasSize(3);
        for (double ms : round) {
            assertThat(ms).isPositive();
        }
    }

    @Test
    void quantileReadsTheSortedValues() {
        double[] values = {4, 1, 3, 2, 5};
        assertThat(InterleavedPipelineProbe.quantile(values, 0)).isEqualTo(1);
        assertThat(InterleavedPipelineProbe.quantile(values, 0.5)).isEqualTo(3);
        assertThat(InterleavedPipelineProbe.quantile(values, 1)).isEqualTo(5);
        assertThat(values).containsExactly(4, 1, 3, 2, 5);
    }
}
