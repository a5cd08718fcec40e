package dev.rill.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The end of a capacity run: per variant, cold and warm, the capacity found in each round and its
 * range over the rounds; how a library's code on Rill compares with the same code on the library's
 * own schedulers, round by round (the rounds alternate, so each pair ran under the same noise);
 * then the same as a markdown table for {@code bench/README.md}.
 *
 * <p>Threading: filled and printed by one thread.
 */
final class CapacityReport {

    private final ProbeOptions options;
    private final Map<Mode, Map<Variant, List<Ladder.Result>>> results = new EnumMap<>(Mode.class);

    CapacityReport(ProbeOptions options) {
        this.options = options;
    }

    void add(Mode mode, Variant variant, Ladder.Result result) {
        results.computeIfAbsent(mode, m -> new EnumMap<>(Variant.class))
                .computeIfAbsent(variant, v -> new ArrayList<>()).add(result);
    }

    void print(PrintStream out, String machine) {
        out.println();
        out.printf("capacity, requests/s (p99 < %.0f ms, no timeouts or errors, every request ended; %d s trials)%n",
                Trial.P99_LIMIT_MS, options.seconds());
        out.printf("%-16s %-6s %-40s %s%n", "variant", "", "per round", "range");
        results.forEach((mode, byVariant) -> byVariant.forEach((v, rs) -> out.printf("%-16s %-6s %-40s %s%n", v.id,
                mode.label, rs.stream().map(CapacityReport::cell).collect(Collectors.joining(" / ")), range(rs))));
        out.println();
        results.forEach((mode, byVariant) -> byVariant.forEach((v, rs) -> {
            List<Ladder.Result> own = v.ownSchedulers() == null ? null : byVariant.get(v.ownSchedulers());
            if (own != null) {
                out.println(comparison(mode, v, rs, own));
            }
        }));
        out.println();
        printMarkdown(out, machine);
    }

    private void printMarkdown(PrintStream out, String machine) {
        List<Mode> modes = new ArrayList<>(results.keySet());
        out.print("| variant |");
        modes.forEach(m -> out.printf(" %s: capacity (requests/s), %d round(s) |", m.label, options.rounds()));
        out.println();
        out.println("|---|" + "---|".repeat(modes.size()));
        for (Variant v : options.variants()) {
            out.print("| " + v.id + " |");
            modes.forEach(m -> {
                List<Ladder.Result> rs = results.get(m).get(v);
                out.print(" " + (rs == null ? "–" : range(rs)) + " |");
            });
            out.println();
        }
        out.printf(Locale.ROOT, "%nHighest rate with p99 < %.0f ms, no timeouts or errors and every request ended; "
                        + "%d s trials, ladder from %,d × %s up to %,d, %d bisection(s); "
                        + "range over alternating rounds. %s.%n", Trial.P99_LIMIT_MS, options.seconds(),
                options.start(), options.step(), options.max(), options.bisections(), machine);
    }

    /** One round's capacity: "≥" when nothing failed up to the maximum, "<" when nothing passed. */
    static String cell(Ladder.Result r) {
        if (r.capacity() == 0) {
            return "<" + n(r.lowest());
        }
        return (r.unbounded() ? "≥" : "") + n(r.capacity());
    }

    /** The lowest and the highest capacity over the rounds, each written as its {@link #cell}. */
    static String range(List<Ladder.Result> rs) {
        Ladder.Result min = rs.stream().min(Comparator.comparingInt(Ladder.Result::capacity)).orElseThrow();
        Ladder.Result max = rs.stream().max(Comparator.comparingInt(Ladder.Result::capacity)).orElseThrow();
        return min.capacity() == max.capacity() ? cell(max) : cell(min) + "–" + cell(max);
    }

    private static String comparison(Mode mode, Variant v, List<Ladder.Result> onRill, List<Ladder.Result> own) {
        List<String> ratios = new ArrayList<>();
        int atLeast = 0;
        int rounds = Math.min(onRill.size(), own.size());
        int compared = 0;
        for (int r = 0; r < rounds; r++) {
            int a = onRill.get(r).capacity();
            int b = own.get(r).capacity();
            if (a == 0 && b == 0) {
                ratios.add("neither sustained any rate");
                continue;
            }
            ratios.add(b == 0 ? "only on Rill" : String.format(Locale.ROOT, "%.2f×", (double) a / b));
            atLeast += a >= b ? 1 : 0;
            compared++;
        }
        return String.format("%s %s / %s per round: %s; at least as high in %d of %d round(s) compared", mode.label,
                v.id, v.ownSchedulers().id, String.join(", ", ratios), atLeast, compared);
    }

    static String n(int v) {
        return String.format(Locale.ROOT, "%,d", v);
    }
}
