package dev.rill.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CapacityReportTest {

    private static Ladder.Result capacity(Variant v, int passed, int failed) {
        Trial pass = new Trial(v, passed, 3, passed * 3, passed * 3, passed, 0.1, 5, 20, 0, 0, null);
        Trial fail = new Trial(v, failed, 3, failed * 3, failed * 3, failed, 0.1, 150, 600, 7, 0, null);
        return new Ladder.Result(List.of(pass, fail));
    }

    @Test
    void reportsTheRangeOverRoundsAndTheRatioToTheLibrarysOwnRoundByRound() {
        ProbeOptions o = ProbeOptions.parse("--variants", "reactor,reactor-on-rill", "--rounds", "2", "--cold");
        CapacityReport report = new CapacityReport(o);
        report.add(Mode.COLD, Variant.REACTOR, capacity(Variant.REACTOR, 20_000, 25_000));
        report.add(Mode.COLD, Variant.REACTOR_ON_RILL, capacity(Variant.REACTOR_ON_RILL, 30_000, 37_500));
        report.add(Mode.COLD, Variant.REACTOR, capacity(Variant.REACTOR, 24_000, 25_000));
        report.add(Mode.COLD, Variant.REACTOR_ON_RILL, capacity(Variant.REACTOR_ON_RILL, 12_000, 15_000));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        report.print(new PrintStream(bytes, true, StandardCharsets.UTF_8), "test machine");
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("cold reactor-on-rill / reactor per round: 1.50×, 0.50×; "
                + "at least as high in 1 of 2 round(s) compared");
        assertThat(text).contains("| reactor | 20,000–24,000 |").contains("| reactor-on-rill | 12,000–30,000 |");
        assertThat(text).contains("test machine.");
    }
}
