package dev.rill.tck;

import org.reactivestreams.tck.TestEnvironment;

/** Settings shared by every verification: one timeout for poll and total (see tck/README.md). */
public final class Tck {

    /** Per-expectation timeout. Poll timeout equal to it: TCK 1.0.4's expectError bug otherwise. */
    public static final long TIMEOUT_MS = 50;
    public static final long GC_TIMEOUT_MS = 300;

    private Tck() {
    }

    public static TestEnvironment env() {
        return new TestEnvironment(TIMEOUT_MS, TIMEOUT_MS, TIMEOUT_MS);
    }
}
