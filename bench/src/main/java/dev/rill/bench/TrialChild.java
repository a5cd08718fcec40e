package dev.rill.bench;

import dev.rill.examples.OpenLoad;
import dev.rill.examples.Phase;
import java.io.PrintStream;
import java.time.Duration;

/**
 * What a child JVM of {@link CapacityProbe} does: one trial in a fresh JVM (cold), or a warm-up
 * followed by the whole ladder (or one trial at the acceptance rate) in the same JVM (warm). Each
 * trial is printed as one {@link Trial#line()} as soon as it ends, so the probe sees progress and
 * keeps what was measured if the child dies later.
 *
 * <p>Threading: everything runs on the calling thread (the load generator); the variant's
 * schedulers run the requests.
 */
final class TrialChild {

    /** How long the load generator waits, after the last arrival, for the last request to end. */
    static final Duration PATIENCE = Duration.ofSeconds(5);

    /**
     * After a trial that was not sustained, a warm JVM pauses this long before the next one: its
     * requests that had not ended still run (each ends within its 500 ms timeout once its timer
     * can fire), and the next, lower rate should not be measured on top of them.
     */
    static final long SETTLE_MILLIS = 2_000;

    private TrialChild() {
    }

    /** One trial of {@code variant} at {@code rate} in this JVM, as it is: cold. */
    static void cold(Variant variant, int rate, int seconds, PrintStream out) throws InterruptedException {
        try (Variant.Open open = variant.open()) {
            out.println(trial(open, variant, rate, seconds).line());
            out.flush();
        }
    }

    /** Warms {@code variant} up, then runs the ladder, or one trial at {@code --at} if given. */
    static void warm(Variant variant, ProbeOptions o, PrintStream out) throws InterruptedException {
        try (Variant.Open open = variant.open()) {
            if (o.warmupSeconds() > 0) {
                OpenLoad.drive(null, "warm-up", open.request(), o.warmupRate(), o.warmupRate() * o.warmupSeconds(),
                        open.engine(), PATIENCE);
            }
            if (o.at() > 0) {
                out.println(trial(open, variant, o.at(), o.seconds()).line());
                out.flush();
                return;
            }
            o.ladder().climb(rate -> {
                try {
                    Trial t = trial(open, variant, rate, o.seconds());
                    out.println(t.line());
                    out.flush();
                    if (!t.sustained()) {
                        Thread.sleep(SETTLE_MILLIS);
                    }
                    return t;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted during a trial", e);
                }
            });
        }
    }

    /** One trial on an open variant; an exception from the workload makes a failed trial, not a crash. */
    static Trial trial(Variant.Open open, Variant variant, int rate, int seconds) throws InterruptedException {
        try {
            Phase p = OpenLoad.drive(null, variant.id + " at " + rate, open.request(), rate, rate * seconds,
                    open.engine(), PATIENCE);
            return Trial.of(variant, rate, seconds, p);
        } catch (RuntimeException e) {
            return Trial.failed(variant, rate, seconds, e.toString());
        }
    }
}
