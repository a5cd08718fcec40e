package dev.rill.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.testng.annotations.Test;

/** The JSON report reads back, with a strict reader, as what the report holds. */
public class JsonReportTest {

    @Test
    public void oneReportIsAnObjectAStrictReaderReadsBackWithEveryStringIntact() {
        String json = ReportFormat.JSON.render(SampleReports.failing("my \"range\"\n"));

        Map<?, ?> report = (Map<?, ?>) Json.parse(json);

        assertThat(report.get("subject")).isEqualTo("my \"range\"\n");
        assertThat(report.get("verification")).isEqualTo("PUBLISHER");
        assertThat(report.get("flow")).isEqualTo(false);
        assertThat(report.get("timeoutMillis")).isEqualTo(100L);
        assertThat(report.get("noSignalTimeoutMillis")).isEqualTo(80L);
        assertThat(report.get("calibration")).isEqualTo("measured: 3 ms per element");
        assertThat(report.get("conforms")).isEqualTo(false);
        assertThat((String) report.get("verdict")).startsWith("DOES NOT CONFORM: 2 required tests failed");
        List<?> tests = (List<?>) report.get("tests");
        assertThat(tests).hasSize(5);
        Map<?, ?> spec101 = (Map<?, ?>) tests.get(1);
        assertThat(spec101.get("rule")).isEqualTo("1.1");
        assertThat(spec101.get("outcome")).isEqualTo("FAILED");
        assertThat(spec101.get("message")).isEqualTo(SampleReports.NASTY);
        assertThat(spec101.get("meaning")).isEqualTo("the publisher sent more onNext than requested");
        assertThat(spec101.get("elapsedMillis")).isEqualTo(40L);
    }

    @Test
    public void rulesAndTotalsAreThereByName() {
        Map<?, ?> report = (Map<?, ?>) Json.parse(ReportFormat.JSON.render(SampleReports.failing("r")));

        List<?> rules = (List<?>) report.get("rules");
        assertThat(rules).hasSize(5);
        Map<?, ?> untested = (Map<?, ?>) rules.get(2);
        assertThat(untested.get("rule")).isEqualTo("2.13");
        assertThat(untested.get("requirement")).isEqualTo("UNTESTED");
        assertThat(untested.get("tests")).isEqualTo(List.of());
        assertThat(((Map<?, ?>) rules.get(0)).get("tests"))
                .isEqualTo(List.of("required_spec101_subscriptionRequestMustResultInTheCorrectNumberOfProducedElements"));
        Map<?, ?> totals = (Map<?, ?>) report.get("totals");
        assertThat(totals.get("failed")).isEqualTo(3L);
        assertThat(((Map<?, ?>) totals.get("required")).get("failed")).isEqualTo(2L);
        assertThat(((Map<?, ?>) totals.get("optional")).get("failed")).isEqualTo(1L);
    }

    @Test
    public void severalReportsAreAnArray() {
        String json = ReportFormat.JSON.render(List.of(SampleReports.conforming("a"), SampleReports.failing("b")));

        List<?> reports = (List<?>) Json.parse(json);

        assertThat(reports.stream().map(r -> ((Map<?, ?>) r).get("subject")).toList()).isEqualTo(List.of("a", "b"));
        assertThat(reports.stream().map(r -> ((Map<?, ?>) r).get("conforms")).toList()).isEqualTo(List.of(true, false));
    }

    @Test
    public void stringsEscapeControlsAndLoneSurrogatesButKeepPairs() {
        assertThat(JsonReport.string("a\u0001\u2028\ud800 𝄞")).isEqualTo("\"a\\u0001\\u2028\\ud800 𝄞\"");
        assertThat(Json.parse(JsonReport.string(SampleReports.NASTY))).isEqualTo(SampleReports.NASTY);
    }

    /** The reader is strict, so that the tests above can fail. */
    @Test
    public void theTestsReaderRejectsWhatIsNotJson() {
        assertThatThrownBy(() -> Json.parse("[1,]")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Json.parse("{\"a\": \"x\ny\"}")).hasMessageContaining("control");
        assertThatThrownBy(() -> Json.parse("{\"a\": 1} x")).hasMessageContaining("after");
        assertThatThrownBy(() -> Json.parse("{\"a\": 1, \"a\": 2}")).hasMessageContaining("repeated");
        assertThatThrownBy(() -> Json.parse("\"\\x\"")).hasMessageContaining("escape");
        assertThatThrownBy(() -> Json.parse("01")).isInstanceOf(IllegalArgumentException.class);
    }
}
