package dev.rill.examples;

import dev.rill.engine.Engine;
import dev.rill.engine.EngineMetrics;
import dev.rill.engine.reactor.RillReactor;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;
import org.reactivestreams.Publisher;

/**
 * The main job: a service-like workload run three ways, then a table.
 *
 * <p>Requests arrive at a steady rate (an open model, like traffic to a service: the load does
 * not wait for the service). Each request is a small pipeline: it is accepted onto the CPU
 * scheduler, parses (a little CPU work), one request in four reads from a "database" (a call that
 * blocks for about a millisecond, on the blocking scheduler), the result comes back to the CPU
 * scheduler, a page of 16 items is rendered as a stream, and the whole request runs under a
 * 500 ms {@code timeout}. A request's latency is from its scheduled arrival to its last signal.
 * The request is {@link Workload}'s, the load generator {@link OpenLoad}'s (the capacity probe in
 * {@code bench/} drives the same ones).
 *
 * <ol>
 *   <li><b>Reactor</b>: the pipeline written with Reactor, on Reactor's own schedulers.</li>
 *   <li><b>Reactor on Rill</b>: the same Reactor code after {@code RillReactor.install(engine)}:
 *       {@code parallel()} is the engine, {@code boundedElastic()} its blocking pool.</li>
 *   <li><b>Rill</b>: the same pipeline written with Rill's own operators on the same engine.</li>
 * </ol>
 *
 * <p>It runs at several arrival rates (by default 20,000, 40,000 and 60,000 requests per second),
 * so the table shows how each runtime's latency grows as the load nears what two cores can do.
 *
 * <pre>{@code java -jar examples/target/rill-examples.jar [rate,rate,...] [seconds per phase]}</pre>
 */
public final class Showcase {

    private Showcase() {
    }

    public static void main(String[] args) throws Exception {
        int[] rates = args.length > 0 ? rates(args[0]) : new int[] {20_000, 40_000, 60_000};
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        run(System.out, rates, seconds);
    }

    /** Rates from the command line: {@code 10000,30000}. */
    static int[] rates(String arg) {
        return Arrays.stream(arg.split(",")).mapToInt(Integer::parseInt).toArray();
    }

    /**
     * Runs a warm-up, then the three phases at each rate (requests per second), printing progress
     * and the table to {@code out}.
     */
    public static List<Phase> run(PrintStream out, int[] rates, int seconds) throws Exception {
        out.printf("Rill showcase: requests arrive at %s per second, %d s per phase; each request hops onto the CPU "
                + "scheduler, parses, 1 in 4 makes a 1 ms blocking call, hops back, streams a page of %d items, all "
                + "under a 500 ms timeout. %d cores.%n%n", Arrays.toString(rates), seconds, Workload.PAGE,
                Runtime.getRuntime().availableProcessors());
        List<Phase> phases = new ArrayList<>();
        try (Engine engine = Engine.builder().name("showcase").build()) {
            IntFunction<Publisher<Integer>> reactor = Workload::reactorRequest;
            IntFunction<Publisher<Integer>> rill = i -> Workload.rillRequest(engine, i);
            int warm = rates[0];
            out.print("warming up (all three, 1 s each, untimed) ...");
            OpenLoad.drive(null, "warm-up", reactor, warm, warm, null);
            RillReactor.install(engine);
            try {
                OpenLoad.drive(null, "warm-up", reactor, warm, warm, null);
            } finally {
                RillReactor.uninstall();
            }
            OpenLoad.drive(null, "warm-up", rill, warm, warm, null);
            out.println(" done");
            for (int rate : rates) {
                int requests = rate * seconds;
                phases.add(OpenLoad.drive(out, String.format("%,d/s Reactor", rate), reactor, rate, requests, null));
                RillReactor.install(engine);
                try {
                    String name = String.format("%,d/s Reactor on Rill", rate);
                    phases.add(OpenLoad.drive(out, name, reactor, rate, requests, engine));
                } finally {
                    RillReactor.uninstall();
                }
                String name = String.format("%,d/s Rill operators", rate);
                phases.add(OpenLoad.drive(out, name, rill, rate, requests, engine));
            }
        }
        printTable(out, phases);
        return phases;
    }

    static void printTable(PrintStream out, List<Phase> phases) {
        out.println();
        out.printf("%-30s %10s %10s %10s %10s %10s %9s %7s%n", "latency per request", "requests/s", "p50 (ms)",
                "p90 (ms)", "p99 (ms)", "p99.9 (ms)", "timeouts", "errors");
        for (Phase p : phases) {
            out.printf("%-30s %,10.0f %10.2f %10.2f %10.2f %10.2f %9d %7d%n", p.name(), p.perSecond(),
                    p.percentileMs(50), p.percentileMs(90), p.percentileMs(99), p.percentileMs(99.9), p.timeouts(),
                    p.errors());
        }
        for (int i = 0; i + 2 < phases.size(); i += 3) {
            Phase reactor = phases.get(i);
            out.printf("%-30s p99 as a share of Reactor's own: Reactor on Rill %.2fx, Rill operators %.2fx (below 1: lower)%n",
                    reactor.name().replace(" Reactor", ""),
                    phases.get(i + 1).percentileMs(99) / Math.max(0.001, reactor.percentileMs(99)),
                    phases.get(i + 2).percentileMs(99) / Math.max(0.001, reactor.percentileMs(99)));
        }
        printEngineMetrics(out, phases);
    }

    /** What the engine did during each phase that ran on it. */
    static void printEngineMetrics(PrintStream out, List<Phase> phases) {
        out.println();
        out.printf("%-30s %10s %10s %10s %14s %12s %16s%n", "engine, during the phase", "tasks", "steals", "parks",
                "budget yields", "timers fired", "timers cancelled");
        for (Phase p : phases) {
            if (p.before() == null) {
                continue;
            }
            EngineMetrics a = p.after();
            EngineMetrics b = p.before();
            out.printf("%-30s %,10d %,10d %,10d %,14d %,12d %,16d%n", p.name(), a.tasksRun() - b.tasksRun(),
                    a.stealOperations() - b.stealOperations(), a.parks() - b.parks(),
                    a.budgetYields() - b.budgetYields(), a.timersFired() - b.timersFired(),
                    a.timersCancelled() - b.timersCancelled());
        }
    }
}
