package dev.rill.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The end of an acceptance run ({@code --at R --runs N}): for each variant, cold and/or warm, each
 * run's timeouts and p99 at the fixed rate, and in how many runs it had no timeout and sustained
 * the rate; then the same as a markdown table.
 *
 * <p>Threading: filled and printed by one thread.
 */
final class AcceptanceReport {

    private final ProbeOptions options;
    private final Map<Mode, Map<Variant, List<Trial>>> runs = new EnumMap<>(Mode.class);

    AcceptanceReport(ProbeOptions options) {
        this.options = options;
    }

    void add(Mode mode, Variant variant, Trial trial) {
        runs.computeIfAbsent(mode, m -> new EnumMap<>(Variant.class))
                .computeIfAbsent(variant, v -> new ArrayList<>()).add(trial);
    }

    void print(PrintStream out, String machine) {
        out.println();
        out.printf(Locale.ROOT, "at %,d requests/s, %d s per run; each run: timeouts / p99 (ms)%n", options.at(),
                options.seconds());
        runs.forEach((mode, byVariant) -> byVariant.forEach((v, ts) -> {
            StringBuilder b = new StringBuilder(String.format("%-16s %-5s", v.id, mode.label));
            ts.forEach(t -> b.append(t.failure() != null ? String.format("  %17s", "failed")
                    : String.format(Locale.ROOT, "  %6d / %8.2f", t.timeouts(), t.p99Ms())));
            out.println(b + "   " + summary(ts));
        }));
        out.println();
        out.print("| variant | JVM |");
        for (int r = 1; r <= options.runs(); r++) {
            out.print(" run " + r + ": timeouts, p99 |");
        }
        out.println(" runs without timeouts | runs sustained |");
        out.println("|---|---|" + "---|".repeat(options.runs()) + "---|---|");
        runs.forEach((mode, byVariant) -> byVariant.forEach((v, ts) -> {
            StringBuilder b = new StringBuilder("| " + v.id + " | " + mode.label + " |");
            ts.forEach(t -> b.append(t.failure() != null ? " failed |"
                    : String.format(Locale.ROOT, " %d, %.1f ms |", t.timeouts(), t.p99Ms())));
            b.append(String.format(" %d of %d | %d of %d |", withoutTimeouts(ts), ts.size(), sustained(ts),
                    ts.size()));
            out.println(b);
        }));
        out.printf(Locale.ROOT, "%nAt %,d requests/s for %d s per run, runs alternating between variants; "
                + "sustained: p99 < %.0f ms, no timeouts or errors, every request ended. %s.%n", options.at(),
                options.seconds(), Trial.P99_LIMIT_MS, machine);
    }

    static String summary(List<Trial> ts) {
        return String.format("no timeouts in %d of %d, sustained in %d of %d", withoutTimeouts(ts), ts.size(),
                sustained(ts), ts.size());
    }

    /** Runs in which every request ended and none timed out (one still running would be a timeout to come). */
    static long withoutTimeouts(List<Trial> ts) {
        return ts.stream().filter(t -> t.failure() == null && t.ended() == t.requests() && t.timeouts() == 0).count();
    }

    static long sustained(List<Trial> ts) {
        return ts.stream().filter(Trial::sustained).count();
    }
}
