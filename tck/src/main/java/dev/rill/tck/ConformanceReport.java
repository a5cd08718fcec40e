package dev.rill.tck;

import java.util.List;

/**
 * The outcome of one conformance check: every TCK test of one verification, and the same grouped
 * one row per rule of the specification.
 *
 * @param subject the name the user gave the thing under test
 * @param verification which verification ran
 * @param flow true for the {@code java.util.concurrent.Flow} twin
 * @param timeoutMillis the TCK's timeout for each expected signal, as used (after calibration)
 * @param noSignalTimeoutMillis how long the TCK waited to be sure no signal came
 * @param calibration how the timeouts were chosen, in a sentence (e.g. measured or given by the user)
 * @param tests every TCK test of the verification, sorted by rule (in the specification's order,
 *        the TCK's own checks last) then by name
 * @param rules one row per rule §1.1 to §3.17, in the specification's order, then no row for the
 *        TCK's own checks (those stay in {@code tests} with an empty rule)
 */
public record ConformanceReport(String subject, Verification verification, boolean flow, long timeoutMillis,
        long noSignalTimeoutMillis, String calibration, List<TestOutcome> tests, List<RuleRow> rules) {

    public ConformanceReport {
        tests = List.copyOf(tests);
        rules = List.copyOf(rules);
    }

    /** True if no required (or stochastic) test failed; optional failures are reported, not binding. */
    public boolean conforms() {
        return tests.stream().noneMatch(t -> t.outcome() == Outcome.FAILED && t.requirement().binding());
    }

    /** The number of tests with this outcome. */
    public long count(Outcome outcome) {
        return tests.stream().filter(t -> t.outcome() == outcome).count();
    }

    /** The number of tests with this outcome among those with this requirement. */
    public long count(Requirement requirement, Outcome outcome) {
        return tests.stream().filter(t -> t.requirement() == requirement && t.outcome() == outcome).count();
    }
}
