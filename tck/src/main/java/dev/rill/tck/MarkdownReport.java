package dev.rill.tck;

import java.util.List;

/**
 * Reports as markdown ({@link ReportFormat#MARKDOWN}), to paste in a README: per report a heading,
 * its settings, a table with one row per rule (its requirement, outcome, and for a failure or a
 * skip the TCK's message and what it means, and the tests that passed only on a rerun), the TCK's
 * own checks unless they simply passed, the totals and the verdict. Stateless.
 */
final class MarkdownReport {

    private MarkdownReport() {
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
        b.append("### ").append(cell(ReportText.heading(r))).append("\n\n");
        b.append("Reactive Streams TCK 1.0.4; ").append(cell(ReportText.settings(r))).append(".\n\n");
        b.append("| rule | what it says | requirement | outcome | details |\n");
        b.append("|---|---|---|---|---|\n");
        for (RuleRow row : r.rules()) {
            b.append("| §").append(row.rule()).append(" | ").append(cell(row.title())).append(" | ")
                    .append(ReportText.name(row.requirement())).append(" | ").append(outcome(row.outcome()))
                    .append(" | ").append(details(row.tests())).append(" |\n");
        }
        List<TestOutcome> own = r.tests().stream()
                .filter(t -> t.rule().isEmpty() && (t.outcome() != Outcome.PASSED || t.rerun())).toList();
        if (!own.isEmpty()) {
            b.append("| TCK | its own checks | required | ")
                    .append(outcome(own.stream().anyMatch(t -> t.outcome() == Outcome.FAILED) ? Outcome.FAILED
                            : own.stream().anyMatch(t -> t.outcome() == Outcome.PASSED) ? Outcome.PASSED
                            : Outcome.SKIPPED))
                    .append(" | ").append(details(own)).append(" |\n");
        }
        b.append('\n').append(cell(ReportText.totals(r))).append(".\n\n");
        b.append("**").append(cell(r.subject())).append(' ').append(ReportText.verdict(r)).append("**\n");
    }

    private static String outcome(Outcome o) {
        return o == Outcome.FAILED ? "**failed**" : ReportText.name(o);
    }

    /** The failed, skipped and rerun tests of a row: name, the TCK's message, what it means. */
    private static String details(List<TestOutcome> tests) {
        StringBuilder b = new StringBuilder();
        for (TestOutcome t : tests) {
            if (t.outcome() == Outcome.PASSED && !t.rerun()) {
                continue;
            }
            if (b.length() > 0) {
                b.append("<br>");
            }
            b.append('`').append(t.test().replace("`", "")).append("` ").append(ReportText.name(t.outcome()));
            if (!t.message().isEmpty()) {
                b.append(": ").append(cell(t.message()));
            }
            if (!t.meaning().isEmpty()) {
                b.append(" (").append(cell(t.meaning())).append(')');
            }
            if (t.rerun()) {
                b.append(" (rerun once with a longer timeout)");
            }
        }
        return b.toString();
    }

    /**
     * Text made safe for one table cell: pipes escaped, line breaks as {@code <br>}, and the
     * characters markdown would take for markup or HTML escaped; a control character is a space, a
     * surrogate without its pair the replacement character.
     */
    static String cell(String s) {
        StringBuilder b = new StringBuilder(s.length());
        String text = s.strip().replace("\r\n", "\n");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '|' -> b.append("\\|");
                case '\n', '\r', '\u2028', '\u2029' -> b.append("<br>");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '\\', '`', '*', '_', '[', ']' -> b.append('\\').append(c);
                default -> {
                    if (Character.isHighSurrogate(c) && i + 1 < text.length()
                            && Character.isLowSurrogate(text.charAt(i + 1))) {
                        b.append(c).append(text.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        b.append('\ufffd'); // alone it has no UTF-8 form
                    } else {
                        b.append(Character.isISOControl(c) ? ' ' : c);
                    }
                }
            }
        }
        return b.toString();
    }
}
