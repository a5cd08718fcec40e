package dev.rill.bench;

import dev.rill.engine.Engine;
import dev.rill.engine.EngineMetrics;
import dev.rill.examples.OpenLoad;
import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * One trial of a {@link CapacityProbe} variant, in this JVM as it is (run it in a fresh one for the
 * cold window), with its timeline: every 100 ms the requests that arrived and ended, the JIT's and
 * the collector's time, and for a variant with an engine its queues, tasks run, busy time, parks
 * and timers fired; at the end, the timeouts by when their requests arrived. For seeing how a fresh
 * JVM's first seconds go (bench/README.md, capacity); not a benchmark.
 *
 * <pre>{@code java -cp bench/target/benchmarks.jar dev.rill.bench.ColdTimelineProbe reactor-on-rill 20000 [seconds]}</pre>
 *
 * <p>Threading: the load runs on the calling thread, the sampler on a daemon thread of its own;
 * the requests' subscribers count from whichever threads end them.
 */
final class ColdTimelineProbe {

    static final long STEP_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final int steps;
    private final AtomicIntegerArray arrived;
    private final AtomicIntegerArray ended;
    private final AtomicIntegerArray timeoutsByArrival;
    private final List<String> rows = new ArrayList<>();
    private long start;
    private boolean withEngine;

    private ColdTimelineProbe(int seconds) {
        steps = (int) ((TimeUnit.SECONDS.toNanos(seconds) + TrialChild.PATIENCE.toNanos()) / STEP_NANOS) + 1;
        arrived = new AtomicIntegerArray(steps);
        ended = new AtomicIntegerArray(steps);
        timeoutsByArrival = new AtomicIntegerArray(steps);
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length < 2 || args[0].startsWith("--")) {
            System.out.println("java -cp bench/target/benchmarks.jar dev.rill.bench.ColdTimelineProbe <variant> <rate> [seconds]"
                    + "\n  variant: one of " + Variant.ids() + "; seconds of load, default 3");
            return;
        }
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        System.out.print(run(Variant.of(args[0]), Integer.parseInt(args[1]), seconds));
    }

    /** Runs the trial and returns the timeline as text. */
    static String run(Variant variant, int rate, int seconds) throws InterruptedException {
        if (rate <= 0 || seconds <= 0) {
            throw new IllegalArgumentException("rate and seconds must be positive, were " + rate + " and " + seconds);
        }
        ColdTimelineProbe p = new ColdTimelineProbe(seconds);
        try (Variant.Open open = variant.open()) {
            p.withEngine = open.engine() != null;
            p.start = System.nanoTime();
            Thread sampler = new Thread(() -> p.sample(open.engine()), "timeline-sampler");
            sampler.setDaemon(true);
            sampler.start();
            try {
                OpenLoad.drive(null, variant.id, p.traced(open.request()), rate, rate * seconds, open.engine(),
                        TrialChild.PATIENCE);
            } finally {
                sampler.interrupt();
                sampler.join(TimeUnit.SECONDS.toMillis(5));
            }
        }
        return p.report(variant, rate, seconds);
    }

    private int stepNow() {
        return (int) Math.min(steps - 1, (System.nanoTime() - start) / STEP_NANOS);
    }

    /** The variant's request, counted where it arrives, ends and times out. */
    private IntFunction<Publisher<Integer>> traced(IntFunction<Publisher<Integer>> request) {
        return i -> {
            Publisher<Integer> p = request.apply(i);
            return s -> {
                int step = stepNow();
                arrived.incrementAndGet(step);
                p.subscribe(new Traced(s, step));
            };
        };
    }

    /** Every step until interrupted, and the step it was interrupted in: one row of what changed since the last. */
    private void sample(Engine engine) {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        long[] previous = new long[6];
        for (int step = 0; step < steps; step++) {
            LockSupport.parkNanos(start + (step + 1) * STEP_NANOS - System.nanoTime());
            boolean last = Thread.currentThread().isInterrupted(); // the load ended: this step's row is the last
            long[] now = {jit.getTotalCompilationTime(), gcMillis(), 0, 0, 0, 0};
            String engineColumns = "";
            if (engine != null) {
                EngineMetrics m = engine.metrics();
                now[2] = m.tasksRun();
                now[3] = m.busyNanos() / 1_000_000;
                now[4] = m.parks();
                now[5] = m.timersFired();
                engineColumns = String.format(" %8d %7d %7d %5d %6d %7d %8d", m.globalQueueDepth(), m.localQueueDepth(),
                        now[2] - previous[2], now[3] - previous[3], now[4] - previous[4], now[5] - previous[5], m.timersPending());
            }
            String row = String.format("%6d %5d %4d %7d %7d", (step + 1) * 100, now[0] - previous[0], now[1] - previous[1],
                    arrived.get(step), ended.get(step)) + engineColumns;
            synchronized (rows) {
                rows.add(row);
            }
            if (last) {
                return;
            }
            previous = now;
        }
    }

    private static long gcMillis() {
        long sum = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            sum += Math.max(0, gc.getCollectionTime());
        }
        return sum;
    }

    private String report(Variant variant, int rate, int seconds) {
        StringBuilder b = new StringBuilder();
        b.append(String.format("%s at %,d requests/s for %d s, per 100 ms (jit, gc: milliseconds spent in that step)%n",
                variant.id, rate, seconds));
        b.append("    ms   jit   gc arrived   ended");
        if (withEngine) {
            b.append("   global   local   tasks  busy  parks   fired  pending");
        }
        b.append(System.lineSeparator());
        synchronized (rows) {
            rows.forEach(r -> b.append(r).append(System.lineSeparator()));
        }
        int total = 0;
        b.append("timeouts by arrival (ms: count):");
        for (int step = 0; step < steps; step++) {
            int t = timeoutsByArrival.get(step);
            total += t;
            if (t > 0) {
                b.append(' ').append(step * 100).append(": ").append(t);
            }
        }
        return b.append(String.format("; total %,d%n", total)).toString();
    }

    /** Passes every signal on, counting when the request ended and whether it timed out. */
    private final class Traced implements Subscriber<Integer> {
        private final Subscriber<? super Integer> actual;
        private final int arrivedAt;

        Traced(Subscriber<? super Integer> actual, int arrivedAt) {
            this.actual = actual;
            this.arrivedAt = arrivedAt;
        }

        @Override
        public void onSubscribe(Subscription s) {
            actual.onSubscribe(s);
        }

        @Override
        public void onNext(Integer v) {
            actual.onNext(v);
        }

        @Override
        public void onError(Throwable t) {
            if (t instanceof TimeoutException) {
                timeoutsByArrival.incrementAndGet(arrivedAt);
            }
            ended.incrementAndGet(stepNow());
            actual.onError(t);
        }

        @Override
        public void onComplete() {
            ended.incrementAndGet(stepNow());
            actual.onComplete();
        }
    }
}
