package dev.rill.publishers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * A subscriber for the sources' own tests: records every signal, requests what it is told (at
 * subscription and later), and checks the serial rules it can see (no signal after a terminal one,
 * no overlapping {@code onNext}).
 */
final class Recorder<T> implements Subscriber<T> {

    /** Written by the serialized signals; read after {@link #await} or from the signalling thread. */
    final List<T> values = Collections.synchronizedList(new ArrayList<>());
    final List<String> violations = new CopyOnWriteArrayList<>();
    private final long initialRequest;
    private final CountDownLatch terminated = new CountDownLatch(1);
    private volatile Subscription subscription;
    private volatile Throwable error;
    private volatile boolean completed;
    private volatile boolean inOnNext;

    Recorder(long initialRequest) {
        this.initialRequest = initialRequest;
    }

    static <T> Recorder<T> unbounded() {
        return new Recorder<>(Long.MAX_VALUE);
    }

    @Override
    public void onSubscribe(Subscription s) {
        if (subscription != null) {
            violations.add("onSubscribe twice");
        }
        subscription = s;
        if (initialRequest > 0) {
            s.request(initialRequest);
        }
    }

    @Override
    public void onNext(T t) {
        if (terminated.getCount() == 0) {
            violations.add("onNext after a terminal signal: " + t);
        }
        if (inOnNext) {
            violations.add("overlapping onNext: " + t);
        }
        inOnNext = true;
        values.add(t);
        inOnNext = false;
    }

    @Override
    public void onError(Throwable t) {
        terminal();
        error = t;
        terminated.countDown();
    }

    @Override
    public void onComplete() {
        terminal();
        completed = true;
        terminated.countDown();
    }

    private void terminal() {
        if (terminated.getCount() == 0) {
            violations.add("a second terminal signal");
        }
    }

    void request(long n) {
        subscription.request(n);
    }

    void cancel() {
        subscription.cancel();
    }

    Throwable error() {
        return error;
    }

    boolean isComplete() {
        return completed;
    }

    boolean isTerminated() {
        return terminated.getCount() == 0;
    }

    /** Waits at most 5 s for a terminal signal, failing the test if none came. */
    Recorder<T> await() throws InterruptedException {
        assertThat(terminated.await(5, TimeUnit.SECONDS)).as("terminated within 5 s").isTrue();
        return this;
    }

    /** The values, complete, and nothing broke the rules on the way. */
    void assertCompletedWith(List<T> expected) {
        assertThat(values).containsExactlyElementsOf(expected);
        assertThat(completed).as("completed").isTrue();
        assertThat(error).isNull();
        assertThat(violations).isEmpty();
    }
}
