package dev.rill.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@link BenchRunner}'s command line: which JDK runs the benchmarks (its label and {@code java}),
 * which tables, quick or not, extra JMH arguments, where the JSON results and markdown go, where
 * the charts go, and whether to only redraw. Immutable; {@link #parse} names the option at fault.
 *
 * @param jdk        the label of the JDK: "17", "25", or the name of a given JDK's directory
 * @param java       the {@code java} launcher the benchmarks run on
 * @param tables     the tables to run and draw
 * @param quick      a smoke run: 1 fork, 1 warm-up and 2 measured iterations of 1 s
 * @param jmhArgs    further JMH arguments, after the runner's (e.g. {@code -wi 3 -i 5})
 * @param out        the JSON results and markdown of this JDK
 * @param charts     the PNG charts, drawn from every JDK's results beside {@code out}
 * @param chartsOnly redraw from the saved results without running anything
 */
record RunnerOptions(String jdk, Path java, List<BenchTable> tables, boolean quick, List<String> jmhArgs, Path out,
                     Path charts, boolean chartsOnly) {

    static final Path JDK25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");
    static final Path JDK17 = Path.of("/usr/lib/jvm/java-17-openjdk-amd64/bin/java");

    static final String HELP = String.join("\n",
            "Runs bench/README.md's tables with JMH on a chosen JDK, saves the JSON results, and draws each table",
            "as a bar chart of ratios (Rill time / peer time) beside the other JDKs' results, plus a markdown table.",
            "",
            "java -cp bench/target/benchmarks.jar dev.rill.bench.BenchRunner [options]",
            "  --jdk 17|25|PATH     the JDK the benchmarks run on: 17 (this java if it is 17), 25 (" + JDK25 + "),",
            "                       or the path of a java launcher (default 17)",
            "  --tables a,b,...     of " + Suite.names() + " (default: all)",
            "  --quick              smoke run: -f 1 -wi 1 -i 2 -w 1 -r 1",
            "  --jmh 'ARGS'         more JMH arguments, e.g. '-f 1 -wi 3 -i 5 -w 1 -r 1' (after --quick's)",
            "  --out DIR            JSON results and markdown of this JDK (default bench/results/<jdk>);",
            "                       the charts also draw the results in DIR's sibling directories",
            "  --charts DIR         where the PNG charts go (default bench/charts)",
            "  --charts-only        redraw charts and markdown from saved results, run nothing",
            "  --help");

    static RunnerOptions parse(String... args) {
        String jdk = "17";
        List<BenchTable> tables = Suite.TABLES;
        boolean quick = false;
        List<String> jmh = List.of();
        Path out = null;
        Path charts = Path.of("bench", "charts");
        boolean chartsOnly = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--jdk" -> jdk = value(args, ++i, a);
                case "--tables" -> tables = tables(value(args, ++i, a));
                case "--quick" -> quick = true;
                case "--jmh" -> jmh = List.of(value(args, ++i, a).trim().split("\\s+"));
                case "--out" -> out = Path.of(value(args, ++i, a));
                case "--charts" -> charts = Path.of(value(args, ++i, a));
                case "--charts-only" -> chartsOnly = true;
                default -> throw new IllegalArgumentException("unknown argument '" + a + "' (see --help)");
            }
        }
        Path java = java(jdk);
        String label = jdk.equals("17") || jdk.equals("25") ? jdk : label(java);
        if (out == null) {
            out = Path.of("bench", "results", label);
        }
        return new RunnerOptions(label, java, tables, quick, jmh, out, charts, chartsOnly);
    }

    /** The JMH command line after the benchmark selection: quick settings, the extras, JSON output. */
    List<String> jmhSettings(Path json) {
        List<String> a = new ArrayList<>();
        if (quick) {
            a.addAll(List.of("-f", "1", "-wi", "1", "-i", "2", "-w", "1", "-r", "1"));
        }
        a.addAll(jmhArgs);
        a.addAll(List.of("-rf", "json", "-rff", json.toString()));
        return a;
    }

    private static List<BenchTable> tables(String names) {
        List<BenchTable> t = new ArrayList<>();
        for (String n : names.split(",")) {
            if (n.isBlank()) {
                throw new IllegalArgumentException("--tables: empty table name in '" + names + "'");
            }
            BenchTable table = Suite.named(n.trim());
            if (!t.contains(table)) {
                t.add(table);
            }
        }
        return List.copyOf(t);
    }

    private static Path java(String jdk) {
        switch (jdk) {
            case "17":
                return Runtime.version().feature() == 17 ? current() : JDK17;
            case "25":
                return JDK25;
            default:
                if (jdk.isBlank() || jdk.startsWith("--")) {
                    throw new IllegalArgumentException("--jdk needs 17, 25 or the path of a java launcher, got '" + jdk + "'");
                }
                return Path.of(jdk);
        }
    }

    /** A directory name for a JDK given by path: .../temurin-25-jdk-amd64/bin/java gives temurin-25-jdk-amd64. */
    private static String label(Path java) {
        Path bin = java.toAbsolutePath().getParent();
        Path home = bin == null ? null : bin.getParent();
        return home == null || home.getFileName() == null ? "custom" : home.getFileName().toString();
    }

    private static Path current() {
        return Path.of(ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    }

    private static String value(String[] args, int i, String name) {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new IllegalArgumentException(name + " needs a value");
        }
        return args[i];
    }

    @Override
    public String toString() {
        return "jdk " + jdk + " (" + java + "), tables " + Arrays.toString(tables.stream().map(BenchTable::name).toArray())
                + (quick ? ", quick" : "") + ", jmh " + jmhArgs + ", out " + out + ", charts " + charts
                + (chartsOnly ? ", charts only" : "");
    }
}
