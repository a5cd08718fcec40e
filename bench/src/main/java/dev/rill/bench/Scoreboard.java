package dev.rill.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs the benchmarks and prints Rill against each peer as a table of times and ratios (peer time
 * / Rill time: above 1 means Rill is faster).
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar            # quick: 1 warm-up + 2 measured 1 s iterations
 * java -jar bench/target/benchmarks.jar full       # 5 + 5, as in bench/README.md
 * java -jar bench/target/benchmarks.jar quick Ping # only benchmarks matching a regex
 * </pre>
 * The full JMH command line is still there: {@code java -cp bench/target/benchmarks.jar org.openjdk.jmh.Main -h}.
 */
public final class Scoreboard {

    private Scoreboard() {
    }

    public static void main(String[] args) throws RunnerException {
        boolean full = args.length > 0 && args[0].equals("full");
        String include = args.length > 1 ? args[1] : "RuntimeBench";
        ChainedOptionsBuilder opts = new OptionsBuilder()
                .include(include)
                .forks(1)
                .verbosity(VerboseMode.SILENT)
                .shouldFailOnError(true);
        if (full) {
            opts.warmupIterations(5).warmupTime(TimeValue.seconds(1))
                .measurementIterations(5).measurementTime(TimeValue.seconds(1));
        } else {
            opts.warmupIterations(1).warmupTime(TimeValue.seconds(1))
                .measurementIterations(2).measurementTime(TimeValue.seconds(1));
        }
        System.out.println("Rill scoreboard (" + (full ? "full" : "quick") + " mode), "
                + Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("java.vm.name")
                + " " + System.getProperty("java.version") + "; benchmarks matching '" + include + "'");
        System.out.println("Running; each benchmark and peer gets its own JVM fork...");
        Collection<RunResult> results = new Runner(opts.build()).run();
        System.out.println();
        System.out.print(table(results));
    }

    /** Rows: benchmarks; columns: peers' time per operation, with each peer's ratio to Rill. */
    static String table(Collection<RunResult> results) {
        Map<String, Map<String, double[]>> byBench = new LinkedHashMap<>();
        String unit = "";
        for (RunResult r : results) {
            String label = r.getParams().getBenchmark();
            label = label.substring(label.lastIndexOf('.', label.lastIndexOf('.') - 1) + 1);
            String peer = r.getParams().getParam("peer");
            double score = r.getPrimaryResult().getScore();
            double error = r.getPrimaryResult().getScoreError();
            unit = r.getPrimaryResult().getScoreUnit();
            byBench.computeIfAbsent(label, k -> new LinkedHashMap<>()).put(peer, new double[] {score, error});
        }
        List<String> peers = new ArrayList<>();
        for (String p : new String[] {"rill", "forkjoin", "threadpool", "stpe", "netty", "reactor", "rxjava", "intstream", "loop"}) {
            if (byBench.values().stream().anyMatch(m -> m.containsKey(p))) {
                peers.add(p);
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%-30s", "benchmark (" + unit + ")"));
        for (String p : peers) {
            sb.append(String.format(" %28s", p));
        }
        sb.append('\n');
        for (Map.Entry<String, Map<String, double[]>> e : byBench.entrySet()) {
            sb.append(String.format("%-30s", e.getKey()));
            double[] rill = e.getValue().get("rill");
            for (String p : peers) {
                double[] v = e.getValue().get(p);
                if (v == null) {
                    sb.append(String.format(" %28s", "-"));
                } else if (rill == null || p.equals("rill")) {
                    sb.append(String.format(" %28s", String.format("%,.1f ±%s", v[0], err(v[1]))));
                } else {
                    sb.append(String.format(" %28s", String.format("%,.1f ±%s (%.2fx)", v[0], err(v[1]), v[0] / rill[0])));
                }
            }
            sb.append('\n');
        }
        sb.append("±: JMH's 99.9% confidence half-width; (x) = peer time / Rill time, above 1 means Rill is faster.\n");
        return sb.toString();
    }

    private static String err(double e) {
        return Double.isNaN(e) ? "?" : String.format("%,.0f", e);
    }
}
