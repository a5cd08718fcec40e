package dev.rill.tck;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.reactivestreams.Processor;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.tck.TestEnvironment;
import org.reactivestreams.tck.TestEnvironment.ManualSubscriber;

/**
 * The timeouts a check runs with, and how they were chosen: given by the user, or measured on this
 * machine. Measuring runs a few warm-up round trips through the TCK's own environment (a manual
 * subscriber over a small source) and through the subject (three values and completion for a
 * publisher or processor; the first request for a subscriber), and takes the slowest: the TCK's
 * timeouts are {@value #FACTOR} times that, within [{@value #FLOOR_MS}, {@value #CAP_MS}] ms, so a
 * loaded machine gets longer timeouts and an idle one stays fast. A subject that fails its warm-up
 * is left out of the measure (the tests will say what is wrong with it).
 *
 * @param timeoutMillis the TCK's timeout for each expected signal
 * @param noSignalMillis how long the TCK waits to be sure no signal comes
 * @param how the sentence the report shows
 *
 * <p>Threading: immutable; {@link #measure} runs on the caller's thread (the TCK's manual
 * subscriber waits there).
 */
record Calibration(long timeoutMillis, long noSignalMillis, String how) {

    static final long FLOOR_MS = 100;
    static final long CAP_MS = 2000;
    static final long FACTOR = 20;
    static final int ROUNDS = 5;
    /** The longest one warm-up step may wait for the subject. */
    static final long WARM_UP_WAIT_MS = 1000;
    private static final int VALUES = 3;

    /** Timeouts the user fixed: both the per-signal and the no-signal one. */
    static Calibration fixed(Duration timeout) {
        long ms = Math.max(1, timeout.toMillis());
        return new Calibration(ms, ms, "given by the user: " + ms + " ms for each expected signal and each no-signal window");
    }

    /** Measures the machine with warm-ups of the TCK's environment and of {@code subject}. */
    static Calibration measure(Verification verification, Object subject) {
        long environment = 0;
        long measured = 0;
        String subjectNote = "";
        for (int round = 0; round <= ROUNDS && !Thread.currentThread().isInterrupted(); round++) { // round 0 only warms up
            long e = environmentRoundTrip();
            long s = 0;
            if (subjectNote.isEmpty()) {
                try {
                    s = guarded(verification, subject);
                } catch (Throwable t) { // a broken subject must not break the check: its tests will tell
                    keepInterrupt(t);
                    subjectNote = "; the subject's warm-up failed (" + Messages.firstLine("warm-up", t)
                            + "), so only the environment was measured";
                    s = 0;
                }
            }
            if (round > 0) {
                environment = Math.max(environment, e);
                measured = Math.max(measured, s);
            }
        }
        return of(environment, measured, subjectNote);
    }

    private static Calibration of(long environmentNanos, long subjectNanos, String subjectNote) {
        long worst = Math.max(environmentNanos, subjectNanos);
        long raw = TimeUnit.NANOSECONDS.toMillis(ConformanceRunner.times(Math.max(1, worst), FACTOR));
        long timeout = Math.min(CAP_MS, Math.max(FLOOR_MS, (raw + 9) / 10 * 10)); // whole tens of ms
        long noSignal = Math.max(FLOOR_MS, timeout / 2);
        String how = String.format(Locale.ROOT, "measured on this machine: the slowest of %d warm-up round trips took "
                + "%.2f ms through the TCK's environment and %.2f ms through the subject%s; timeouts are %d times the "
                + "slowest, within [%d, %d] ms: %d ms per expected signal, %d ms per no-signal window",
                ROUNDS, environmentNanos / 1e6, subjectNanos / 1e6, subjectNote, FACTOR, FLOOR_MS, CAP_MS,
                timeout, noSignal);
        return new Calibration(timeout, noSignal, how);
    }

    private static TestEnvironment warmUpEnvironment() {
        return new TestEnvironment(WARM_UP_WAIT_MS, WARM_UP_WAIT_MS, WARM_UP_WAIT_MS);
    }

    /** A manual subscriber of the TCK over a small source: request, receive, complete. */
    private static long environmentRoundTrip() {
        long start = System.nanoTime();
        try {
            drain(warmUpEnvironment(), new WarmUpSource(VALUES, i -> i), VALUES, true);
        } catch (Throwable t) { // only if interrupted: measured as what it took
            keepInterrupt(t);
        }
        return System.nanoTime() - start;
    }

    /** An interrupt of the caller stays visible to the run that follows, which then stops at once. */
    private static void keepInterrupt(Throwable t) {
        if (t instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
    }

    private static void drain(TestEnvironment env, Publisher<Object> p, long n, boolean completes) throws Throwable {
        ManualSubscriber<Object> s = env.newManualSubscriber(p);
        s.requestNextElements(n);
        if (completes) {
            s.requestEndOfStream();
        } else {
            s.cancel();
        }
        env.verifyNoAsyncErrorsNoDelay();
    }

    /**
     * One subject round trip on a daemon thread of its own, waited for with a bound: a subject that
     * blocks (even deaf to interrupts) must not hang the check before it starts; its thread is left.
     */
    private static long guarded(Verification verification, Object subject) throws Throwable {
        FutureTask<Long> trip = new FutureTask<>(() -> {
            try {
                return subjectRoundTrip(verification, subject);
            } catch (Exception | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new ExecutionException(t);
            }
        });
        Thread t = new Thread(trip, "rill-conformance-warm-up");
        t.setDaemon(true);
        t.start();
        try {
            return trip.get(2 * WARM_UP_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            t.interrupt();
            throw new TimeoutException("it did not finish within " + 2 * WARM_UP_WAIT_MS + " ms: does it block?");
        } catch (ExecutionException e) {
            throw e.getCause();
        }
    }

    private static long subjectRoundTrip(Verification verification, Object subject) throws Throwable {
        long start = System.nanoTime();
        switch (verification) {
            case PUBLISHER -> {
                long max = Subjects.maxElements(subject);
                long n = Math.min(VALUES, max);
                drain(warmUpEnvironment(), Subjects.publishers(subject).apply(n), n, max != Long.MAX_VALUE);
            }
            case PROCESSOR -> {
                IntFunction<Processor<Object, Object>> processors = Subjects.processors(subject);
                Processor<Object, Object> p = processors.apply(VALUES + 1);
                TestEnvironment env = warmUpEnvironment();
                ManualSubscriber<Object> s = env.newManualSubscriber(p);
                new WarmUpSource(VALUES, Subjects.elements(subject)).subscribe(p);
                s.requestNextElements(VALUES);
                s.requestEndOfStream();
                env.verifyNoAsyncErrorsNoDelay();
            }
            default -> firstRequest(subject);
        }
        return System.nanoTime() - start;
    }

    /** A subscriber: subscribes it to a small source and waits (bounded) for its first request. */
    private static void firstRequest(Object subject) throws InterruptedException {
        Supplier<Subscriber<Object>> subscribers = Subjects.subscribers(subject);
        WarmUpSource source = new WarmUpSource(VALUES, Subjects.elements(subject));
        Subscriber<Object> s = subscribers.get();
        source.subscribe(s);
        if (subject instanceof SubscriberUnderTest<?> blackbox) {
            @SuppressWarnings("unchecked")
            SubscriberUnderTest<Object> b = (SubscriberUnderTest<Object>) blackbox;
            b.triggerRequest(s);
        }
        if (!source.awaitRequest(WARM_UP_WAIT_MS / 4)) { // one that requests only when told: not measured
            throw new IllegalStateException("it did not request within " + WARM_UP_WAIT_MS / 4 + " ms");
        }
    }
}
