package dev.rill.tck;

import dev.rill.engine.Engine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.testng.annotations.Test;

/**
 * Regenerates the field's table in tck/README.md: every {@link FieldSubjects} subject through the
 * same runner, rule by rule. Not part of the build's tests (its name is not a test's name); run it
 * with {@code mvn -B test -pl tck -Dtest=FieldTable -Dsurefire.failIfNoSpecifiedTests=false}. A
 * failing rule in anyone's code is a fact for the table, not a failure of this run; the run fails
 * only if the table cannot be written or a check could not run at all.
 */
public class FieldTable {

    static final String START = "<!-- field-table:start (FieldTable writes this part) -->";
    static final String END = "<!-- field-table:end -->";

    @Test
    public void regenerate() throws IOException {
        Engine engine = Engine.builder().workers(2).name("field").build();
        Map<FieldSubjects.Subject, ConformanceReport> reports = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        Tck.holdGcRule();
        try {
            for (FieldSubjects.Subject s : FieldSubjects.all(engine)) {
                long t = System.nanoTime();
                ConformanceReport r = s.check().get().run();
                reports.put(s, r);
                System.out.printf("%-20s %-36s %s %d passed, %d failed, %d skipped (%d s)%n", s.library(), s.name(),
                        r.conforms() ? "conforms" : "DOES NOT CONFORM", r.count(Outcome.PASSED),
                        r.count(Outcome.FAILED), r.count(Outcome.SKIPPED), (System.nanoTime() - t) / 1_000_000_000L);
            }
        } finally {
            Tck.releaseGcRule();
            engine.close();
        }
        long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
        Path readme = Path.of(System.getProperty("rill.field.readme", "README.md"));
        String text = Files.readString(readme, StandardCharsets.UTF_8);
        Files.writeString(readme, splice(text, render(reports, seconds)), StandardCharsets.UTF_8);
    }

    /** {@code text} with the part between the markers replaced by {@code table}. */
    static String splice(String text, String table) {
        int from = text.indexOf(START);
        int to = text.indexOf(END);
        if (from < 0 || to < from) {
            throw new IllegalStateException("README has no " + START + " ... " + END + " section");
        }
        return text.substring(0, from + START.length()) + "\n" + table + text.substring(to);
    }

    static String render(Map<FieldSubjects.Subject, ConformanceReport> reports, long seconds) {
        StringBuilder b = new StringBuilder();
        b.append("Generated ").append(LocalDate.now(ZoneOffset.UTC)).append(" on Java ")
                .append(Runtime.version().feature()).append(" in ").append(seconds).append(" s.\n\n");
        summary(b, reports);
        rules(b, reports);
        failures(b, reports);
        return b.toString();
    }

    private static void summary(StringBuilder b, Map<FieldSubjects.Subject, ConformanceReport> reports) {
        b.append("| # | library | subject | verification | verdict | passed | failed (required / optional) | skipped |\n");
        b.append("|---|---|---|---|---|---|---|---|\n");
        int i = 1;
        for (Map.Entry<FieldSubjects.Subject, ConformanceReport> e : reports.entrySet()) {
            ConformanceReport r = e.getValue();
            long requiredFailed = r.tests().stream()
                    .filter(t -> t.outcome() == Outcome.FAILED && t.requirement().binding()).count();
            b.append("| ").append(i++).append(" | ").append(e.getKey().library()).append(" | `")
                    .append(e.getKey().name()).append("` | ").append(r.verification().title())
                    .append(r.flow() ? " (Flow)" : "").append(" | ").append(r.conforms() ? "conforms" : "**fails**")
                    .append(" | ").append(r.count(Outcome.PASSED)).append(" | ").append(requiredFailed).append(" / ")
                    .append(r.count(Outcome.FAILED) - requiredFailed).append(" | ").append(r.count(Outcome.SKIPPED))
                    .append(" |\n");
        }
        b.append('\n');
    }

    /** Rule by rule: one row per rule, one column per subject (numbered as in the summary). */
    private static void rules(StringBuilder b, Map<FieldSubjects.Subject, ConformanceReport> reports) {
        List<ConformanceReport> rs = new ArrayList<>(reports.values());
        b.append("Rule by rule (✓ passed, ✗ failed, · skipped or not tested; columns numbered as above):\n\n| rule |");
        for (int i = 1; i <= rs.size(); i++) {
            b.append(' ').append(i).append(" |");
        }
        b.append("\n|---|").append("---|".repeat(rs.size())).append('\n');
        Map<String, String> titles = new LinkedHashMap<>();
        for (ConformanceReport r : rs) {
            r.rules().forEach(row -> titles.putIfAbsent(row.rule(), row.title()));
        }
        for (Map.Entry<String, String> rule : titles.entrySet()) {
            b.append("| §").append(rule.getKey()).append(' ').append(rule.getValue()).append(" |");
            for (ConformanceReport r : rs) {
                b.append(' ').append(mark(r, rule.getKey())).append(" |");
            }
            b.append('\n');
        }
        b.append('\n');
    }

    private static String mark(ConformanceReport r, String rule) {
        return r.rules().stream().filter(row -> row.rule().equals(rule)).findFirst()
                .map(row -> switch (row.outcome()) {
                    case PASSED -> "✓";
                    case FAILED -> "✗";
                    case SKIPPED -> "·";
                }).orElse("");
    }

    private static void failures(StringBuilder b, Map<FieldSubjects.Subject, ConformanceReport> reports) {
        b.append("What failed, as the TCK said it:\n\n");
        boolean any = false;
        for (Map.Entry<FieldSubjects.Subject, ConformanceReport> e : reports.entrySet()) {
            for (TestOutcome t : e.getValue().tests()) {
                if (t.outcome() == Outcome.FAILED) {
                    any = true;
                    b.append("- ").append(e.getKey().library()).append(" `").append(e.getKey().name()).append("`, ")
                            .append(t.rule().isEmpty() ? "" : "§" + t.rule() + " ").append('`').append(t.test())
                            .append("` (").append(t.requirement().name().toLowerCase(java.util.Locale.ROOT))
                            .append("): ").append(t.message().replace('\n', ' ').replace("|", "\\|")).append('\n');
                }
            }
        }
        if (!any) {
            b.append("- nothing\n");
        }
    }
}
