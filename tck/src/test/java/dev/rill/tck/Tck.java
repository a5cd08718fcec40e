package dev.rill.tck;

import java.util.concurrent.locks.ReentrantLock;
import org.reactivestreams.tck.TestEnvironment;

/** Settings shared by every verification: one timeout for poll and total (see tck/README.md). */
public final class Tck {

    /** Per-expectation timeout. Poll timeout equal to it: TCK 1.0.4's expectError bug otherwise. */
    public static final long TIMEOUT_MS = 50;
    public static final long GC_TIMEOUT_MS = 300;
    /**
     * Held by the §3.13 rule (see {@link #takingTurns}), and by each {@link ConformanceTest} check
     * (which runs that rule inside): verifications run three at once, and that rule alone needs the
     * JVM's collections to itself for a moment.
     */
    private static final ReentrantLock GC_RULE = new ReentrantLock();

    private Tck() {
    }

    /** A rule body, which may throw whatever a TCK rule throws. */
    @FunctionalInterface
    public interface Rule {
        void run() throws Throwable;
    }

    /**
     * Runs the §3.13 rule (drop the subscriber after cancel) one verification at a time: it asks
     * for a full GC and then waits for the subscriber's weak reference to clear, and two requests
     * at once are served by one collection that may have begun before the second subscriber was
     * let go, which then looks like a leak.
     */
    public static void takingTurns(Rule rule) throws Throwable {
        GC_RULE.lock();
        try {
            rule.run();
        } finally {
            GC_RULE.unlock();
        }
    }

    /** Takes the GC rule's turn for a whole test method (with {@link #releaseGcRule} after it, same thread). */
    static void holdGcRule() {
        GC_RULE.lock();
    }

    static void releaseGcRule() {
        if (GC_RULE.isHeldByCurrentThread()) {
            GC_RULE.unlock();
        }
    }

    public static TestEnvironment env() {
        return new TestEnvironment(TIMEOUT_MS, TIMEOUT_MS, TIMEOUT_MS);
    }
}
