package dev.rill.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AcceptanceReportTest {

    @Test
    void countsTheRunsWithoutTimeoutsAndTheRunsSustained() {
        ProbeOptions o = ProbeOptions.parse("--at", "30000", "--runs", "3", "--cold", "--variants", "reactor-on-rill");
        AcceptanceReport report = new AcceptanceReport(o);
        Variant v = Variant.REACTOR_ON_RILL;
        report.add(Mode.COLD, v, new Trial(v, 30_000, 3, 90_000, 90_000, 29_000, 0.2, 40.25, 90, 0, 0, null));
        report.add(Mode.COLD, v, new Trial(v, 30_000, 3, 90_000, 90_000, 28_000, 0.2, 620, 700, 12, 0, null));
        // No timeout yet, but 10 requests had not ended: not a run "without timeouts".
        report.add(Mode.COLD, v, new Trial(v, 30_000, 3, 90_000, 89_990, 28_000, 0.2, 120, 5000, 0, 0, null));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        report.print(new PrintStream(bytes, true, StandardCharsets.UTF_8), "test machine");
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("no timeouts in 1 of 3, sustained in 1 of 3");
        assertThat(text)
                .contains("| reactor-on-rill | cold | 0, 40.3 ms | 12, 620.0 ms | 0, 120.0 ms | 1 of 3 | 1 of 3 |");
    }
}
