package dev.rill.tck;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.testng.SkipException;

/**
 * One rule of a conformance report as one test in the user's own suite: the rule (or the TCK's own
 * checks, which have no rule), whether it passes, fails or is skipped there, and why. The TestNG
 * entry point ({@link ConformanceCheck#ruleCases()}) hands these to a data provider; the JUnit 5 one
 * ({@link ConformanceCheck#dynamicTests()}) makes a dynamic test of each.
 *
 * <p>A rule fails when one of its binding ({@code required_} or {@code stochastic_}) tests failed;
 * an optional test that failed makes it a skip that says so, as the report does not count it
 * against conformance. Immutable; any thread.
 */
public final class RuleCase {

    /** The name of the case that gathers the TCK's own checks (tests with no rule). */
    static final String OWN_CHECKS = "the TCK's own checks";

    private final String name;
    private final Outcome outcome;
    private final String detail;

    private RuleCase(String name, Outcome outcome, String detail) {
        this.name = name;
        this.outcome = outcome;
        this.detail = detail;
    }

    /**
     * One case per rule row of {@code report}, in the report's order, then one for the TCK's own
     * checks if the verification has any.
     */
    static List<RuleCase> of(ConformanceReport report) {
        Objects.requireNonNull(report, "report");
        String where = report.subject() + ", " + report.verification().title() + (report.flow() ? " (Flow)" : "");
        List<RuleCase> cases = new ArrayList<>();
        for (RuleRow row : report.rules()) {
            String name = "§" + row.rule() + (row.title().isEmpty() ? "" : " " + row.title());
            cases.add(of(name, where, row.tests()));
        }
        List<TestOutcome> own = report.tests().stream().filter(t -> t.rule().isEmpty()).toList();
        if (!own.isEmpty()) {
            cases.add(of(OWN_CHECKS, where, own));
        }
        return List.copyOf(cases);
    }

    private static RuleCase of(String name, String where, List<TestOutcome> tests) {
        List<TestOutcome> failed = tests.stream()
                .filter(t -> t.outcome() == Outcome.FAILED && t.requirement().binding()).toList();
        if (!failed.isEmpty()) {
            return new RuleCase(name, Outcome.FAILED, where + ": " + describe(failed));
        }
        if (tests.stream().anyMatch(t -> t.outcome() == Outcome.PASSED)) {
            return new RuleCase(name, Outcome.PASSED, "");
        }
        List<TestOutcome> optional = tests.stream().filter(t -> t.outcome() == Outcome.FAILED).toList();
        if (!optional.isEmpty()) {
            return new RuleCase(name, Outcome.SKIPPED,
                    where + ": optional, not met (does not count against conformance): " + describe(optional));
        }
        if (tests.isEmpty()) {
            return new RuleCase(name, Outcome.SKIPPED, where + ": the TCK has no test for this rule");
        }
        return new RuleCase(name, Outcome.SKIPPED, where + ": " + describe(tests));
    }

    /** Each test as its name, the TCK's message and the plain-words meaning, one per line. */
    private static String describe(List<TestOutcome> tests) {
        return tests.stream().map(RuleCase::describe).collect(Collectors.joining("\n"));
    }

    private static String describe(TestOutcome t) {
        StringBuilder b = new StringBuilder(t.test());
        if (!t.message().isEmpty()) {
            b.append(": ").append(t.message());
        }
        if (!t.meaning().isEmpty()) {
            b.append(" (").append(t.meaning()).append(')');
        }
        if (t.rerun()) {
            b.append(" [rerun once with a longer timeout]");
        }
        return b.toString();
    }

    /** The rule, e.g. "§2.13 ..." (its number and title), or "the TCK's own checks". */
    public String name() {
        return name;
    }

    /** PASSED, FAILED (a binding test failed) or SKIPPED (nothing passed or failed that binds). */
    public Outcome outcome() {
        return outcome;
    }

    /** For a failure or a skip: which tests, the TCK's messages and what they mean; "" for a pass. */
    public String detail() {
        return detail;
    }

    /**
     * Makes this case's outcome a TestNG outcome: returns if the rule passed, throws an
     * {@link AssertionError} with {@link #detail()} if it failed, a {@link SkipException} if skipped.
     */
    public void verify() {
        if (outcome == Outcome.FAILED) {
            throw new AssertionError(name + " failed: " + detail);
        }
        if (outcome == Outcome.SKIPPED) {
            throw new SkipException(name + " skipped: " + detail);
        }
    }

    /** The name: TestNG shows a data provider's parameters with it. */
    @Override
    public String toString() {
        return name;
    }
}
