package dev.rill.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunnerOptionsTest {

    @Test
    void defaultsRunEveryTableOnJdk17IntoBenchResults() {
        RunnerOptions o = RunnerOptions.parse();
        assertThat(o.jdk()).isEqualTo("17");
        assertThat(o.tables()).isEqualTo(Suite.TABLES);
        assertThat(o.out()).isEqualTo(Path.of("bench", "results", "17"));
        assertThat(o.charts()).isEqualTo(Path.of("bench", "charts"));
        assertThat(o.quick()).isFalse();
        assertThat(o.chartsOnly()).isFalse();
    }

    @Test
    void jdk25UsesTheTemurinLauncherAndItsOwnResultDirectory() {
        RunnerOptions o = RunnerOptions.parse("--jdk", "25", "--tables", "timer,pipeline,timer", "--charts-only");
        assertThat(o.java()).isEqualTo(RunnerOptions.JDK25);
        assertThat(o.out()).isEqualTo(Path.of("bench", "results", "25"));
        assertThat(o.tables()).extracting(BenchTable::name).containsExactly("timer", "pipeline");
        assertThat(o.chartsOnly()).isTrue();
    }

    @Test
    void aJdkGivenByPathIsLabelledByItsDirectory() {
        RunnerOptions o = RunnerOptions.parse("--jdk", "/opt/jdk-21.0.2/bin/java", "--out", "/tmp/r");
        assertThat(o.java()).isEqualTo(Path.of("/opt/jdk-21.0.2/bin/java"));
        assertThat(o.jdk()).isEqualTo("jdk-21.0.2");
        assertThat(o.out()).isEqualTo(Path.of("/tmp/r"));
    }

    @Test
    void quickAndExtraArgumentsComeBeforeTheJsonOutput() {
        RunnerOptions o = RunnerOptions.parse("--quick", "--jmh", " -wi 3  -i 5 ");
        assertThat(o.jmhSettings(Path.of("x.json"))).containsExactly(
                "-f", "1", "-wi", "1", "-i", "2", "-w", "1", "-r", "1", "-wi", "3", "-i", "5", "-rf", "json", "-rff", "x.json");
    }

    @Test
    void badInputNamesTheOption() {
        assertThatThrownBy(() -> RunnerOptions.parse("--tables", "timer,nope"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--tables").hasMessageContaining("'nope'")
                .hasMessageContaining("pipeline");
        assertThatThrownBy(() -> RunnerOptions.parse("--tables", "timer,,pipeline")).hasMessageContaining("--tables: empty");
        assertThatThrownBy(() -> RunnerOptions.parse("--jdk")).hasMessageContaining("--jdk needs a value");
        assertThatThrownBy(() -> RunnerOptions.parse("--jdk", "--quick")).hasMessageContaining("--jdk needs a value");
        assertThatThrownBy(() -> RunnerOptions.parse("--jdk", " ")).hasMessageContaining("--jdk needs 17, 25 or");
        assertThatThrownBy(() -> RunnerOptions.parse("--out")).hasMessageContaining("--out needs a value");
        assertThatThrownBy(() -> RunnerOptions.parse("--fast")).hasMessageContaining("unknown argument '--fast'");
    }

    @Test
    void theHelpListsEveryTable() {
        for (String name : List.of("runtime", "timer", "pipeline", "async")) {
            assertThat(RunnerOptions.HELP).contains(name);
        }
    }
}
