package dev.rill.tck;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.testng.annotations.Test;

/** The text report: settings, rules apart by requirement, failures with meaning, skips with why, verdict. */
public class TextReportTest {

    @Test
    public void aFailingReportShowsEachRuleTheFailuresWithTheirMeaningTheSkipsAndTheVerdict() {
        String text = ReportFormat.TEXT.render(SampleReports.failing("my range"));

        assertThat(text).startsWith("Reactive Streams TCK 1.0.4: publisher verification of my range (org.reactivestreams)\n"
                + "timeouts: 100 ms per signal, 80 ms for no signal (measured: 3 ms per element)\n");
        assertThat(text).containsSubsequence("Required rules", "§1.1   FAILED   rule 1.1", "§1.9   passed",
                "§3.17  skipped", "Optional rules", "§3.5   FAILED", "Rules the TCK does not test", "§2.13  skipped");
        assertThat(text).containsSubsequence("Failures", "TCK required_createPublisher3", "TCK says: produced 4",
                "meaning: too many", "§1.1 required_spec101", "TCK says: expected <3>", "second line",
                "meaning: the publisher sent more onNext than requested",
                "§3.5 optional_spec305_cancelMustNotSynchronouslyPerformHeavyComputation (optional: does not count");
        assertThat(text).containsSubsequence("Skipped", "§3.17 required_spec317",
                "why: needs Integer.MAX_VALUE elements: set maxElements() higher");
        assertThat(text).contains("Totals: required: 1 passed, 2 failed, 1 skipped; optional: 0 passed, 1 failed, 0 skipped");
        assertThat(text).endsWith("Verdict: my range DOES NOT CONFORM: 2 required tests failed\n");
    }

    @Test
    public void aConformingReportSaysSoAndNotesTheRerun() {
        String text = ReportFormat.TEXT.render(SampleReports.conforming("my range"));

        assertThat(text).doesNotContain("Failures");
        assertThat(text).endsWith("Verdict: my range CONFORMS\n");
        assertThat(text).contains("why: untested by the TCK itself");
        assertThat(text).contains("§1.9   passed   rule 1.9 in a few words (rerun)");
        assertThat(text).containsSubsequence("Passed when run again with a longer timeout",
                "§1.9 required_spec109_mustIssueOnSubscribeForNonNullSubscriber", "Totals");
    }

    @Test
    public void severalReportsFollowEachOther() {
        String text = ReportFormat.TEXT.render(List.of(SampleReports.conforming("a"), SampleReports.failing("b")));

        assertThat(text).containsSubsequence("verification of a", "Verdict: a CONFORMS", "verification of b",
                "Verdict: b DOES NOT CONFORM");
    }
}
