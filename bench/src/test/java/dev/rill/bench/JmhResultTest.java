package dev.rill.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JmhResultTest {

    static Path sample() throws URISyntaxException {
        return Path.of(JmhResultTest.class.getResource("jmh-pipeline-sample.json").toURI());
    }

    @Test
    void readsEveryEntryOfAJmhJsonFile() throws Exception {
        List<JmhResult> results = JmhResult.read(sample());
        assertThat(results).hasSize(6);
        JmhResult first = results.get(0);
        assertThat(first.benchmark()).isEqualTo("dev.rill.bench.PipelineBench.mapFilterReduce");
        assertThat(first.method()).isEqualTo("mapFilterReduce");
        assertThat(first.params()).containsEntry("peer", "rill");
        assertThat(first.primary()).isEqualTo(new Measurement(3.0, 0.3, "ms/op"));
        assertThat(first.jdkVersion()).isEqualTo("17.0.15");
        assertThat(results.get(4).primary().error()).isNaN();
    }

    @Test
    void aFileThatIsNotAResultArraySaysWhichFileAndWhy(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"benchmark\" : \"x\"}");
        assertThatThrownBy(() -> JmhResult.read(bad)).isInstanceOf(IOException.class)
                .hasMessageContaining("bad.json").hasMessageContaining("JSON array");
        Files.writeString(bad, "[{\"benchmark\" : \"x\", \"primaryMetric\" : {\"score\" : 1, \"scoreError\" : 0}}]");
        assertThatThrownBy(() -> JmhResult.read(bad)).hasMessageContaining("'scoreUnit'");
    }
}
