package dev.rill.bench;

import dev.rill.engine.Budget;
import dev.rill.engine.Engine;
import dev.rill.engine.Task;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How late 10 ms timers run: 1,000 timers started 1 ms apart, first on an idle scheduler, then
 * while 2 never-ending CPU-bound tasks keep its 2 threads busy (each runs 128 units of work and
 * re-submits itself; on Rill it is a {@link Task} spending its {@link Budget}). Prints p50/p99/max
 * lateness per peer. Lateness is not throughput, so this is a probe rather than a JMH benchmark;
 * run it with {@code java -cp bench/target/benchmarks.jar dev.rill.bench.LatenessProbe [peer...]}.
 *
 * <p>Each peer first runs both phases three times unmeasured: in a JVM's first seconds the JIT compiles
 * the peer's timer path on the one core the probe's own spinning thread leaves free, and the
 * compilations, not the timers, make the tail (bench/README.md). The first run's p99 is printed
 * as well, as {@code cold}. {@code -Dprobe.warmups=0} measures the first run only.
 */
public final class LatenessProbe {

    static final int TIMERS = 1000;
    static final long DELAY_MS = 10;
    static volatile long sink;

    private LatenessProbe() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("timer lateness, 1,000 timers of 10 ms started 1 ms apart (ms; lower is better)");
        int warmups = Integer.getInteger("probe.warmups", 3);
        System.out.printf("%-10s %8s %8s %8s   %8s %8s %8s   %s%n", "peer", "idle p50", "p99", "max", "busy p50", "p99",
                "max", "cold: idle p99, busy p99");
        String[] peers = args.length > 0 ? args : new String[] {"rill", "stpe", "netty", "reactor", "rxjava"};
        for (String name : peers) {
            double[] idle = probe(name, false);
            double[] busy = probe(name, true);
            double coldIdle = idle[1];
            double coldBusy = busy[1];
            for (int i = 0; i < warmups; i++) {
                idle = probe(name, false);
                busy = probe(name, true);
            }
            System.out.printf("%-10s %8.3f %8.3f %8.3f   %8.3f %8.3f %8.3f   %.3f, %.3f%n", name, idle[0], idle[1], idle[2],
                    busy[0], busy[1], busy[2], coldIdle, coldBusy);
        }
    }

    static double[] probe(String name, boolean busy) throws Exception {
        TimerPeer timers = TimerPeer.create(name);
        AtomicBoolean stop = new AtomicBoolean();
        Thread[] spinners = {};
        Engine engine = null;
        if (busy) {
            if (name.equals("rill")) {
                engine = Engine.builder().workers(2).name("probe").build();
                timers.close();
                Engine e = engine;
                timers = TimerPeer.rill(e, false);
                for (int i = 0; i < 2; i++) {
                    new Task(e) {
                        @Override
                        protected void run() {
                            while (Budget.tryConsume()) {
                                unit();
                            }
                            if (!stop.get()) {
                                schedule();
                            }
                        }
                    }.schedule();
                }
            } else if (name.equals("netty")) {
                // Netty runs timer tasks on its own thread; load the two cores with plain threads.
                spinners = new Thread[2];
                for (int i = 0; i < 2; i++) {
                    spinners[i] = new Thread(() -> {
                        while (!stop.get()) {
                            unit();
                        }
                    });
                    spinners[i].setDaemon(true);
                    spinners[i].start();
                }
            } else {
                TimerPeer t = timers;
                for (int i = 0; i < 2; i++) {
                    t.start(new Runnable() {
                        @Override
                        public void run() {
                            for (int k = 0; k < Budget.PER_RUN; k++) {
                                unit();
                            }
                            if (!stop.get()) {
                                t.start(this, 0);
                            }
                        }
                    }, 0);
                }
            }
        }
        long[] late = new long[TIMERS];
        CountDownLatch done = new CountDownLatch(TIMERS);
        for (int i = 0; i < TIMERS; i++) {
            int id = i;
            long due = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DELAY_MS);
            timers.start(() -> {
                late[id] = System.nanoTime() - due;
                done.countDown();
            }, DELAY_MS);
            long next = System.nanoTime() + 1_000_000L;
            while (System.nanoTime() < next) {
                Thread.onSpinWait();
            }
        }
        boolean all = done.await(60, TimeUnit.SECONDS);
        if (engine != null && System.getProperty("probe.debug") != null) {
            System.out.println(engine.metrics());
        }
        stop.set(true);
        for (Thread s : spinners) {
            s.join();
        }
        timers.close();
        if (engine != null) {
            engine.close();
        }
        if (!all) {
            return new double[] {Double.NaN, Double.NaN, Double.NaN};
        }
        Arrays.sort(late);
        return new double[] {late[TIMERS / 2] / 1e6, late[TIMERS * 99 / 100] / 1e6, late[TIMERS - 1] / 1e6};
    }

    static void unit() {
        long x = sink;
        for (int i = 0; i < 200; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
        }
        sink = x;
    }
}
