package dev.rill.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MarkdownTableTest {

    @Test
    void showsTimesRatiosTheFasterPeerAndTheTarget() throws Exception {
        String md = MarkdownTable.render(TableResult.of(Suite.named("pipeline"), JmhResult.read(JmhResultTest.sample())));
        assertThat(md).startsWith("JDK 17.0.15, ms/op (lower is better)");
        assertThat(md).contains("| benchmark | Rill | rxjava | reactor | Rill / rxjava | Rill / reactor | Rill / faster peer | target |");
        assertThat(md).contains("|---|---|---|---|---|---|---|---|\n");
        assertThat(md).contains("| range.map.filter.reduce | 3.00 ±0.300 | 6.00 ±0.600 | 4.00 ±0.00 | 0.50 ±0.071 | 0.75 ±0.075 "
                + "| 0.75 ±0.075 (reactor) | ≤ 1.00 × faster peer |");
        assertThat(md).contains("| range, request(1) | 17.0 ±? | 17.5 ±1.00 | – | 0.97 ±? | – | 0.97 ±? (rxjava) | – |");
    }

    @Test
    void writesLargeTimesWithSeparators() {
        assertThat(MarkdownTable.time(new Measurement(6574.4, 410.2, "us/op"))).isEqualTo("6,574 ±410");
        assertThat(MarkdownTable.time(null)).isEqualTo("–");
    }
}
