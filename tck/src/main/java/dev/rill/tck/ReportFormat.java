package dev.rill.tck;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The ways to write conformance reports down: for a person ({@link #TEXT}), for a README
 * ({@link #MARKDOWN}), for a program ({@link #JSON}) and for a CI server ({@link #JUNIT_XML}).
 * Every format takes several reports at once (the command line checks several subjects): text
 * and markdown one after the other, JSON as an array, JUnit XML as {@code <testsuites>}; a single
 * report is a single JSON object or {@code <testsuite>}. Stateless; any thread.
 */
public enum ReportFormat {
    /** Rule by rule with the failures and skips explained, totals and a verdict. */
    TEXT("text", TextReport::render),
    /** A table per report, with its settings, totals and verdict. */
    MARKDOWN("markdown", MarkdownReport::render),
    /** Every setting, rule and TCK test, with the verdict and totals. */
    JSON("json", JsonReport::render),
    /** One {@code <testcase>} per TCK test: the de-facto JUnit XML schema CI servers read. */
    JUNIT_XML("junit-xml", JUnitXmlReport::render);

    private final String option;
    private final Function<List<ConformanceReport>, String> renderer;

    ReportFormat(String option, Function<List<ConformanceReport>, String> renderer) {
        this.option = option;
        this.renderer = renderer;
    }

    /** The name the command line's {@code --format} takes, e.g. {@code junit-xml}. */
    public String option() {
        return option;
    }

    /** {@code reports} in this format (at least one). */
    public String render(List<ConformanceReport> reports) {
        Objects.requireNonNull(reports, "reports");
        if (reports.isEmpty()) {
            throw new IllegalArgumentException("reports is empty: give at least one report to render");
        }
        reports.forEach(r -> Objects.requireNonNull(r, "reports holds a null report"));
        return renderer.apply(List.copyOf(reports));
    }

    /** One report in this format. */
    public String render(ConformanceReport report) {
        return render(List.of(Objects.requireNonNull(report, "report")));
    }

    /** The format whose {@link #option()} is {@code name}; IllegalArgumentException naming the choices otherwise. */
    public static ReportFormat named(String name) {
        for (ReportFormat f : values()) {
            if (f.option.equals(name)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown format '" + name + "': choose one of " + choices());
    }

    /** The formats' names as the command line takes them, e.g. "text|markdown|json|junit-xml". */
    static String choices() {
        return Arrays.stream(values()).map(ReportFormat::option).collect(Collectors.joining("|"));
    }
}
