package dev.rill.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchRunnerTest {

    @Test
    void runsJmhOnTheChosenJavaWithTheTablesSelectionAndJsonOutput() {
        RunnerOptions o = RunnerOptions.parse("--jdk", "25", "--quick");
        Path json = Path.of("bench/results/25/timer.json");
        assertThat(BenchRunner.command(o, Suite.named("timer"), json)).startsWith(
                RunnerOptions.JDK25.toString(), "-Djmh.ignoreLock=true", "-cp", System.getProperty("java.class.path"), "org.openjdk.jmh.Main",
                "TimerBench\\.startThenCancel", "-p", "peer=rill,netty").endsWith("-rf", "json", "-rff", json.toString());
    }

    @Test
    void findsTheSameTablesResultsOfEveryJdkBesideTheOutput(@TempDir Path root) throws Exception {
        for (String jdk : new String[] {"25", "17", "other"}) {
            Files.createDirectories(root.resolve(jdk));
        }
        Files.writeString(root.resolve("25/timer.json"), "[]");
        Files.writeString(root.resolve("17/timer.json"), "[]");
        Files.writeString(root.resolve("other/pipeline.json"), "[]");
        assertThat(BenchRunner.resultsBeside(root.resolve("17"), Suite.named("timer")))
                .containsExactly(root.resolve("17/timer.json"), root.resolve("25/timer.json"));
    }
}
