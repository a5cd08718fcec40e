package dev.rill.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.testng.annotations.Test;

/** Choosing a format by its command-line name, and what render accepts. */
public class ReportFormatTest {

    @Test
    public void eachFormatIsNamedAsTheCommandLineTakesIt() {
        assertThat(ReportFormat.named("junit-xml")).isEqualTo(ReportFormat.JUNIT_XML);
        assertThat(ReportFormat.named("text")).isEqualTo(ReportFormat.TEXT);
        assertThat(ReportFormat.choices()).isEqualTo("text|markdown|json|junit-xml");
    }

    @Test
    public void anUnknownNameIsRefusedNamingTheChoices() {
        assertThatThrownBy(() -> ReportFormat.named("html"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown format 'html': choose one of text|markdown|json|junit-xml");
    }

    @Test
    public void renderNeedsAtLeastOneReport() {
        assertThatThrownBy(() -> ReportFormat.TEXT.render(List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reports is empty");
        assertThatThrownBy(() -> ReportFormat.JSON.render((ConformanceReport) null))
                .isInstanceOf(NullPointerException.class).hasMessage("report");
    }
}
