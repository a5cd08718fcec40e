package dev.rill.bench;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The highest arrival rate each variant sustains with the showcase's workload (requests arriving
 * at a steady rate, each a small pipeline with a CPU hop, a blocking call for one in four, a page of
 * 16 items and a 500 ms timeout): Reactor and RxJava on their own schedulers, the same code on Rill
 * after {@code install}, and the request written with Rill's operators. A rate is sustained when
 * p99 stays under 100 ms with no timeout and every request ends ({@link Trial}).
 *
 * <p>Cold, every trial runs in a fresh JVM; warm, one JVM per variant warms up and then climbs the
 * ladder ({@link Ladder}). Variants alternate within a round, so a noisy spell of a shared machine
 * hits all of them; each variant's capacity is reported as a range over the rounds ({@link
 * CapacityReport}). {@code --at R} instead runs each variant at one fixed rate {@code --runs}
 * times and reports timeouts and p99 ({@link AcceptanceReport}). A capacity, not a latency
 * benchmark: run it with nothing else on the machine, and read a single round as noise.
 *
 * <pre>{@code java -cp bench/target/benchmarks.jar dev.rill.bench.CapacityProbe --help}</pre>
 *
 * <p>Threading: the probe runs its children one at a time from the main thread.
 */
public final class CapacityProbe {

    /** Hidden mode of a child JVM: one cold trial ({@code --trial variant rate seconds}). */
    static final String TRIAL = "--trial";
    /** Hidden mode of a child JVM: warm up, then the ladder ({@code --warm-child variant options...}). */
    static final String WARM_CHILD = "--warm-child";

    /** How long a child may stay silent beyond its trial (and warm-up): JVM start, patience, settling. */
    private static final Duration SLACK = Duration.ofSeconds(60);

    private CapacityProbe() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 4 && args[0].equals(TRIAL)) {
            TrialChild.cold(Variant.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]), System.out);
            System.exit(0); // a scheduler thread that is not a daemon must not keep a finished child alive
        }
        if (args.length >= 2 && args[0].equals(WARM_CHILD)) {
            TrialChild.warm(Variant.of(args[1]), ProbeOptions.parse(Arrays.copyOfRange(args, 2, args.length)),
                    System.out);
            System.exit(0);
        }
        if (Arrays.asList(args).contains("--help")) {
            System.out.println(ProbeOptions.HELP);
            return;
        }
        ProbeOptions o;
        try {
            o = ProbeOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(ProbeOptions.HELP);
            System.exit(2);
            return;
        }
        PrintStream out = System.out;
        String machine = machine();
        out.println("capacity probe: " + String.join(" ", args));
        out.println(machine);
        if (o.at() > 0) {
            acceptance(o, out).print(out, machine);
        } else {
            capacity(o, out).print(out, machine);
        }
    }

    static String machine() {
        return String.format(Locale.ROOT, "JDK %s (%s, %s), %d cores", Runtime.version(),
                System.getProperty("java.vm.name"), System.getProperty("java.vendor"),
                Runtime.getRuntime().availableProcessors());
    }

    static List<Mode> modes(ProbeOptions o) {
        List<Mode> m = new ArrayList<>();
        if (o.cold()) {
            m.add(Mode.COLD);
        }
        if (o.warm()) {
            m.add(Mode.WARM);
        }
        return m;
    }

    /** Rounds of every variant's ladder, cold then warm within a round. */
    static CapacityReport capacity(ProbeOptions o, PrintStream out) throws Exception {
        CapacityReport report = new CapacityReport(o);
        for (int round = 1; round <= o.rounds(); round++) {
            for (Mode mode : modes(o)) {
                for (Variant v : o.variants()) {
                    out.printf("round %d, %s, %s%n", round, mode.label, v.id);
                    report.add(mode, v, mode == Mode.COLD ? coldLadder(o, v, out) : warmLadder(o, v, out));
                }
            }
        }
        return report;
    }

    /** Runs of one trial per variant at {@code --at}, alternating variants. */
    static AcceptanceReport acceptance(ProbeOptions o, PrintStream out) throws Exception {
        AcceptanceReport report = new AcceptanceReport(o);
        for (int run = 1; run <= o.runs(); run++) {
            for (Mode mode : modes(o)) {
                for (Variant v : o.variants()) {
                    out.printf("run %d, %s, %s%n", run, mode.label, v.id);
                    Trial t = mode == Mode.COLD ? coldTrial(o, v, o.at(), out) : warmTrials(o, v, out).get(0);
                    report.add(mode, v, t);
                }
            }
        }
        return report;
    }

    private static Ladder.Result coldLadder(ProbeOptions o, Variant v, PrintStream out) {
        return o.ladder().climb(rate -> {
            try {
                return coldTrial(o, v, rate, out);
            } catch (Exception e) {
                throw new IllegalStateException("could not run a child JVM", e);
            }
        });
    }

    private static Trial coldTrial(ProbeOptions o, Variant v, int rate, PrintStream out) throws Exception {
        List<String> args = List.of(TRIAL, v.id, Integer.toString(rate), Integer.toString(o.seconds()));
        ChildJvm.Outcome c = ChildJvm.run(args, SLACK.plusSeconds(o.seconds()), t -> out.println(t.line()), out);
        if (c.trials().isEmpty()) {
            Trial failed = Trial.failed(v, rate, o.seconds(), c.problem() == null ? "no trial line" : c.problem());
            out.println(failed.line());
            return failed;
        }
        return c.trials().get(0);
    }

    private static Ladder.Result warmLadder(ProbeOptions o, Variant v, PrintStream out) throws Exception {
        return new Ladder.Result(warmTrials(o, v, out));
    }

    /**
     * A warm child's trials; if it ended badly, a failed trial (at rate 0, which no capacity is
     * read from) says so, and its ladder counts as having found its limit.
     */
    private static List<Trial> warmTrials(ProbeOptions o, Variant v, PrintStream out) throws Exception {
        List<String> args = new ArrayList<>(List.of(WARM_CHILD, v.id));
        args.addAll(o.toArgs());
        Duration silence = SLACK.plusSeconds(o.warmupSeconds() + o.seconds());
        ChildJvm.Outcome c = ChildJvm.run(args, silence, t -> out.println(t.line()), out);
        List<Trial> trials = new ArrayList<>(c.trials());
        if (c.problem() != null || trials.isEmpty()) {
            Trial failed = Trial.failed(v, 0, o.seconds(), c.problem() == null ? "no trial line" : c.problem());
            out.println(failed.line());
            trials.add(failed);
        }
        return trials;
    }
}
