package dev.rill.test;

import dev.rill.engine.VirtualTimeScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * One run of a {@link StepVerifier} script: the subscriber that queues every signal as it arrives
 * (and every protocol violation, in its place), and the steps' primitives that take signals off that
 * queue, each wait bounded by the run's deadline.
 *
 * <p>Threading: the publisher signals on any thread (serially); everything else runs on the
 * verifying thread. Demand bookkeeping is shared by both, under this object's lock.
 */
final class Verification {

    private static final Object COMPLETE = new Object();
    /** How many earlier signals a failure message shows. */
    private static final int SHOWN = 10;

    private record Subscribed(Subscription subscription) { }

    private record Next(Object value) { }

    private record Failed(Throwable error) { }

    private record Violation(String what) { }

    private final LinkedBlockingQueue<Object> events = new LinkedBlockingQueue<>();
    private final long initialRequest;
    private final VirtualTimeScheduler vts;
    private final long deadline;
    private final int steps;
    /** Signals taken so far, named, for failure messages. Verifying thread only. */
    private final List<String> seen = new ArrayList<>();
    private volatile Subscription subscription;
    private int step;
    private String description = "subscribe";

    // Guarded by this: what the publisher may still send, and whether it ended.
    private long requested;
    private long received;
    private String terminal;
    private boolean subscribed;

    Verification(long initialRequest, VirtualTimeScheduler vts, long deadline, int steps) {
        this.initialRequest = initialRequest;
        this.vts = vts;
        this.deadline = deadline;
        this.steps = steps;
    }

    Subscriber<Object> subscriber() {
        return new Probe();
    }

    void at(int step, String description) {
        this.step = step;
        this.description = description;
    }

    // ---------------------------------------------------------------- the steps' primitives

    void expectSubscription() {
        Object e = next();
        if (!(e instanceof Subscribed)) {
            throw failure("expected onSubscribe but got " + name(e));
        }
    }

    void expectValues(List<?> expected) {
        for (Object want : expected) {
            Object e = next();
            if (!(e instanceof Next n) || !Objects.equals(want, n.value())) {
                throw failure("expected onNext(" + want + ") but got " + name(e));
            }
        }
    }

    void expectCount(long count) {
        for (long i = 0; i < count; i++) {
            Object e = next();
            if (!(e instanceof Next)) {
                throw failure("expected " + count + " values but got " + name(e) + " after " + i);
            }
        }
    }

    Object nextValue() {
        Object e = next();
        if (e instanceof Next n) {
            return n.value();
        }
        throw failure("expected a value but got " + name(e));
    }

    void expectComplete() {
        Object e = next();
        if (e != COMPLETE) {
            throw failure("expected onComplete but got " + name(e));
        }
    }

    void expectError(Predicate<Throwable> matches) {
        Object e = next();
        if (!(e instanceof Failed f)) {
            throw failure("expected onError but got " + name(e));
        }
        if (!matches.test(f.error())) {
            throw failure("got " + name(e) + ", which does not match", f.error());
        }
    }

    void request(long n) {
        synchronized (this) {
            if (n > 0) { // n <= 0 is passed on: the publisher must answer it with onError (§3.9)
                requested = requested + n < 0 ? Long.MAX_VALUE : requested + n;
            }
        }
        subscription.request(n);
    }

    void cancel() {
        Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
    }

    void await(Duration d) {
        if (vts != null) {
            vts.advanceTimeBy(d);
            return;
        }
        if (d.toNanos() > deadline - System.nanoTime()) {
            throw failure("waiting " + d + " would outlast the verify timeout");
        }
        try {
            Thread.sleep(d.toMillis(), d.toNanosPart() % 1_000_000); // the script asked for this wait
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure("interrupted while waiting", e);
        }
    }

    void expectNoEvent(Duration d) {
        Object e;
        if (vts != null) {
            vts.advanceTimeBy(d);
            e = events.poll();
        } else {
            if (d.toNanos() > deadline - System.nanoTime()) {
                throw failure("watching for " + d + " would outlast the verify timeout");
            }
            e = poll(d.toNanos());
        }
        if (e != null) {
            seen.add(name(e));
            throw failure("expected no signal but got " + name(e));
        }
    }

    /** After the last step: a protocol violation the steps did not reach still fails the run. */
    void finish() {
        for (Object e; (e = events.poll()) != null; ) {
            if (e instanceof Violation v) {
                step = steps + 1;
                description = "after the last step";
                throw failure("the publisher broke the protocol: " + v.what());
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    private Object next() {
        Object e = poll(deadline - System.nanoTime());
        if (e == null) {
            throw failure("nothing arrived before the verify timeout" + virtualTimeHint());
        }
        seen.add(name(e));
        if (e instanceof Violation v) {
            throw failure("the publisher broke the protocol: " + v.what());
        }
        return e;
    }

    private Object poll(long nanos) {
        try {
            return nanos <= 0 ? events.poll() : events.poll(nanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw failure("interrupted while waiting for a signal", ex);
        }
    }

    private String virtualTimeHint() {
        if (vts == null) {
            return "";
        }
        return " (virtual time is at " + Duration.ofNanos(vts.now(TimeUnit.NANOSECONDS)) + " with " + vts.pending()
                + " task(s) pending: move it with thenAwait)";
    }

    AssertionError failure(String what) {
        return failure(what, null);
    }

    AssertionError failure(String what, Throwable cause) {
        int from = Math.max(0, seen.size() - SHOWN);
        String before = seen.isEmpty() ? "nothing" : (from > 0 ? "..., " : "") + String.join(", ", seen.subList(from, seen.size()));
        AssertionError e = new AssertionError("step " + step + " of " + steps + ", " + description + ": " + what
                + " [signals so far: " + before + "]");
        if (cause != null) {
            e.initCause(cause);
        }
        return e;
    }

    private static String name(Object e) {
        if (e == COMPLETE) {
            return "onComplete";
        }
        if (e instanceof Next n) {
            return "onNext(" + n.value() + ")";
        }
        if (e instanceof Failed f) {
            return "onError(" + f.error() + ")";
        }
        if (e instanceof Subscribed) {
            return "onSubscribe";
        }
        return "protocol violation: " + ((Violation) e).what();
    }

    /** The subscriber end: queues each signal, and each broken rule in its place. */
    private final class Probe implements Subscriber<Object> {
        @Override
        public void onSubscribe(Subscription s) {
            Objects.requireNonNull(s, "§2.13: subscription must not be null");
            synchronized (Verification.this) {
                if (subscribed) {
                    events.add(new Violation("onSubscribe called twice (§2.5)"));
                    s.cancel();
                    return;
                }
                subscribed = true;
                requested = initialRequest;
            }
            subscription = s;
            events.add(new Subscribed(s));
            if (initialRequest > 0) {
                s.request(initialRequest);
            }
        }

        @Override
        public void onNext(Object t) {
            Objects.requireNonNull(t, "§2.13: onNext(null)");
            synchronized (Verification.this) {
                if (terminal != null) {
                    events.add(new Violation("onNext(" + t + ") after " + terminal + " (§1.7)"));
                    return;
                }
                if (received >= requested) {
                    events.add(new Violation("onNext(" + t + ") beyond demand: value " + (received + 1) + " with "
                            + requested + " requested (§1.1)"));
                    return;
                }
                received++;
                events.add(new Next(t));
            }
        }

        @Override
        public void onError(Throwable t) {
            Objects.requireNonNull(t, "§2.13: onError(null)");
            end(new Failed(t), "onError(" + t + ")");
        }

        @Override
        public void onComplete() {
            end(COMPLETE, "onComplete");
        }

        private void end(Object signal, String name) {
            synchronized (Verification.this) {
                if (terminal != null) {
                    events.add(new Violation(name + " after " + terminal + " (§1.7)"));
                    return;
                }
                terminal = name;
                events.add(signal);
            }
        }
    }
}
