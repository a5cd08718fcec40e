package dev.rill.examples;

import dev.rill.Rill;
import dev.rill.engine.Engine;
import dev.rill.engine.EngineMetrics;
import dev.rill.engine.reactor.RillReactor;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The main job: a service-like workload run three ways, then a table.
 *
 * <p>Requests arrive at a steady rate (an open model, like traffic to a service: the load does
 * not wait for the service). Each request is a small pipeline: it is accepted onto the CPU
 * scheduler, parses (a little CPU work), one request in four reads from a "database" (a call that
 * blocks for about a millisecond, on the blocking scheduler), the result comes back to the CPU
 * scheduler, a page of 16 items is rendered as a stream, and the whole request runs under a
 * 500 ms {@code timeout}. A request's latency is from its scheduled arrival to its last signal.
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

    static final int PAGE = 16;

    /** One phase's outcome: latencies in microseconds, one per request. */
    public record Phase(String name, int requests, long nanos, long[] latenciesMicros, long timeouts,
                        EngineMetrics before, EngineMetrics after) {
        double perSecond() {
            return requests * 1e9 / nanos;
        }

        double percentileMs(double p) {
            long[] l = latenciesMicros.clone();
            Arrays.sort(l);
            return l.length == 0 ? 0 : l[(int) Math.min(l.length - 1, (long) (l.length * p / 100))] / 1000.0;
        }
    }

    private Showcase() {
    }

    public static void main(String[] args) throws Exception {
        int[] rates = args.length > 0 ? rates(args[0]) : new int[] {20_000, 40_000, 60_000};
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        run(System.out, rates, seconds);
    }

    /** Arrival rates from the command line: {@code 10000,30000}. */
    static int[] rates(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).mapToInt(Integer::parseInt).toArray();
    }

    /**
     * Runs a warm-up, then the three phases at each rate (requests per second), printing progress
     * and the table to {@code out}.
     */
    public static List<Phase> run(PrintStream out, int[] rates, int seconds) throws Exception {
        out.printf("Rill showcase: requests arrive at %s per second, %d s per phase; each request hops onto the CPU "
                + "scheduler, parses, 1 in 4 makes a 1 ms blocking call, hops back, streams a page of %d items, all "
                + "under a 500 ms timeout. %d cores.%n%n", Arrays.toString(rates), seconds, PAGE,
                Runtime.getRuntime().availableProcessors());
        List<Phase> phases = new ArrayList<>();
        try (Engine engine = Engine.builder().name("showcase").build()) {
            IntFunction<Publisher<Integer>> reactor = Showcase::reactorRequest;
            IntFunction<Publisher<Integer>> rill = i -> rillRequest(engine, i);
            int warm = rates[0];
            out.print("warming up (all three, 1 s each, untimed) ...");
            drive(null, "warm-up", reactor, warm, warm, null);
            RillReactor.install(engine);
            try {
                drive(null, "warm-up", reactor, warm, warm, null);
            } finally {
                RillReactor.uninstall();
            }
            drive(null, "warm-up", rill, warm, warm, null);
            out.println(" done");
            for (int rate : rates) {
                int requests = rate * seconds;
                phases.add(drive(out, String.format("%,d/s Reactor", rate), reactor, rate, requests, null));
                RillReactor.install(engine);
                try {
                    phases.add(drive(out, String.format("%,d/s Reactor on Rill", rate), reactor, rate, requests, engine));
                } finally {
                    RillReactor.uninstall();
                }
                phases.add(drive(out, String.format("%,d/s Rill operators", rate), rill, rate, requests, engine));
            }
        }
        printTable(out, phases);
        return phases;
    }

    // ------------------------------------------------------------------ one request, twice

    static Publisher<Integer> reactorRequest(int id) {
        return Mono.just(id)
                .publishOn(Schedulers.parallel())
                .map(Showcase::cpu)
                .flatMap(v -> v % 4 == 0
                        ? Mono.fromCallable(() -> blockingCall(v)).subscribeOn(Schedulers.boundedElastic())
                        : Mono.just(v))
                .publishOn(Schedulers.parallel())
                .flatMapMany(v -> Flux.range(v, PAGE).publishOn(Schedulers.parallel(), PAGE).map(Showcase::cpu))
                .timeout(Duration.ofMillis(500), Schedulers.parallel());
    }

    static Publisher<Integer> rillRequest(Engine engine, int id) {
        return Rill.just(id)
                .publishOn(engine)
                .map(Showcase::cpu)
                .flatMap(v -> v % 4 == 0
                        ? Rill.fromCallable(() -> blockingCall(v)).subscribeOn(engine.blocking())
                        : Rill.just(v))
                .publishOn(engine)
                .concatMap(v -> Rill.range(v, PAGE).publishOn(engine, PAGE).map(Showcase::cpu))
                .timeout(Duration.ofMillis(500), engine);
    }

    private static volatile long sink;

    /** A couple of hundred nanoseconds of arithmetic. */
    static int cpu(int v) {
        long x = v;
        for (int i = 0; i < 40; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
        }
        sink = x;
        return v;
    }

    /** A call that blocks its thread for about a millisecond (a database, a remote service). */
    static int blockingCall(int v) throws InterruptedException {
        Thread.sleep(1);
        return v;
    }

    // ------------------------------------------------------------------ the load generator

    /**
     * Issues {@code requests} requests at {@code rate} per second from this thread (the load
     * generator is not one of the schedulers under test), records each one's latency, and waits
     * for all of them.
     */
    static Phase drive(PrintStream out, String name, IntFunction<Publisher<Integer>> request, int rate, int requests,
                       Engine engine) throws InterruptedException {
        EngineMetrics before = engine == null ? null : engine.metrics();
        Tally tally = new Tally(requests);
        if (out != null) {
            out.printf("%-30s", name);
            out.flush();
        }
        long interval = 1_000_000_000L / rate;
        long start = System.nanoTime();
        long nextPrint = start + TimeUnit.SECONDS.toNanos(1);
        for (int i = 0; i < requests; i++) {
            long due = start + i * interval;
            awaitDue(due);
            request.apply(i).subscribe(tally.request(i, due));
            if (out != null && System.nanoTime() > nextPrint) {
                nextPrint += TimeUnit.SECONDS.toNanos(1);
                out.printf(" %d%%", tally.completed.get() * 100 / requests);
                out.flush();
            }
        }
        if (!tally.all.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException(name + ": only " + tally.completed.get() + " of " + requests
                    + " requests ended");
        }
        long nanos = System.nanoTime() - start;
        long timeouts = tally.timeouts.get();
        long expectedItems = (requests - timeouts) * PAGE;
        if (timeouts == 0 && tally.items.get() != expectedItems) {
            throw new IllegalStateException(name + ": " + tally.items.get() + " items, expected " + expectedItems);
        }
        if (out != null) {
            out.printf(" 100%% in %.1f s%n", nanos / 1e9);
        }
        return new Phase(name, requests, nanos, tally.latencies(), timeouts, before,
                engine == null ? null : engine.metrics());
    }

    /** One phase's requests as they end, from any thread: latencies, items, failures. */
    private static final class Tally {
        final AtomicLongArray latency;
        final AtomicLong completed = new AtomicLong();
        final AtomicLong timeouts = new AtomicLong();
        final AtomicLong items = new AtomicLong();
        final CountDownLatch all;

        Tally(int requests) {
            latency = new AtomicLongArray(requests);
            all = new CountDownLatch(requests);
        }

        /** The subscriber for request {@code id}, due to leave at {@code due} (nanoTime). */
        Subscriber<Integer> request(int id, long due) {
            return new Subscriber<>() {
                @Override
                public void onSubscribe(Subscription s) {
                    s.request(Long.MAX_VALUE);
                }

                @Override
                public void onNext(Integer v) {
                    items.incrementAndGet();
                }

                @Override
                public void onError(Throwable t) {
                    timeouts.incrementAndGet();
                    finish();
                }

                @Override
                public void onComplete() {
                    finish();
                }

                private void finish() {
                    latency.set(id, (System.nanoTime() - due) / 1000);
                    completed.incrementAndGet();
                    all.countDown();
                }
            };
        }

        long[] latencies() {
            long[] l = new long[latency.length()];
            for (int i = 0; i < l.length; i++) {
                l[i] = latency.get(i);
            }
            return l;
        }
    }

    /**
     * Returns at {@code due} ({@link System#nanoTime()}): parks until just before it, then spins,
     * so requests leave on time without the load generator burning a core between them.
     */
    static void awaitDue(long due) {
        long wait = due - System.nanoTime();
        if (wait > 20_000) {
            LockSupport.parkNanos(wait - 10_000);
        }
        while (System.nanoTime() < due) {
            Thread.onSpinWait();
        }
    }

    static void printTable(PrintStream out, List<Phase> phases) {
        out.println();
        out.printf("%-30s %10s %10s %10s %10s %10s %9s%n", "latency per request", "requests/s", "p50 (ms)",
                "p90 (ms)", "p99 (ms)", "p99.9 (ms)", "timeouts");
        for (Phase p : phases) {
            out.printf("%-30s %,10.0f %10.2f %10.2f %10.2f %10.2f %9d%n", p.name(), p.perSecond(), p.percentileMs(50),
                    p.percentileMs(90), p.percentileMs(99), p.percentileMs(99.9), p.timeouts());
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

    /** What the engine did during each phase that ran on it (phases without metrics are skipped). */
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
