package dev.rill.bench;

import dev.rill.Rill;
import dev.rill.engine.Cancellable;
import dev.rill.engine.Engine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Tail latency of a stream that shares its threads with busy ones: a 1 ms {@code interval}
 * probe, on the same 2 threads as 4 endless {@code range().publishOn()} streams, each value costing
 * a little CPU. Prints, per peer, how late the probe's ticks arrived (p50, p99, max) and how many
 * arrived at all within the window. Rill: a 2-worker engine; Reactor: {@code newParallel(2)} (what
 * {@code parallel()} is on 2 cores). Lateness is not throughput, so this is a probe, not JMH:
 * {@code java -cp bench/target/benchmarks.jar dev.rill.bench.IntervalProbe [busyStreams] [seconds]}.
 *
 * <p>Each peer's busy case first runs twice unmeasured for the same window: in a JVM's first
 * seconds the JIT compiles the streams' code on the same two cores, and those compilations, not
 * the scheduler, make most of the tail (bench/README.md). The first run's p99 is printed as
 * {@code cold}; {@code -Dprobe.warmups=0} measures the first run only.
 */
public final class IntervalProbe {

    static volatile long sink;

    private IntervalProbe() {
    }

    public static void main(String[] args) throws Exception {
        int busy = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        System.out.printf("1 ms interval probe beside %d busy publishOn streams on 2 threads, %d s (ms late; lower is better)%n",
                busy, seconds);
        int warmups = Integer.getInteger("probe.warmups", 2);
        System.out.printf("%-9s %7s %9s %9s %9s %8s %12s%n", "peer", "busy", "p50", "p99", "max", "ticks", "cold p99");
        for (String peer : new String[] {"rill", "reactor"}) {
            Result cold = probe(peer, busy, seconds);
            for (int i = 1; i < warmups; i++) {
                probe(peer, busy, seconds);
            }
            print(peer, 0, probe(peer, 0, seconds), null);
            print(peer, busy, warmups > 0 ? probe(peer, busy, seconds) : cold, cold);
        }
    }

    static void print(String peer, int busy, Result r, Result cold) {
        String c = cold == null ? "" : cold.late.length == 0 ? "-" : String.format("%.3f", cold.percentile(99));
        if (r.late.length == 0) {
            System.out.printf("%-9s %7d %9s %9s %9s %8d %12s  (of %d due)%n", peer, busy, "-", "-", "-", 0, c, r.due);
            return;
        }
        System.out.printf("%-9s %7d %9.3f %9.3f %9.3f %8d %12s  (of %d due)%n", peer, busy, r.percentile(50),
                r.percentile(99), r.late[r.late.length - 1] / 1e6, r.late.length, c, r.due);
    }

    record Result(long[] late, long due) {
        double percentile(int p) {
            return late[Math.min(late.length - 1, late.length * p / 100)] / 1e6;
        }
    }

    static Result probe(String peer, int busy, int seconds) throws Exception {
        long window = TimeUnit.SECONDS.toNanos(seconds);
        long[] arrivals = new long[(int) (TimeUnit.NANOSECONDS.toMillis(window) + 1000)];
        int[] count = {0};
        List<Object> handles = new ArrayList<>();
        Engine engine = null;
        Scheduler reactor = null;
        long start;
        if (peer.equals("rill")) {
            engine = Engine.builder().workers(2).name("probe").build();
            for (int i = 0; i < busy; i++) {
                handles.add(Rill.range(0, Integer.MAX_VALUE).publishOn(engine).subscribe(IntervalProbe::work));
            }
            start = System.nanoTime();
            handles.add(Rill.interval(Duration.ofMillis(1), engine).subscribe(t -> record(arrivals, count)));
        } else {
            reactor = Schedulers.newParallel("probe", 2);
            for (int i = 0; i < busy; i++) {
                handles.add(Flux.range(0, Integer.MAX_VALUE).publishOn(reactor).subscribe(IntervalProbe::work));
            }
            start = System.nanoTime();
            handles.add(Flux.interval(Duration.ofMillis(1), reactor).subscribe(t -> record(arrivals, count)));
        }
        long end = start + window;
        while (System.nanoTime() < end) {
            Thread.sleep(10); // the probe's own clock; the streams run on the peer's threads
        }
        for (Object h : handles) {
            if (h instanceof Cancellable c) {
                c.cancel();
            } else {
                ((Disposable) h).dispose();
            }
        }
        if (engine != null) {
            engine.close();
        }
        if (reactor != null) {
            reactor.dispose();
        }
        int n;
        synchronized (arrivals) {
            n = count[0];
        }
        // Tick k is due k ms after tick 0. The schedule's origin is taken from the most punctual
        // tick (the smallest arrival - k ms), so subscription set-up is not counted as lateness.
        long origin = Long.MAX_VALUE;
        for (int k = 0; k < n; k++) {
            origin = Math.min(origin, arrivals[k] - k * 1_000_000L);
        }
        long[] late = new long[n];
        for (int k = 0; k < n; k++) {
            late[k] = arrivals[k] - k * 1_000_000L - origin;
        }
        Arrays.sort(late);
        return new Result(late, TimeUnit.NANOSECONDS.toMillis(window));
    }

    private static void record(long[] arrivals, int[] count) {
        long now = System.nanoTime();
        synchronized (arrivals) {
            if (count[0] < arrivals.length) {
                arrivals[count[0]++] = now;
            }
        }
    }

    static void work(Integer v) {
        long x = sink + v;
        for (int i = 0; i < 20; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
        }
        sink = x;
    }
}
