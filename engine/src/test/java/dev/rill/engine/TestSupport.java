package dev.rill.engine;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Bounded polling for tests: waits for a condition, never for a fixed time. */
final class TestSupport {

    private TestSupport() {
    }

    /** Polls {@code condition} until it holds or {@code bound} passes; fails with {@code what} then. */
    static void awaitTrue(Duration bound, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within " + bound + ": " + what);
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    static long rillThreadsAlive(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith(prefix) && t.isAlive())
                .count();
    }
}
