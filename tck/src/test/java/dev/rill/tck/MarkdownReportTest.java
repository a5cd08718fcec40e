package dev.rill.tck;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.testng.annotations.Test;

/** The markdown report: one table row per rule, whatever the messages hold. */
public class MarkdownReportTest {

    /** The cells of a table line, split on pipes that are not escaped. */
    private static List<String> cells(String line) {
        return List.of(line.substring(1, line.length() - 1).split("(?<!\\\\)\\|", -1));
    }

    @Test
    public void aTableRowPerRuleWithFiveCellsEachEvenWhenMessagesHoldPipesAndLineBreaks() {
        String md = ReportFormat.MARKDOWN.render(SampleReports.failing("my range"));

        List<String> rows = md.lines().filter(l -> l.startsWith("|")).toList();
        assertThat(rows).hasSize(2 + 5 + 1); // header, rule, a row per rule, the TCK's own checks
        assertThat(rows).allSatisfy(r -> assertThat(cells(r)).hasSize(5));
        assertThat(cells(rows.get(2))).containsExactly(" §1.1 ", " rule 1.1 in a few words ", " required ",
                " **failed** ", " `required_spec101_subscriptionRequestMustResultInTheCorrectNumberOfProducedElements`"
                        + " failed: expected &lt;3&gt; but got \"4\" &amp; 'more' \\| a\\\\b<br>"
                        + " second line   <br> é 𝄞 \ufffd end (the publisher sent more onNext than requested) ");
        assertThat(rows.get(7)).startsWith("| TCK | its own checks | required | **failed** |");
        assertThat(md).startsWith("### publisher verification of my range (org.reactivestreams)\n");
        assertThat(md).endsWith("**my range DOES NOT CONFORM: 2 required tests failed**\n");
    }

    @Test
    public void aTestPassedOnARerunIsNoted() {
        String md = ReportFormat.MARKDOWN.render(SampleReports.conforming("r"));

        assertThat(md).contains("| §1.9 | rule 1.9 in a few words | required | passed | "
                + "`required_spec109_mustIssueOnSubscribeForNonNullSubscriber` passed (rerun once with a longer timeout)"
                + "<br>`untested_spec109_subscribeShouldNotThrowNonFatalThrowable` skipped (untested by the TCK itself) |");
    }

    @Test
    public void severalReportsAreSeveralTables() {
        String md = ReportFormat.MARKDOWN.render(List.of(SampleReports.conforming("a"), SampleReports.failing("b")));

        assertThat(md.lines().filter(l -> l.equals("|---|---|---|---|---|"))).hasSize(2);
        assertThat(md).containsSubsequence("**a CONFORMS**", "**b DOES NOT CONFORM");
    }
}
