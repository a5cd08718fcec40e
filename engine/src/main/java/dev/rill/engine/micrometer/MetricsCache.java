package dev.rill.engine.micrometer;

import dev.rill.engine.Engine;
import dev.rill.engine.EngineMetrics;

/**
 * The last {@link Engine#metrics()} snapshot, kept for a moment: a registry reads each of the
 * binder's meters in turn as it publishes, and they should all come from one snapshot, not
 * rebuild it (every worker's counters, the timer wheel's pending count) per meter.
 *
 * <p>Threading: any thread. Two readers that both find it stale both take a snapshot; either may
 * be kept, and both are valid.
 */
final class MetricsCache {

    private final Engine engine;
    private final long maxAgeNanos;
    private volatile Held held;

    /** A snapshot and when it was taken. */
    private record Held(EngineMetrics metrics, long takenAt) {
    }

    MetricsCache(Engine engine, long maxAgeNanos) {
        this.engine = engine;
        this.maxAgeNanos = maxAgeNanos;
    }

    /** A snapshot at most the maximum age old. */
    EngineMetrics get() {
        long now = System.nanoTime();
        Held h = held;
        if (h == null || now - h.takenAt() > maxAgeNanos) {
            h = new Held(engine.metrics(), now);
            held = h;
        }
        return h.metrics();
    }
}
