package dev.rill;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/** A plain (non-Rill) subscriber for tests: records signals, requests on demand. */
class TestSubscriber<T> implements Subscriber<T> {

    final List<T> values = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    final List<Throwable> errors = new CopyOnWriteArrayList<>();
    volatile int completions;
    volatile Subscription subscription;
    private final long initialRequest;
    private final CountDownLatch terminated = new CountDownLatch(1);
    /** Max depth of onNext re-entry, to check §3.3. */
    volatile int depth;
    volatile int maxDepth;

    TestSubscriber(long initialRequest) {
        this.initialRequest = initialRequest;
    }

    static <T> TestSubscriber<T> unbounded() {
        return new TestSubscriber<>(Long.MAX_VALUE);
    }

    @Override
    public void onSubscribe(Subscription s) {
        subscription = s;
        if (initialRequest > 0) {
            s.request(initialRequest);
        }
    }

    @Override
    public void onNext(T t) {
        depth++;
        maxDepth = Math.max(maxDepth, depth);
        values.add(t);
        onValue(t);
        depth--;
    }

    /** Hook for tests that act from inside onNext. */
    void onValue(T t) {
    }

    @Override
    public void onError(Throwable t) {
        errors.add(t);
        terminated.countDown();
    }

    @Override
    public void onComplete() {
        completions++;
        terminated.countDown();
    }

    void request(long n) {
        subscription.request(n);
    }

    TestSubscriber<T> await() throws InterruptedException {
        assertThat(terminated.await(5, TimeUnit.SECONDS)).as("terminated").isTrue();
        return this;
    }

    void assertValues(Object... expected) {
        assertThat(new ArrayList<Object>(values)).containsExactly(expected);
    }

    void assertComplete() {
        assertThat(errors).isEmpty();
        assertThat(completions).isEqualTo(1);
    }

    void assertNotTerminated() {
        assertThat(errors).isEmpty();
        assertThat(completions).isZero();
    }

    Throwable error() {
        assertThat(completions).isZero();
        assertThat(errors).hasSize(1);
        return errors.get(0);
    }

    static void awaitCondition(Duration d, java.util.function.BooleanSupplier c) {
        long end = System.nanoTime() + d.toNanos();
        while (!c.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("condition not met within " + d);
            }
            Thread.onSpinWait();
        }
    }
}
