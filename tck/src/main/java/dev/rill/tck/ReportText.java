package dev.rill.tck;

import java.util.Locale;

/**
 * Wording shared by the report formats: a report's heading, its settings, totals and verdict, so
 * that text, markdown, JSON and JUnit XML say the same things the same way. Stateless.
 */
final class ReportText {

    private ReportText() {
    }

    /** E.g. "publisher verification of my range (java.util.concurrent.Flow)". */
    static String heading(ConformanceReport r) {
        return r.verification().title() + " verification of " + r.subject()
                + (r.flow() ? " (java.util.concurrent.Flow)" : " (org.reactivestreams)");
    }

    /** E.g. "timeouts: 100 ms per signal, 100 ms for no signal (measured: ...)". */
    static String settings(ConformanceReport r) {
        return "timeouts: " + r.timeoutMillis() + " ms per signal, " + r.noSignalTimeoutMillis()
                + " ms for no signal" + (r.calibration().isEmpty() ? "" : " (" + r.calibration() + ")");
    }

    /** E.g. "required: 30 passed, 1 failed, 2 skipped; optional: ...; untested: 7 skipped". */
    static String totals(ConformanceReport r) {
        return "required: " + counts(r, Requirement.REQUIRED, Requirement.STOCHASTIC)
                + "; optional: " + counts(r, Requirement.OPTIONAL)
                + "; untested by the TCK: " + r.count(Requirement.UNTESTED, Outcome.SKIPPED) + " skipped"
                + "; all: " + r.count(Outcome.PASSED) + " passed, " + r.count(Outcome.FAILED) + " failed, "
                + r.count(Outcome.SKIPPED) + " skipped";
    }

    private static String counts(ConformanceReport r, Requirement... requirements) {
        long passed = 0;
        long failed = 0;
        long skipped = 0;
        for (Requirement q : requirements) {
            passed += r.count(q, Outcome.PASSED);
            failed += r.count(q, Outcome.FAILED);
            skipped += r.count(q, Outcome.SKIPPED);
        }
        return passed + " passed, " + failed + " failed, " + skipped + " skipped";
    }

    /** The number of binding (required or stochastic) tests that failed. */
    static long bindingFailures(ConformanceReport r) {
        return r.tests().stream().filter(t -> t.outcome() == Outcome.FAILED && t.requirement().binding()).count();
    }

    /** E.g. "CONFORMS" or "DOES NOT CONFORM: 2 required tests failed". */
    static String verdict(ConformanceReport r) {
        if (r.conforms()) {
            long optional = r.count(Requirement.OPTIONAL, Outcome.FAILED);
            return "CONFORMS" + (optional == 0 ? "" : " (" + plural(optional, "optional test") + " not met)");
        }
        return "DOES NOT CONFORM: " + plural(bindingFailures(r), "required test") + " failed";
    }

    /** A rule as a report names it: "§1.9", or "TCK" for the TCK's own checks. */
    static String rule(TestOutcome t) {
        return t.rule().isEmpty() ? "TCK" : "§" + t.rule();
    }

    /** A requirement in lower case, e.g. "required". */
    static String name(Requirement q) {
        return q.name().toLowerCase(Locale.ROOT);
    }

    /** An outcome in lower case, e.g. "passed". */
    static String name(Outcome o) {
        return o.name().toLowerCase(Locale.ROOT);
    }

    static String plural(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
