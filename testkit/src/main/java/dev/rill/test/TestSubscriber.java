package dev.rill.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * A {@link Subscriber} that records what it receives and asserts on it, for tests of any
 * Reactive Streams publisher (like reactor-test's and RxJava's {@code TestSubscriber}).
 *
 * <pre>{@code
 * TestSubscriber<Integer> ts = TestSubscriber.create();
 * Rill.range(1, 3).map(i -> i * 10).subscribe(ts);
 * ts.awaitDone(Duration.ofSeconds(5)).assertValues(10, 20, 30).assertComplete();
 * }</pre>
 *
 * <p>It also watches the publisher's side of the protocol: a value beyond what was requested
 * (§1.1), a signal after the terminal one (§1.7) or a second {@code onSubscribe} (§2.5) is recorded,
 * and every assertion fails while such a violation is on record. Each failure says what was
 * expected and what arrived.
 *
 * <p>Threading: the publisher may signal from any thread (serially, as the specification requires);
 * the test thread asserts, requests and cancels at any time. Assertions read a snapshot.
 *
 * @param <T> the values' type
 */
public final class TestSubscriber<T> implements Subscriber<T> {

    private final long initialRequest;
    private final CountDownLatch done = new CountDownLatch(1);
    private final List<T> values = new ArrayList<>();
    private final List<String> violations = new ArrayList<>();
    private Subscription subscription;
    private long requested;
    private boolean completed;
    private Throwable error;
    private boolean cancelled;

    private TestSubscriber(long initialRequest) {
        if (initialRequest < 0) {
            throw new IllegalArgumentException("initialRequest must not be negative, was " + initialRequest);
        }
        this.initialRequest = initialRequest;
    }

    /** A subscriber that requests everything ({@code Long.MAX_VALUE}) as it is subscribed. */
    public static <T> TestSubscriber<T> create() {
        return new TestSubscriber<>(Long.MAX_VALUE);
    }

    /**
     * A subscriber that requests {@code initialRequest} values as it is subscribed (none if 0: call
     * {@link #request} later).
     *
     * @throws IllegalArgumentException if {@code initialRequest} is negative
     */
    public static <T> TestSubscriber<T> create(long initialRequest) {
        return new TestSubscriber<>(initialRequest);
    }

    // ---------------------------------------------------------------- Subscriber

    @Override
    public void onSubscribe(Subscription s) {
        Objects.requireNonNull(s, "§2.13: subscription must not be null");
        boolean cancelNow;
        synchronized (this) {
            if (subscription != null) {
                violations.add("onSubscribe called twice (§2.5); the second subscription was cancelled");
                cancelNow = true;
            } else {
                subscription = s;
                cancelNow = cancelled;
            }
        }
        if (cancelNow) {
            s.cancel();
            return;
        }
        if (initialRequest > 0) {
            request(initialRequest);
        }
    }

    @Override
    public void onNext(T t) {
        Objects.requireNonNull(t, "§2.13: onNext(null)");
        synchronized (this) {
            if (isTerminated()) {
                violations.add("onNext(" + t + ") after " + terminalName() + " (§1.7)");
                return;
            }
            if (values.size() >= requested) {
                violations.add("onNext(" + t + ") beyond demand: value " + (values.size() + 1) + " with "
                        + requested + " requested (§1.1)");
            }
            values.add(t);
        }
    }

    @Override
    public void onError(Throwable t) {
        Objects.requireNonNull(t, "§2.13: onError(null)");
        synchronized (this) {
            if (isTerminated()) {
                violations.add("onError(" + t + ") after " + terminalName() + " (§1.7)");
                return;
            }
            error = t;
        }
        done.countDown();
    }

    @Override
    public void onComplete() {
        synchronized (this) {
            if (isTerminated()) {
                violations.add("onComplete after " + terminalName() + " (§1.7)");
                return;
            }
            completed = true;
        }
        done.countDown();
    }

    // ---------------------------------------------------------------- driving

    /**
     * Requests {@code n} more values.
     *
     * @throws IllegalStateException if not subscribed yet
     */
    public TestSubscriber<T> request(long n) {
        Subscription s;
        synchronized (this) {
            s = subscription;
            if (s == null) {
                throw new IllegalStateException("request(" + n + ") before onSubscribe");
            }
            if (n > 0) { // n <= 0 is passed on: the publisher must answer it with onError (§3.9)
                requested = requested + n < 0 ? Long.MAX_VALUE : requested + n;
            }
        }
        s.request(n);
        return this;
    }

    /** Cancels the subscription (now, or as it arrives). */
    public TestSubscriber<T> cancel() {
        Subscription s;
        synchronized (this) {
            cancelled = true;
            s = subscription;
        }
        if (s != null) {
            s.cancel();
        }
        return this;
    }

    /**
     * Waits until the publisher completes or fails.
     *
     * @throws AssertionError if it has not within {@code timeout}, saying what arrived meanwhile
     */
    public TestSubscriber<T> awaitDone(Duration timeout) {
        if (!await(done, timeout)) {
            throw fail("no onComplete or onError within " + timeout);
        }
        return this;
    }

    /**
     * Waits until at least {@code count} values arrived, or the publisher ended.
     *
     * @throws AssertionError if neither happened within {@code timeout}
     */
    public TestSubscriber<T> awaitCount(int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (long wait = 1_000; ; wait = Math.min(wait * 2, 10_000_000)) {
            synchronized (this) {
                if (values.size() >= count || isTerminated()) {
                    return this;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw fail("fewer than " + count + " values within " + timeout);
            }
            if (await(done, Duration.ofNanos(Math.min(wait, left)))) {
                return this;
            }
        }
    }

    // ---------------------------------------------------------------- what arrived

    /** The values received so far, in order (a copy). */
    public synchronized List<T> values() {
        return new ArrayList<>(values);
    }

    /** The error received, or null. */
    public synchronized Throwable error() {
        return error;
    }

    /** Whether {@code onComplete} or {@code onError} arrived. */
    public synchronized boolean isTerminated() {
        return completed || error != null;
    }

    // ---------------------------------------------------------------- assertions

    /** Asserts that exactly {@code expected} arrived, in this order. */
    @SafeVarargs
    public final TestSubscriber<T> assertValues(T... expected) {
        List<T> want = new ArrayList<>(expected.length);
        for (T v : expected) {
            want.add(v);
        }
        List<T> got = checked();
        if (!got.equals(want)) {
            throw fail("expected values " + want + " but got " + got + firstDifference(want, got));
        }
        return this;
    }

    /** Asserts that exactly {@code count} values arrived. */
    public TestSubscriber<T> assertValueCount(int count) {
        int got = checked().size();
        if (got != count) {
            throw fail("expected " + count + " values but got " + got);
        }
        return this;
    }

    /** Asserts that no value arrived. */
    public TestSubscriber<T> assertNoValues() {
        return assertValueCount(0);
    }

    /** Asserts that {@code onComplete} arrived (and no error). */
    public TestSubscriber<T> assertComplete() {
        checked();
        synchronized (this) {
            if (!completed) {
                throw fail("expected onComplete but " + (error != null ? "got onError" : "it has not ended"));
            }
        }
        return this;
    }

    /** Asserts that it has not completed. */
    public TestSubscriber<T> assertNotComplete() {
        checked();
        synchronized (this) {
            if (completed) {
                throw fail("expected no onComplete but it completed");
            }
        }
        return this;
    }

    /** Asserts that neither {@code onComplete} nor {@code onError} arrived. */
    public TestSubscriber<T> assertNotTerminated() {
        checked();
        if (isTerminated()) {
            throw fail("expected no terminal signal but got " + terminalName());
        }
        return this;
    }

    /** Asserts that {@code onError} arrived with an instance of {@code type}. */
    public TestSubscriber<T> assertError(Class<? extends Throwable> type) {
        Throwable e = errorChecked();
        if (!type.isInstance(e)) {
            throw fail("expected onError(" + type.getName() + ") but got onError(" + e + ")", e);
        }
        return this;
    }

    /** Asserts that {@code onError} arrived with exactly this message. */
    public TestSubscriber<T> assertErrorMessage(String message) {
        Throwable e = errorChecked();
        if (!Objects.equals(message, e.getMessage())) {
            throw fail("expected an error with message \"" + message + "\" but got \"" + e.getMessage() + "\"", e);
        }
        return this;
    }

    /** Asserts that no error arrived. */
    public TestSubscriber<T> assertNoErrors() {
        checked();
        Throwable e = error();
        if (e != null) {
            throw fail("expected no error but got onError(" + e + ")", e);
        }
        return this;
    }

    /** Asserts that {@code onSubscribe} arrived. */
    public TestSubscriber<T> assertSubscribed() {
        checked();
        synchronized (this) {
            if (subscription == null) {
                throw fail("expected onSubscribe but the publisher never called it");
            }
        }
        return this;
    }

    // ---------------------------------------------------------------- helpers

    private Throwable errorChecked() {
        checked();
        Throwable e = error();
        if (e == null) {
            throw fail("expected onError but " + (isTerminated() ? "it completed" : "it has not ended"));
        }
        return e;
    }

    /** A snapshot of the values, after failing if the publisher broke the protocol. */
    private synchronized List<T> checked() {
        if (!violations.isEmpty()) {
            throw fail("the publisher broke the protocol: " + String.join("; ", violations));
        }
        return new ArrayList<>(values);
    }

    private String terminalName() {
        return completed ? "onComplete" : error != null ? "onError(" + error + ")" : "nothing";
    }

    private static <T> String firstDifference(List<T> want, List<T> got) {
        int n = Math.min(want.size(), got.size());
        for (int i = 0; i < n; i++) {
            if (!Objects.equals(want.get(i), got.get(i))) {
                return " (first difference at index " + i + ": expected " + want.get(i) + ", got " + got.get(i) + ")";
            }
        }
        return want.size() > got.size() ? " (missing from index " + n + ")" : " (extra from index " + n + ")";
    }

    private AssertionError fail(String what) {
        return fail(what, null);
    }

    private synchronized AssertionError fail(String what, Throwable cause) {
        String state = values.size() + " value" + (values.size() == 1 ? "" : "s")
                + (values.isEmpty() || values.size() > 20 ? "" : " " + values)
                + ", " + (isTerminated() ? terminalName() : "not terminated")
                + (cancelled ? ", cancelled" : "");
        AssertionError e = new AssertionError(what + " [received: " + state + "]");
        if (cause != null) {
            e.initCause(cause);
        }
        return e;
    }

    private static boolean await(CountDownLatch latch, Duration timeout) {
        try {
            return latch.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting", e);
        }
    }
}
