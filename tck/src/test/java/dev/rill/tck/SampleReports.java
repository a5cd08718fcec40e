package dev.rill.tck;

import java.util.ArrayList;
import java.util.List;

/** Reports built by hand for the front ends' tests: one that conforms, one that does not. */
final class SampleReports {

    /** A message with everything a format must escape: quotes, markup, pipes, line breaks, controls. */
    static final String NASTY = "expected <3> but got \"4\" & 'more' | a\\b\n\tsecond line \u0001 \u2028 é 𝄞 \ud800 end";

    private SampleReports() {
    }

    static TestOutcome passed(String test, String rule) {
        return new TestOutcome(test, rule, Requirement.of(test), Outcome.PASSED, "", "", false, 12);
    }

    static TestOutcome failed(String test, String rule, String message, String meaning) {
        return new TestOutcome(test, rule, Requirement.of(test), Outcome.FAILED, message, meaning, false, 40);
    }

    static TestOutcome skipped(String test, String rule, String why) {
        return new TestOutcome(test, rule, Requirement.of(test), Outcome.SKIPPED, "", why, false, 1);
    }

    /**
     * §1.1 passed, §1.9 with one test passed (rerun) and one skipped, §2.13 untested by the TCK
     * (no test), §3.5 optional passed, and the TCK's own check passed.
     */
    static ConformanceReport conforming(String subject) {
        TestOutcome rerun = new TestOutcome("required_spec109_mustIssueOnSubscribeForNonNullSubscriber", "1.9",
                Requirement.REQUIRED, Outcome.PASSED, "", "", true, 250);
        return report(subject, List.of(
                passed("required_createPublisher3MustProduceAStreamOfExactly3Elements", ""),
                passed("required_spec101_subscriptionRequestMustResultInTheCorrectNumberOfProducedElements", "1.1"),
                rerun,
                skipped("untested_spec109_subscribeShouldNotThrowNonFatalThrowable", "1.9", "untested by the TCK itself"),
                passed("optional_spec305_cancelMustNotSynchronouslyPerformHeavyComputation", "3.5")));
    }

    /**
     * §1.1 failed with {@link #NASTY}, §1.9 passed, §3.5 optional failed, §3.17 skipped for too few
     * elements, and the TCK's own check failed.
     */
    static ConformanceReport failing(String subject) {
        return report(subject, List.of(
                failed("required_createPublisher3MustProduceAStreamOfExactly3Elements", "", "produced 4", "too many"),
                failed("required_spec101_subscriptionRequestMustResultInTheCorrectNumberOfProducedElements", "1.1",
                        NASTY, "the publisher sent more onNext than requested"),
                passed("required_spec109_mustIssueOnSubscribeForNonNullSubscriber", "1.9"),
                failed("optional_spec305_cancelMustNotSynchronouslyPerformHeavyComputation", "3.5",
                        "took too long", "cancel did heavy work"),
                skipped("required_spec317_mustSupportAPendingElementCountUpToLongMaxValue", "3.17",
                        "needs Integer.MAX_VALUE elements: set maxElements() higher")));
    }

    /** The rows the runner would make from {@code tests}, for the rules the samples use. */
    private static ConformanceReport report(String subject, List<TestOutcome> tests) {
        List<RuleRow> rows = new ArrayList<>();
        for (String rule : List.of("1.1", "1.9", "2.13", "3.5", "3.17")) {
            List<TestOutcome> of = tests.stream().filter(t -> t.rule().equals(rule)).toList();
            Outcome outcome = of.stream().anyMatch(t -> t.outcome() == Outcome.FAILED) ? Outcome.FAILED
                    : of.stream().anyMatch(t -> t.outcome() == Outcome.PASSED) ? Outcome.PASSED : Outcome.SKIPPED;
            Requirement requirement = of.stream().map(TestOutcome::requirement).min(Enum::compareTo)
                    .orElse(Requirement.UNTESTED);
            rows.add(new RuleRow(rule, "rule " + rule + " in a few words", requirement, outcome, of));
        }
        return new ConformanceReport(subject, Verification.PUBLISHER, false, 100, 80,
                "measured: 3 ms per element", tests, rows);
    }
}
