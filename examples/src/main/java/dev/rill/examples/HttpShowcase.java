package dev.rill.examples;

import dev.rill.engine.Engine;
import dev.rill.engine.reactor.RillReactor;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The {@link Showcase} workload as a real HTTP service: {@link HttpService} on reactor-netty,
 * driven over the loopback interface by {@link HttpLoad} at fixed rates, first with Reactor's own
 * schedulers under the handlers, then after {@code RillReactor.install(engine)}; it prints progress
 * and a latency table of both. Client and server share this JVM (and its cores).
 *
 * <p>Rates default to 2,000 and 5,000 requests per second, 3 s per phase:
 *
 * <pre>{@code java -cp examples/target/rill-examples.jar dev.rill.examples.HttpShowcase [rate,rate,...] [seconds per phase]}</pre>
 */
public final class HttpShowcase {

    /** Keep-alive connections the load generator may open: far more than the default rates keep busy. */
    static final int CONNECTIONS = 64;

    private HttpShowcase() {
    }

    public static void main(String[] args) throws Exception {
        int[] rates = args.length > 0 ? Showcase.rates(args[0]) : new int[] {2_000, 5_000};
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        run(System.out, rates, seconds, HttpService.DEFAULT_TIMEOUT);
    }

    /**
     * Starts the service and the load generator, runs a warm-up, then at each rate (requests per
     * second) a phase on Reactor's schedulers and one on Rill; prints progress and the table to
     * {@code out}. {@code timeout} is the service's, past which it answers {@code 504}.
     */
    static List<HttpLoad.Result> run(PrintStream out, int[] rates, int seconds, Duration timeout) throws Exception {
        out.printf("Rill HTTP showcase: GET /items/{id} on reactor-netty at %s requests per second, %d s per phase; "
                + "each handler hops onto parallel(), parses, 1 in 4 makes a 1 ms blocking call on boundedElastic(), "
                + "hops back, renders a page of %d items, all under a %d ms timeout. Client and server in this JVM, "
                + "%d cores.%n", Arrays.toString(rates), seconds, Workload.PAGE, timeout.toMillis(),
                Runtime.getRuntime().availableProcessors());
        List<HttpLoad.Result> results = new ArrayList<>();
        try (Engine engine = Engine.builder().name("http-showcase").build();
             HttpService service = HttpService.start(0, timeout);
             HttpLoad load = new HttpLoad(service.port(), CONNECTIONS)) {
            out.printf("serving http://127.0.0.1:%d/items/{id}%n%n", service.port());
            // Longer than Showcase's 1 s: Netty's client and server code is compiled during it too,
            // and the first timed phase should not pay for that.
            int warmSeconds = Math.min(2, seconds);
            int warm = rates[0] * warmSeconds;
            out.printf("warming up (Reactor, then on Rill, %d s each, untimed) ...", warmSeconds);
            load.run(null, "warm-up", rates[0], warm, null);
            onRill(engine, () -> load.run(null, "warm-up", rates[0], warm, null));
            out.println(" done");
            for (int rate : rates) {
                int requests = rate * seconds;
                results.add(load.run(out, String.format("%,d/s Reactor", rate), rate, requests, null));
                results.add(onRill(engine,
                        () -> load.run(out, String.format("%,d/s Reactor on Rill", rate), rate, requests, engine)));
            }
        }
        printTable(out, results);
        return results;
    }

    /** Runs {@code phase} with Reactor's schedulers switched to {@code engine}, and switches them back. */
    private static <T> T onRill(Engine engine, Callable<T> phase) throws Exception {
        RillReactor.install(engine);
        try {
            return phase.call();
        } finally {
            RillReactor.uninstall();
        }
    }

    static void printTable(PrintStream out, List<HttpLoad.Result> results) {
        out.println();
        out.printf("%-30s %10s %9s %9s %9s %9s %8s %7s%n", "latency per request", "requests/s", "p50 (ms)",
                "p90 (ms)", "p99 (ms)", "max (ms)", "non-200", "errors");
        List<Phase> phases = new ArrayList<>();
        for (HttpLoad.Result r : results) {
            Phase p = r.phase();
            phases.add(p);
            out.printf("%-30s %,10.0f %9.2f %9.2f %9.2f %9.2f %8d %7d%n", p.name(), p.perSecond(), p.percentileMs(50),
                    p.percentileMs(90), p.percentileMs(99), p.percentileMs(100), r.non200(), r.errors());
        }
        for (int i = 0; i + 1 < phases.size(); i += 2) {
            Phase reactor = phases.get(i);
            out.printf("%-30s p99 on Rill as a share of Reactor's own: %.2fx (below 1: lower)%n",
                    reactor.name().replace(" Reactor", ""),
                    phases.get(i + 1).percentileMs(99) / Math.max(0.001, reactor.percentileMs(99)));
        }
        Showcase.printEngineMetrics(out, phases);
    }
}
