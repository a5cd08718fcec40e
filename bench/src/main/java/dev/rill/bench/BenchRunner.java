package dev.rill.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs bench/README.md's tables on a chosen JDK and draws them: for each table, JMH runs in a
 * child JVM of that JDK (this jar on its class path) and writes its JSON result; the runner then
 * writes the table as markdown beside the JSON and draws a PNG bar chart of ratios from this
 * JDK's results and every other JDK's found beside them ({@link RunnerOptions#HELP}).
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.rill.bench.BenchRunner --jdk 25 --tables pipeline,timer --jmh '-f 1 -wi 3 -i 5'
 * java -cp bench/target/benchmarks.jar dev.rill.bench.BenchRunner --charts-only
 * </pre>
 *
 * <p>Threading: one thread; each child JVM is waited for before the next starts.
 */
public final class BenchRunner {

    private BenchRunner() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        System.setProperty("java.awt.headless", "true");
        if (List.of(args).contains("--help")) {
            System.out.println(RunnerOptions.HELP);
            return;
        }
        RunnerOptions o;
        try {
            o = RunnerOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        System.out.println("BenchRunner: " + o);
        Files.createDirectories(o.out());
        int failed = 0;
        for (BenchTable t : o.tables()) {
            if (!o.chartsOnly() && !runTable(o, t)) {
                failed++;
                continue;
            }
            draw(o, t);
        }
        if (failed > 0) {
            System.err.println(failed + " table(s) failed to run");
            System.exit(1);
        }
    }

    /** Runs one table's benchmarks in a child JVM, holding JMH's lock for it; false (reported) if it did not end well. */
    private static boolean runTable(RunnerOptions o, BenchTable t) throws IOException, InterruptedException {
        if (!Files.isExecutable(o.java())) {
            throw new IllegalArgumentException("--jdk: no java launcher at " + o.java());
        }
        Path json = o.out().resolve(t.name() + ".json");
        List<String> cmd = command(o, t, json);
        try (JmhLock.Held lock = JmhLock.acquire(Duration.ofHours(2))) {
            if (lock == null) {
                System.err.println("table '" + t.name() + "': another JMH run held " + JmhLock.FILE + " for 2 h, not run");
                return false;
            }
            System.out.println("Running table '" + t.name() + "': " + String.join(" ", cmd));
            Files.deleteIfExists(json);
            Process p = new ProcessBuilder(cmd).inheritIO().start();
            if (!p.waitFor(6, TimeUnit.HOURS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                System.err.println("table '" + t.name() + "': JMH still running after 6 h, killed");
                return false;
            }
            if (p.exitValue() != 0 || !Files.exists(json)) {
                System.err.println("table '" + t.name() + "': JMH exited with " + p.exitValue()
                        + (Files.exists(json) ? "" : ", no " + json));
                return false;
            }
            return true;
        }
    }

    static List<String> command(RunnerOptions o, BenchTable t, Path json) {
        List<String> c = new ArrayList<>();
        c.add(o.java().toString());
        c.add("-Djmh.ignoreLock=true"); // the runner holds JMH's lock for its child (JmhLock)
        c.add("-cp");
        c.add(System.getProperty("java.class.path"));
        c.add("org.openjdk.jmh.Main");
        c.addAll(t.jmhSelection());
        c.addAll(o.jmhSettings(json));
        return c;
    }

    /** Writes this JDK's markdown and the chart of every JDK's results of {@code t} that exist. */
    private static void draw(RunnerOptions o, BenchTable t) throws IOException {
        Path mine = o.out().resolve(t.name() + ".json");
        if (Files.exists(mine)) {
            String md = MarkdownTable.render(TableResult.of(t, JmhResult.read(mine)));
            Files.writeString(o.out().resolve(t.name() + ".md"), md, StandardCharsets.UTF_8);
            System.out.println();
            System.out.println("## " + t.title());
            System.out.print(md);
        }
        List<TableResult> all = new ArrayList<>();
        for (Path json : resultsBeside(o.out(), t)) {
            all.add(TableResult.of(t, JmhResult.read(json)));
        }
        if (all.isEmpty()) {
            System.out.println("table '" + t.name() + "': no results to draw under " + o.out().toAbsolutePath().getParent());
            return;
        }
        Path png = o.charts().resolve(t.name() + ".png");
        RatioChart.write(all, png);
        System.out.println("chart: " + png + " (" + all.size() + " JDK(s))");
    }

    /** {@code <dir>/<table>.json} for {@code out} and each of its sibling directories, sorted by directory name. */
    static List<Path> resultsBeside(Path out, BenchTable t) throws IOException {
        Path root = out.toAbsolutePath().getParent();
        List<Path> found = new ArrayList<>();
        if (root == null || !Files.isDirectory(root)) {
            return found;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path d : dirs) {
                Path json = d.resolve(t.name() + ".json");
                if (Files.isRegularFile(json)) {
                    found.add(json);
                }
            }
        }
        found.sort(null);
        return found;
    }
}
