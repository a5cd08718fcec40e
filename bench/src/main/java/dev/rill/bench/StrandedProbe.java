package dev.rill.bench;

import dev.rill.engine.Engine;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How long a task spawned by a task that then computes for a long time waits, on 2 workers: the
 * child lands in the parent worker's "runs next" slot, and the other worker, idle, must take it.
 * 500 parents, each spawning one child and then spinning until the child ran (at most 1 s); two
 * cases: the spawn happens while the other worker is still going idle, and after it parked. After
 * one warm-up round of each, prints p50/p99/max of the wait from spawn to the child's start. Latency, not throughput: a probe, run
 * with {@code java -cp bench/target/benchmarks.jar dev.rill.bench.StrandedProbe}.
 */
public final class StrandedProbe {

    static final int PARENTS = 500;

    private StrandedProbe() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("child of a busy task, wait until it starts on the idle worker (us; lower is better)");
        System.out.printf("%-22s %8s %8s %8s%n", "case", "p50", "p99", "max");
        try (Engine engine = Engine.builder().workers(2).name("stranded").build()) {
            probe(engine, false); // warm-up: compilation and the first parks would fill the tail
            probe(engine, true);
            for (boolean afterPark : new boolean[] {false, true}) {
                double[] r = probe(engine, afterPark);
                System.out.printf("%-22s %8.1f %8.1f %8.1f%n", afterPark ? "spawned after park" : "spawned at once",
                        r[0], r[1], r[2]);
            }
        }
    }

    static double[] probe(Engine engine, boolean afterPark) throws Exception {
        long[] waits = new long[PARENTS];
        for (int i = 0; i < PARENTS; i++) {
            int id = i;
            AtomicLong started = new AtomicLong();
            CountDownLatch done = new CountDownLatch(1);
            engine.execute(() -> {
                if (afterPark) {
                    spin(TimeUnit.MILLISECONDS.toNanos(2), new AtomicLong()); // the other worker parks meanwhile
                }
                long spawned = System.nanoTime();
                engine.execute(() -> started.set(System.nanoTime()));
                spin(TimeUnit.SECONDS.toNanos(1), started);
                long s = started.get();
                waits[id] = s == 0 ? Long.MAX_VALUE : s - spawned; // published by the latch
                done.countDown();
            });
            if (!done.await(5, TimeUnit.SECONDS)) {
                throw new IllegalStateException("parent " + i + " did not finish");
            }
        }
        Arrays.sort(waits);
        return new double[] {waits[PARENTS / 2] / 1e3, waits[PARENTS * 99 / 100] / 1e3, waits[PARENTS - 1] / 1e3};
    }

    /** Computes until {@code nanos} passed or the child started. */
    private static void spin(long nanos, AtomicLong started) {
        long end = System.nanoTime() + nanos;
        while (started.get() == 0 && System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }
}
