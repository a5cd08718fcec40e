package dev.rill.tck;

import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * Reports for a person to read ({@link ReportFormat#TEXT}): the heading and settings, one line per
 * rule (required, optional and untested apart), then each failure with the TCK's message and what
 * it means, each skip with why, the tests that passed only on a rerun, the totals and the
 * verdict. Stateless.
 */
final class TextReport {

    private TextReport() {
    }

    static String render(List<ConformanceReport> reports) {
        StringBuilder b = new StringBuilder();
        for (ConformanceReport r : reports) {
            if (b.length() > 0) {
                b.append('\n');
            }
            report(b, r);
        }
        return b.toString();
    }

    private static void report(StringBuilder b, ConformanceReport r) {
        b.append("Reactive Streams TCK 1.0.4: ").append(ReportText.heading(r)).append('\n');
        b.append(ReportText.settings(r)).append("\n\n");
        rows(b, "Required rules", r, q -> q.binding());
        rows(b, "Optional rules", r, q -> q == Requirement.OPTIONAL);
        rows(b, "Rules the TCK does not test", r, q -> q == Requirement.UNTESTED);
        tests(b, "Failures", r, Outcome.FAILED);
        tests(b, "Skipped", r, Outcome.SKIPPED);
        reruns(b, r);
        b.append("Totals: ").append(ReportText.totals(r)).append('\n');
        b.append("Verdict: ").append(r.subject()).append(' ').append(ReportText.verdict(r)).append('\n');
    }

    private static void rows(StringBuilder b, String heading, ConformanceReport r, Predicate<Requirement> which) {
        List<RuleRow> rows = r.rules().stream().filter(row -> which.test(row.requirement())).toList();
        if (rows.isEmpty()) {
            return;
        }
        b.append(heading).append('\n');
        for (RuleRow row : rows) {
            String outcome = row.outcome() == Outcome.FAILED ? "FAILED" : ReportText.name(row.outcome());
            boolean rerun = row.tests().stream().anyMatch(TestOutcome::rerun);
            b.append(String.format(Locale.ROOT, "  %-6s %-8s %s%s%n", "§" + row.rule(), outcome, row.title(),
                    rerun ? " (rerun)" : ""));
        }
        b.append('\n');
    }

    private static void tests(StringBuilder b, String heading, ConformanceReport r, Outcome outcome) {
        List<TestOutcome> tests = r.tests().stream().filter(t -> t.outcome() == outcome).toList();
        if (tests.isEmpty()) {
            return;
        }
        b.append(heading).append('\n');
        for (TestOutcome t : tests) {
            b.append("  ").append(ReportText.rule(t)).append(' ').append(t.test());
            if (outcome == Outcome.FAILED && !t.requirement().binding()) {
                b.append(" (optional: does not count against conformance)");
            }
            b.append('\n');
            line(b, "TCK says", t.message());
            line(b, outcome == Outcome.FAILED ? "meaning" : "why", t.meaning());
            if (t.rerun()) {
                line(b, "note", "failed once on a timing expectation and was run again with a longer timeout");
            }
        }
        b.append('\n');
    }

    /** The tests that passed only when run again with a longer timeout. */
    private static void reruns(StringBuilder b, ConformanceReport r) {
        List<TestOutcome> tests = r.tests().stream().filter(t -> t.rerun() && t.outcome() == Outcome.PASSED).toList();
        if (tests.isEmpty()) {
            return;
        }
        b.append("Passed when run again with a longer timeout (they failed once on timing)\n");
        for (TestOutcome t : tests) {
            b.append("  ").append(ReportText.rule(t)).append(' ').append(t.test()).append('\n');
        }
        b.append('\n');
    }

    /** An indented labelled line; a multi-line value keeps the indent. Nothing for an empty value. */
    private static void line(StringBuilder b, String label, String value) {
        if (value.isEmpty()) {
            return;
        }
        b.append("      ").append(label).append(": ")
                .append(value.strip().replace("\n", "\n        ")).append('\n');
    }
}
