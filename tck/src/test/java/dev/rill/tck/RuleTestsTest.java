package dev.rill.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;
import org.testng.annotations.Test;

/**
 * The JUnit 5 entry point: one dynamic test per rule, run here by hand (JUnit does not run in
 * this module) to see which throw what.
 */
public class RuleTestsTest {

    private static Throwable outcome(DynamicTest test) {
        return catchThrowable(() -> test.getExecutable().execute());
    }

    @Test
    public void theCheckRunsOnceAndOnlyWhenTheFirstTestIsTaken() {
        AtomicInteger runs = new AtomicInteger();
        Stream<DynamicTest> tests = RuleTests.dynamicTests(() -> {
            runs.incrementAndGet();
            return SampleReports.conforming("r");
        });
        assertThat(runs).hasValue(0);

        List<DynamicTest> all = tests.toList();

        assertThat(runs).hasValue(1);
        assertThat(all).extracting(DynamicTest::getDisplayName).containsExactly("§1.1 rule 1.1 in a few words",
                "§1.9 rule 1.9 in a few words", "§2.13 rule 2.13 in a few words", "§3.5 rule 3.5 in a few words",
                "§3.17 rule 3.17 in a few words", "the TCK's own checks");
    }

    @Test
    public void aFailedRuleFailsWithTheTcksMessageAndItsMeaning() {
        List<DynamicTest> tests = RuleTests.dynamicTests(() -> SampleReports.failing("my range")).toList();

        assertThat(outcome(tests.get(0))).isInstanceOf(AssertionFailedError.class)
                .hasMessageStartingWith("§1.1 rule 1.1 in a few words failed: my range, publisher: "
                        + "required_spec101_subscriptionRequestMustResultInTheCorrectNumberOfProducedElements: "
                        + SampleReports.NASTY)
                .hasMessageEndingWith("(the publisher sent more onNext than requested)");
        assertThat(outcome(tests.get(5))).isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("produced 4 (too many)");
    }

    @Test
    public void aPassedRulePassesAndTheOthersAreAbortedSayingWhy() {
        List<DynamicTest> tests = RuleTests.dynamicTests(() -> SampleReports.failing("my range")).toList();

        assertThatCode(() -> tests.get(1).getExecutable().execute()).doesNotThrowAnyException();
        assertThat(outcome(tests.get(2))).isInstanceOf(TestAbortedException.class)
                .hasMessageEndingWith("the TCK has no test for this rule");
        assertThat(outcome(tests.get(3))).isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("optional, not met (does not count against conformance)")
                .hasMessageContaining("took too long (cancel did heavy work)");
        assertThat(outcome(tests.get(4))).isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("needs Integer.MAX_VALUE elements: set maxElements() higher");
    }

    @Test
    public void aConformingReportHasNoFailingTest() {
        List<DynamicTest> tests = RuleTests.dynamicTests(() -> SampleReports.conforming("r")).toList();

        assertThat(tests).filteredOn(t -> outcome(t) instanceof AssertionError).isEmpty();
        assertThat(outcome(tests.get(1))).as("a rule with a pass and an untested skip passes").isNull();
    }

    @Test
    public void aCheckThatThrowsFailsTheFactoryWhenJUnitTakesTheTests() {
        Stream<DynamicTest> tests = RuleTests.dynamicTests(() -> {
            throw new IllegalStateException("boom");
        });

        assertThat(catchThrowable(tests::toList)).isInstanceOf(IllegalStateException.class).hasMessage("boom");
    }
}
