package dev.rill.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.testng.annotations.Test;

/** Parsing the command line: every option, both spellings of a value, and what is refused. */
public class CliOptionsTest {

    @Test
    public void defaultsAreTextToStandardOutputCalibratedOnTheRunnersClassPath() throws Exception {
        CliOptions o = CliOptions.parse("--publisher", "com.example.A");

        assertThat(o.subjects()).containsExactly(new CliOptions.Subject(Verification.PUBLISHER, "--publisher", "com.example.A"));
        assertThat(o.format()).isEqualTo(ReportFormat.TEXT);
        assertThat(o.timeoutMillis()).isZero();
        assertThat(o.flow()).isFalse();
        assertThat(o.out()).isNull();
        assertThat(o.classpath()).isEmpty();
        assertThat(o.help()).isFalse();
    }

    @Test
    public void subjectsAreRepeatableInOrderAndValuesMayBeJoinedWithEquals() throws Exception {
        Path dir = Files.createTempDirectory("cli-options");
        String cp = dir + File.pathSeparator + dir;
        CliOptions o = CliOptions.parse("--processor=P", "--subscriber", "S", "--whitebox-subscriber", "W",
                "--publisher", "A", "--flow", "--timeout=250", "--format", "junit-xml", "-cp", cp,
                "--out", dir.resolve("r.xml").toString());

        assertThat(o.subjects()).extracting(CliOptions.Subject::verification).containsExactly(Verification.PROCESSOR,
                Verification.SUBSCRIBER_BLACKBOX, Verification.SUBSCRIBER_WHITEBOX, Verification.PUBLISHER);
        assertThat(o.subjects()).extracting(CliOptions.Subject::className).containsExactly("P", "S", "W", "A");
        assertThat(o.flow()).isTrue();
        assertThat(o.timeoutMillis()).isEqualTo(250);
        assertThat(o.format()).isEqualTo(ReportFormat.JUNIT_XML);
        assertThat(o.classpath()).containsExactly(dir.toFile(), dir.toFile());
        assertThat(o.out()).isEqualTo(dir.resolve("r.xml").toFile());
    }

    @Test
    public void helpNeedsNoSubject() throws Exception {
        assertThat(CliOptions.parse("--help").help()).isTrue();
        assertThat(CliOptions.parse("-h").help()).isTrue();
    }

    @Test
    public void eachMistakeIsNamed() {
        assertThatThrownBy(() -> CliOptions.parse()).hasMessageStartingWith("nothing to check");
        assertThatThrownBy(() -> CliOptions.parse("--publisher")).hasMessage("--publisher needs a value");
        assertThatThrownBy(() -> CliOptions.parse("--publisher=")).hasMessage("--publisher needs a value, got an empty one");
        assertThatThrownBy(() -> CliOptions.parse("--publisher", "A", "--verbose")).hasMessage("unknown option '--verbose'");
        assertThatThrownBy(() -> CliOptions.parse("com.example.A")).hasMessage("unknown option 'com.example.A'");
        assertThatThrownBy(() -> CliOptions.parse("--publisher", "A", "--timeout", "-5"))
                .hasMessage("--timeout takes a positive number of milliseconds, got '-5'");
        assertThatThrownBy(() -> CliOptions.parse("--publisher", "A", "--timeout", "soon"))
                .hasMessage("--timeout takes a positive number of milliseconds, got 'soon'");
        assertThatThrownBy(() -> CliOptions.parse("--publisher", "A", "--format", "xml"))
                .hasMessage("--format: unknown format 'xml': choose one of text|markdown|json|junit-xml");
        assertThatThrownBy(() -> CliOptions.parse("--publisher", "A", "--classpath", "/no/such/place.jar"))
                .hasMessage("--classpath entry not found: /no/such/place.jar");
        assertThatThrownBy(() -> CliOptions.parse("--publisher", "A", "--out", "/no/such/folder/r.txt"))
                .hasMessage("--out cannot write to /no/such/folder/r.txt: its folder does not exist");
    }
}
