package dev.rill.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.testng.SkipException;
import org.testng.annotations.Test;

/** The TestNG entry point: each rule as a data-provider row that passes, fails or skips itself. */
public class RuleCaseTest {

    @Test
    public void oneCasePerRuleThenTheTcksOwnChecksNamedForTestNgsReport() {
        List<RuleCase> cases = RuleCase.of(SampleReports.failing("my range"));

        assertThat(cases).extracting(RuleCase::toString).containsExactly("§1.1 rule 1.1 in a few words",
                "§1.9 rule 1.9 in a few words", "§2.13 rule 2.13 in a few words", "§3.5 rule 3.5 in a few words",
                "§3.17 rule 3.17 in a few words", "the TCK's own checks");
        assertThat(cases).extracting(RuleCase::outcome).containsExactly(Outcome.FAILED, Outcome.PASSED,
                Outcome.SKIPPED, Outcome.SKIPPED, Outcome.SKIPPED, Outcome.FAILED);
    }

    @Test
    public void verifyFailsAFailedRuleWithTheMessageAndSkipsASkippedOneWithWhy() {
        List<RuleCase> cases = RuleCase.of(SampleReports.failing("my range"));

        assertThatThrownBy(cases.get(0)::verify).isInstanceOf(AssertionError.class)
                .hasMessageContaining(SampleReports.NASTY)
                .hasMessageContaining("the publisher sent more onNext than requested");
        assertThatCode(cases.get(1)::verify).doesNotThrowAnyException();
        assertThatThrownBy(cases.get(4)::verify).isInstanceOf(SkipException.class)
                .hasMessageContaining("set maxElements() higher");
    }

    @Test
    public void ruleCasesOfARealCheckAreOneRowPerRuleThenTheTcksOwnChecks() {
        Tck.holdGcRule(); // the check runs the §3.13 rule beside the TCK classes running in parallel
        Object[][] rows;
        try {
            rows = Conformance.publisher("range", new ConformanceTest.LongRange()).timeout(ConformanceTest.FAST)
                    .ruleCases();
        } finally {
            Tck.releaseGcRule();
        }

        assertThat(rows).hasNumberOfRows(41 + 1);
        List<RuleCase> cases = Arrays.stream(rows).map(row -> (RuleCase) row[0]).toList();
        assertThat(Arrays.stream(rows).mapToInt(row -> row.length)).containsOnly(1);
        assertThat(cases.get(0)).hasToString("§1.1 no more onNext than requested");
        assertThat(cases.get(41)).hasToString(RuleCase.OWN_CHECKS);
        assertThat(cases).extracting(RuleCase::outcome).doesNotContain(Outcome.FAILED);
        assertThatCode(((RuleCase) rows[0][0])::verify).doesNotThrowAnyException();
    }

    @Test
    public void aRerunIsMentionedInTheDetail() {
        TestOutcome rerun = new TestOutcome("required_spec109_x", "1.9", Requirement.REQUIRED, Outcome.FAILED,
                "timed out", "", true, 10);
        ConformanceReport r = new ConformanceReport("r", Verification.PROCESSOR, true, 1, 1, "", List.of(rerun),
                List.of(new RuleRow("1.9", "", Requirement.REQUIRED, Outcome.FAILED, List.of(rerun))));

        RuleCase c = RuleCase.of(r).get(0);

        assertThat(c.name()).isEqualTo("§1.9");
        assertThat(c.detail()).isEqualTo("r, identity processor (Flow): required_spec109_x: timed out"
                + " [rerun once with a longer timeout]");
    }
}
