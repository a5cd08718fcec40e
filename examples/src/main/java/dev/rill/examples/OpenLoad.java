package dev.rill.examples;

import dev.rill.engine.Engine;
import dev.rill.engine.EngineMetrics;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * The load generator of the workload: requests arrive at a steady rate whether or not earlier ones
 * have ended (an open model, like traffic to a service), and each one's latency is measured from
 * its scheduled arrival, so a generator or a service that falls behind shows in the latencies.
 *
 * <p>Threading: {@link #drive} issues every request from the calling thread (the generator is not
 * one of the schedulers under test) and returns once every request ended or its patience ran out;
 * one phase at a time per caller.
 */
public final class OpenLoad {

    private OpenLoad() {
    }

    /**
     * Issues {@code requests} requests at {@code rate} per second, records each one's latency, and
     * waits for all of them, at most {@code patience} after the last arrival; fails if one ended
     * with the wrong number of items. {@code out} (may be null) gets the progress; {@code engine}
     * (may be null) the metrics.
     */
    public static Phase drive(PrintStream out, String name, IntFunction<Publisher<Integer>> request, int rate,
                              int requests, Engine engine, Duration patience) throws InterruptedException {
        EngineMetrics before = engine == null ? null : engine.metrics();
        Recorder rec = new Recorder(requests);
        if (out != null) {
            out.printf("%-30s", name);
            out.flush();
        }
        long interval = 1_000_000_000L / rate;
        long start = System.nanoTime();
        long nextPrint = start + TimeUnit.SECONDS.toNanos(1);
        for (int i = 0; i < requests; i++) {
            long due = start + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 20_000) {
                LockSupport.parkNanos(wait - 10_000);
            }
            while (System.nanoTime() < due) {
                Thread.onSpinWait();
            }
            request.apply(i).subscribe(rec.new RequestSubscriber(i, due));
            if (out != null && System.nanoTime() > nextPrint) {
                nextPrint += TimeUnit.SECONDS.toNanos(1);
                out.printf(" %d%%", rec.ended.get() * 100L / requests);
                out.flush();
            }
        }
        rec.all.await(patience.toNanos(), TimeUnit.NANOSECONDS);
        long nanos = System.nanoTime() - start;
        Phase phase = rec.phase(name, start + nanos, nanos, before, engine == null ? null : engine.metrics());
        long expectedItems = (long) phase.ended() * Workload.PAGE;
        if (phase.ended() == requests && phase.timeouts() + phase.errors() == 0 && rec.items.get() != expectedItems) {
            throw new IllegalStateException(name + ": " + rec.items.get() + " items, expected " + expectedItems);
        }
        if (out != null) {
            out.printf(" %d%% in %.1f s%n", phase.ended() * 100L / requests, nanos / 1e9);
        }
        return phase;
    }

    /** As the public {@code drive}, but every request must end within 60 s of the last arrival. */
    static Phase drive(PrintStream out, String name, IntFunction<Publisher<Integer>> request, int rate, int requests,
                       Engine engine) throws InterruptedException {
        Phase p = drive(out, name, request, rate, requests, engine, Duration.ofSeconds(60));
        if (p.ended() < requests) {
            throw new IllegalStateException(name + ": only " + p.ended() + " of " + requests + " requests ended");
        }
        return p;
    }

    /** What one phase's requests report as they end, from whichever threads end them. */
    private static final class Recorder {
        /** Per request: 0 while it runs, then 1 + its latency in nanoseconds. */
        final AtomicLongArray latency;
        /** Per request: its scheduled arrival, written and read by the generator's thread only. */
        final long[] due;
        final AtomicInteger ended = new AtomicInteger();
        final AtomicLong timeouts = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
        final AtomicLong items = new AtomicLong();
        final CountDownLatch all;

        Recorder(int requests) {
            latency = new AtomicLongArray(requests);
            due = new long[requests];
            all = new CountDownLatch(requests);
        }

        /** Latencies of the ended requests, and the wait so far ({@code now - due}) of the others. */
        Phase phase(String name, long now, long nanos, EngineMetrics before, EngineMetrics after) {
            int n = due.length;
            long[] micros = new long[n];
            int done = 0;
            for (int i = 0; i < n; i++) {
                long l = latency.get(i);
                done += l == 0 ? 0 : 1;
                micros[i] = (l == 0 ? now - due[i] : l - 1) / 1000;
            }
            return new Phase(name, n, done, nanos, micros, timeouts.get(), errors.get(), before, after);
        }

        /** One request's subscriber: counts its items and records when it ended. */
        final class RequestSubscriber implements Subscriber<Integer> {
            private final int id;
            private final long dueNanos;

            RequestSubscriber(int id, long dueNanos) {
                this.id = id;
                this.dueNanos = dueNanos;
                due[id] = dueNanos;
            }

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
                (t instanceof TimeoutException ? timeouts : errors).incrementAndGet();
                finish();
            }

            @Override
            public void onComplete() {
                finish();
            }

            private void finish() {
                latency.set(id, 1 + System.nanoTime() - dueNanos);
                ended.incrementAndGet();
                all.countDown();
            }
        }
    }
}
