package dev.rill.examples;

import dev.rill.engine.EngineMetrics;
import java.util.Arrays;

/**
 * One run of the open-model load ({@link OpenLoad#drive}): how many requests were issued and
 * ended, each request's latency in microseconds (from its scheduled arrival to its last signal),
 * how many ended with a timeout or another error, and the engine's metrics around the run (null
 * when no engine was named).
 *
 * <p>A request that had not ended when the load generator stopped waiting counts with the time it
 * had waited so far: a lower bound, so the percentiles of an incomplete phase are never flattering.
 *
 * <p>Immutable once returned; the latency array is the caller's to read, not to change.
 */
public record Phase(String name, int requests, int ended, long nanos, long[] latenciesMicros, long timeouts,
                    long errors, EngineMetrics before, EngineMetrics after) {

    /** Requests per second over the whole phase: from the first arrival until the last one ended. */
    public double perSecond() {
        return requests * 1e9 / nanos;
    }

    /** The latency at percentile {@code p} (0 to 100; 100 is the maximum), in milliseconds. */
    public double percentileMs(double p) {
        long[] l = latenciesMicros.clone();
        Arrays.sort(l);
        return l.length == 0 ? 0 : l[(int) Math.min(l.length - 1, (long) (l.length * p / 100))] / 1000.0;
    }
}
