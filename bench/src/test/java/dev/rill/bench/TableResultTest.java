package dev.rill.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TableResultTest {

    @Test
    void groupsResultsIntoRowsAndKeepsOnlyTheTablesPeers() throws Exception {
        TableResult t = TableResult.of(Suite.named("pipeline"), JmhResult.read(JmhResultTest.sample()));
        assertThat(t.jdk()).isEqualTo("17.0.15");
        assertThat(t.jdkMajor()).isEqualTo("17");
        assertThat(t.rows()).extracting(TableResult.Row::label).containsExactly("range.map.filter.reduce", "range, request(1)");
        TableResult.Row mfr = t.rows().get(0);
        assertThat(mfr.peers().keySet()).containsExactly("rxjava", "reactor"); // the table's order; intstream is not a peer
        assertThat(mfr.ratio("rxjava").value()).isEqualTo(0.5);
        assertThat(mfr.ratio("reactor").value()).isEqualTo(0.75);
        assertThat(mfr.ratio("reactor").error()).isCloseTo(0.075, within(1e-12));
    }

    @Test
    void comparesWithTheFasterPeer() throws Exception {
        TableResult t = TableResult.of(Suite.named("pipeline"), JmhResult.read(JmhResultTest.sample()));
        assertThat(t.rows().get(0).fasterPeer()).isEqualTo("reactor");
        assertThat(t.rows().get(0).ratioToFaster().value()).isEqualTo(0.75);
        TableResult.Row one = t.rows().get(1);
        assertThat(one.ratio("reactor")).isNull(); // did not run
        assertThat(one.fasterPeer()).isEqualTo("rxjava");
        assertThat(one.ratioToFaster().value()).isCloseTo(17.0 / 17.5, within(1e-12));
    }

    @Test
    void aParamThatVariesSplitsAMethodIntoRows() {
        BenchTable table = Suite.named("adapter-timer");
        List<JmhResult> results = List.of(
                result("engine", "1000", 10), result("reactor", "1000", 40),
                result("engine", "100000", 20), result("reactor", "100000", 40));
        TableResult t = TableResult.of(table, results);
        assertThat(t.rows()).extracting(TableResult.Row::label)
                .containsExactly("armThenCancel (outstanding=1000)", "armThenCancel (outstanding=100000)");
        assertThat(t.rows()).extracting(r -> r.ratio("reactor").value()).containsExactly(0.25, 0.5);
    }

    private static JmhResult result(String path, String outstanding, double score) {
        return new JmhResult("dev.rill.bench.AdapterTimerBench.armThenCancel", Map.of("path", path, "outstanding", outstanding),
                new Measurement(score, 1, "ns/op"), "25.0.1");
    }
}
