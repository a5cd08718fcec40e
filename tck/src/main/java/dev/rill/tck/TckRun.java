package dev.rill.tck;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import org.reactivestreams.tck.TestEnvironment;
import org.testng.SkipException;

/**
 * What one run of a verification checks and with which timeouts, handed to the verification class
 * that TestNG builds by reflection (through {@link ConformanceRunner#current()}). {@code abandoned}
 * is set when the runner gives up on a stuck run, so that run skips whatever tests it reaches
 * afterwards; {@code helpers} runs the TCK's helper publishers.
 *
 * <p>Threading: immutable but for {@code abandoned}, which any thread may read.
 */
record TckRun(Verification verification, boolean flow, Object subject, long timeoutMillis, long noSignalMillis,
        ExecutorService helpers, AtomicBoolean abandoned) {

    /** The §3.13 rule waits at least this long for the subscriber's reference to clear. */
    static final long MIN_GC_TIMEOUT_MS = 300;

    TckRun(Verification verification, boolean flow, Object subject, long timeoutMillis, long noSignalMillis,
            ExecutorService helpers) {
        this(verification, flow, subject, timeoutMillis, noSignalMillis, helpers, new AtomicBoolean());
    }

    /** This run with every timeout multiplied by {@code factor} (for a rerun), not abandoned. */
    TckRun slower(long factor) {
        return new TckRun(verification, flow, subject, timeoutMillis * factor, noSignalMillis * factor, helpers);
    }

    /** The TCK's environment; its poll timeout equals the default one (TCK 1.0.4's expectError breaks otherwise). */
    TestEnvironment environment() {
        return new TestEnvironment(timeoutMillis, noSignalMillis, timeoutMillis);
    }

    long gcTimeoutMillis() {
        return Math.max(MIN_GC_TIMEOUT_MS, timeoutMillis);
    }

    /** The subject, typed as the verification class needs it. */
    @SuppressWarnings("unchecked")
    <S> S subject(Class<?> type) {
        return (S) type.cast(subject);
    }

    /**
     * Throws TestNG's skip once the runner gave up on this run: a stuck run that wakes up later
     * reports nothing more. (A check the verification's factory methods make rather than a TestNG
     * {@code @BeforeMethod}: the TCK's own set-up methods run first either way.)
     */
    void skipIfAbandoned() {
        if (abandoned.get()) {
            throw new SkipException("the check was abandoned");
        }
    }
}
