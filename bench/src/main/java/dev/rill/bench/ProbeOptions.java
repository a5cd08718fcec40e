package dev.rill.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@link CapacityProbe}'s command line: which variants, how many alternating rounds, the ladder
 * (start, step, max, bisections), the length of a trial, cold and/or warm, the warm-up, and the
 * fixed-rate acceptance mode ({@code --at}, {@code --runs}). Parsed from and written back to
 * arguments, so a warm child JVM gets exactly the parent's settings. Immutable.
 */
record ProbeOptions(List<Variant> variants, int rounds, int seconds, int start, double step, int max, int bisections,
                    boolean cold, boolean warm, int warmupSeconds, int warmupRate, int at, int runs) {

    static final String HELP = String.join("\n",
            "Capacity probe: the highest arrival rate each variant sustains (p99 < 100 ms, no timeouts or errors,",
            "every request ended) with the showcase's workload, in a fresh JVM per trial (cold) and after a warm-up.",
            "",
            "java -cp bench/target/benchmarks.jar dev.rill.bench.CapacityProbe [options]",
            "  --variants a,b,...   of " + Variant.ids() + " (default: all)",
            "  --rounds N           alternating rounds, each runs every variant (default 3)",
            "  --seconds S          length of one trial (default 3)",
            "  --start R            first rate tried, requests/s (default 10000)",
            "  --step F             rate multiplier between trials (default 1.25)",
            "  --max R              highest rate tried (default 200000)",
            "  --bisect N           bisections between the last pass and the first failure (default 2)",
            "  --cold | --warm | --both   fresh JVM per trial, warm JVM per variant, or both (default --both)",
            "  --warmup S           warm-up seconds of a warm JVM (default 10), at --warmup-rate R",
            "                       (default half of --start, or of --at)",
            "  --at R --runs N      acceptance: N alternating runs of one trial at rate R per variant",
            "                       (default runs 4), reporting timeouts and p99 of each",
            "  --help");

    static ProbeOptions parse(String... args) {
        List<Variant> variants = List.of(Variant.values());
        int rounds = 3;
        int seconds = 3;
        int start = 10_000;
        double step = 1.25;
        int max = 200_000;
        int bisections = 2;
        boolean cold = true;
        boolean warm = true;
        int warmupSeconds = 10;
        int warmupRate = 0;
        int at = 0;
        int runs = 4;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--cold" -> {
                    cold = true;
                    warm = false;
                }
                case "--warm" -> {
                    cold = false;
                    warm = true;
                }
                case "--both" -> {
                    cold = true;
                    warm = true;
                }
                case "--variants" -> variants = Arrays.stream(value(args, ++i, a).split(","))
                        .map(Variant::of).distinct().collect(Collectors.toList());
                case "--rounds" -> rounds = positive(args, ++i, a);
                case "--seconds" -> seconds = positive(args, ++i, a);
                case "--start" -> start = positive(args, ++i, a);
                case "--step" -> step = decimal(args, ++i, a);
                case "--max" -> max = positive(args, ++i, a);
                case "--bisect" -> bisections = integer(args, ++i, a);
                case "--warmup" -> warmupSeconds = integer(args, ++i, a);
                case "--warmup-rate" -> warmupRate = positive(args, ++i, a);
                case "--at" -> at = positive(args, ++i, a);
                case "--runs" -> runs = positive(args, ++i, a);
                default -> throw new IllegalArgumentException("unknown argument '" + a + "' (see --help)");
            }
        }
        if (warmupRate == 0) {
            warmupRate = Math.max(1, (at > 0 ? at : start) / 2);
        }
        new Ladder(start, step, max, bisections); // checks the ladder's arguments now, not in a child
        return new ProbeOptions(List.copyOf(variants), rounds, seconds, start, step, max, bisections, cold, warm,
                warmupSeconds, warmupRate, at, runs);
    }

    Ladder ladder() {
        return new Ladder(start, step, max, bisections);
    }

    /** Arguments that {@link #parse} turns back into these options. */
    List<String> toArgs() {
        List<String> a = new ArrayList<>(List.of(
                "--variants", variants.stream().map(v -> v.id).collect(Collectors.joining(",")),
                "--rounds", Integer.toString(rounds), "--seconds", Integer.toString(seconds),
                "--start", Integer.toString(start), "--step", Double.toString(step),
                "--max", Integer.toString(max), "--bisect", Integer.toString(bisections),
                cold && warm ? "--both" : cold ? "--cold" : "--warm",
                "--warmup", Integer.toString(warmupSeconds), "--warmup-rate", Integer.toString(warmupRate),
                "--runs", Integer.toString(runs)));
        if (at > 0) {
            a.addAll(List.of("--at", Integer.toString(at)));
        }
        return a;
    }

    private static String value(String[] args, int i, String name) {
        if (i >= args.length) {
            throw new IllegalArgumentException(name + " needs a value");
        }
        return args[i];
    }

    private static int integer(String[] args, int i, String name) {
        String v = value(args, i, name);
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " needs a whole number, got '" + v + "'", e);
        }
    }

    private static double decimal(String[] args, int i, String name) {
        String v = value(args, i, name);
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " needs a number, got '" + v + "'", e);
        }
    }

    private static int positive(String[] args, int i, String name) {
        int v = integer(args, i, name);
        if (v <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + v);
        }
        return v;
    }
}
