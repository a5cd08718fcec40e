package dev.rill.tck;

import java.util.List;
import java.util.Locale;

/**
 * Reports as JUnit XML ({@link ReportFormat#JUNIT_XML}), the de-facto schema CI servers read: a
 * {@code <testsuite>} per report (inside {@code <testsuites>} for several) with its settings as
 * properties and one {@code <testcase>} per TCK test, named with its rule. A failed required test
 * is a {@code <failure>} with the TCK's message and what it means; a skip is {@code <skipped>} with
 * why; a failed optional test is also {@code <skipped>} (saying it was not met), so the CI's
 * verdict is the report's: optional rules do not count against conformance. Characters XML 1.0
 * cannot hold are written as {@code \\uXXXX}. Stateless.
 */
final class JUnitXmlReport {

    private JUnitXmlReport() {
    }

    static String render(List<ConformanceReport> reports) {
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        if (reports.size() == 1) {
            suite(b, reports.get(0), "");
            return b.toString();
        }
        long tests = reports.stream().mapToLong(r -> r.tests().size()).sum();
        b.append("<testsuites name=\"Reactive Streams TCK 1.0.4 conformance\" tests=\"").append(tests)
                .append("\" failures=\"").append(reports.stream().mapToLong(JUnitXmlReport::failures).sum())
                .append("\" errors=\"0\" skipped=\"").append(reports.stream().mapToLong(JUnitXmlReport::skipped).sum())
                .append("\" time=\"").append(seconds(reports.stream().mapToLong(JUnitXmlReport::millis).sum()))
                .append("\">\n");
        for (ConformanceReport r : reports) {
            suite(b, r, "  ");
        }
        return b.append("</testsuites>\n").toString();
    }

    private static void suite(StringBuilder b, ConformanceReport r, String indent) {
        b.append(indent).append("<testsuite name=\"").append(text(ReportText.heading(r)))
                .append("\" tests=\"").append(r.tests().size())
                .append("\" failures=\"").append(failures(r))
                .append("\" errors=\"0\" skipped=\"").append(skipped(r))
                .append("\" time=\"").append(seconds(millis(r))).append("\">\n");
        String in = indent + "  ";
        b.append(in).append("<properties>\n");
        property(b, in, "verification", r.verification().title());
        property(b, in, "flow", String.valueOf(r.flow()));
        property(b, in, "timeoutMillis", String.valueOf(r.timeoutMillis()));
        property(b, in, "noSignalTimeoutMillis", String.valueOf(r.noSignalTimeoutMillis()));
        property(b, in, "calibration", r.calibration());
        property(b, in, "verdict", ReportText.verdict(r));
        b.append(in).append("</properties>\n");
        for (TestOutcome t : r.tests()) {
            testcase(b, r, t, in);
        }
        b.append(in).append("<system-out>").append(text(ReportText.totals(r) + "\n" + ReportText.verdict(r)))
                .append("</system-out>\n");
        b.append(indent).append("</testsuite>\n");
    }

    private static void property(StringBuilder b, String indent, String name, String value) {
        b.append(indent).append("  <property name=\"").append(name).append("\" value=\"").append(text(value))
                .append("\"/>\n");
    }

    private static void testcase(StringBuilder b, ConformanceReport r, TestOutcome t, String indent) {
        b.append(indent).append("<testcase classname=\"").append(text(r.subject()))
                .append("\" name=\"").append(text(ReportText.rule(t) + " " + t.test()))
                .append("\" time=\"").append(seconds(t.elapsedMillis())).append('"');
        String detail = detail(t);
        if (t.outcome() == Outcome.PASSED && t.rerun()) {
            b.append(">\n").append(indent).append("  <system-out>passed when run again with a longer timeout")
                    .append(" (it failed once on timing)</system-out>\n").append(indent).append("</testcase>\n");
        } else if (t.outcome() == Outcome.PASSED) {
            b.append("/>\n");
        } else if (t.outcome() == Outcome.FAILED && t.requirement().binding()) {
            b.append(">\n").append(indent).append("  <failure message=\"").append(text(t.message()))
                    .append("\" type=\"").append(ReportText.name(t.requirement())).append(" rule ")
                    .append(text(ReportText.rule(t))).append("\">").append(text(detail))
                    .append("</failure>\n").append(indent).append("</testcase>\n");
        } else {
            String why = t.outcome() == Outcome.FAILED
                    ? "optional, not met (does not count against conformance): " + detail : detail;
            b.append(">\n").append(indent).append("  <skipped message=\"").append(text(why)).append("\"/>\n")
                    .append(indent).append("</testcase>\n");
        }
    }

    /** The TCK's message, what it means, and whether the test was rerun. */
    private static String detail(TestOutcome t) {
        String detail = t.message();
        if (!t.meaning().isEmpty()) {
            detail = detail.isEmpty() ? t.meaning() : detail + "\nmeaning: " + t.meaning();
        }
        return t.rerun() ? detail + "\n(rerun once with a longer timeout)" : detail;
    }

    private static long failures(ConformanceReport r) {
        return ReportText.bindingFailures(r);
    }

    private static long skipped(ConformanceReport r) {
        return r.tests().size() - r.count(Outcome.PASSED) - failures(r);
    }

    private static long millis(ConformanceReport r) {
        return r.tests().stream().mapToLong(TestOutcome::elapsedMillis).sum();
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.3f", millis / 1000.0);
    }

    /**
     * {@code s} for an attribute value or element text: the five markup characters as entities,
     * line breaks kept (as character references, which survive in attributes), and what XML 1.0
     * cannot hold (other control characters, lone surrogates) as a visible {@code \\uXXXX}.
     */
    static String text(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&apos;");
                case '\n' -> b.append("&#10;");
                case '\r' -> b.append("&#13;");
                case '\t' -> b.append("&#9;");
                default -> {
                    if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                        b.append(c).append(s.charAt(++i));
                    } else if (c < 0x20 || Character.isSurrogate(c) || c == '\uFFFE' || c == '\uFFFF') {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
