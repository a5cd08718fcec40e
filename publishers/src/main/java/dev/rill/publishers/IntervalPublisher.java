package dev.rill.publishers;

import dev.rill.engine.Cancellable;
import dev.rill.engine.Rejectable;
import dev.rill.engine.Scheduler;
import dev.rill.signal.Demand;
import dev.rill.signal.Durations;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * Emits 0, 1, 2, ... on a {@link Scheduler}'s periodic timer (fixed rate, on the engine's wheel),
 * never completing. Time cannot be paused, so a tick that finds no demand fails the stream with
 * an {@link IllegalStateException} rather than queueing (as Reactor's {@code interval} does);
 * slow consumers use an {@code onBackpressure} operator. Cancelling cancels the timer.
 *
 * <pre>{@code new IntervalPublisher(Duration.ZERO, Duration.ofMillis(100), Engine.common())}</pre>
 */
public final class IntervalPublisher implements Publisher<Long> {

    private final long initialDelayNanos;
    private final long periodNanos;
    private final Scheduler scheduler;

    /**
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code period} is not positive
     */
    public IntervalPublisher(Duration initialDelay, Duration period, Scheduler scheduler) {
        Objects.requireNonNull(initialDelay, "initialDelay");
        this.periodNanos = Durations.positiveNanos("interval", "period", period);
        this.initialDelayNanos = Math.max(0, Durations.saturatedNanos(initialDelay));
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    }

    @Override
    public void subscribe(Subscriber<? super Long> s) {
        Objects.requireNonNull(s, "§1.9: subscriber must not be null");
        Ticker t = new Ticker(s);
        s.onSubscribe(t);
        try {
            t.setTimer(scheduler.schedulePeriodically(t, initialDelayNanos, periodNanos, TimeUnit.NANOSECONDS));
        } catch (RuntimeException rejected) {
            t.fail(rejected);
        }
    }

    /** The subscription, and the periodic timer's work; a timer dropped unrun ends the stream. */
    static final class Ticker implements Subscription, Rejectable {
        private static final VarHandle REQUESTED;

        static {
            try {
                REQUESTED = MethodHandles.lookup().findVarHandle(Ticker.class, "requested", long.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private final Subscriber<? super Long> downstream;
        @SuppressWarnings("unused")
        private volatile long requested;
        private volatile boolean cancelled;
        private volatile Cancellable timer;
        private volatile IllegalArgumentException badRequest;
        private long count;

        Ticker(Subscriber<? super Long> downstream) {
            this.downstream = downstream;
        }

        void setTimer(Cancellable c) {
            timer = c;
            if (cancelled) {
                c.cancel();
            }
        }

        /** A tick: runs on the scheduler, never overlapping the previous one. */
        @Override
        public void run() {
            if (cancelled) {
                return;
            }
            IllegalArgumentException bad = badRequest;
            if (bad != null) {
                fail(bad);
                return;
            }
            if ((long) REQUESTED.getVolatile(this) == 0) {
                fail(new IllegalStateException("interval: could not emit tick " + count + " for lack of requests"));
                return;
            }
            downstream.onNext(count++);
            Demand.produced(REQUESTED, this, 1);
        }

        /** The scheduler closed: no tick will come again. Never during a tick (see {@link Rejectable}). */
        @Override
        public void rejected(RejectedExecutionException cause) {
            fail(cause);
        }

        void fail(Throwable e) {
            if (!cancelled) {
                cancel();
                downstream.onError(e);
            }
        }

        @Override
        public void request(long n) {
            if (!Demand.isValid(n)) {
                badRequest = Demand.nonPositive(n); // delivered by the next tick, in sequence
                return;
            }
            Demand.add(REQUESTED, this, n);
        }

        @Override
        public void cancel() {
            cancelled = true;
            Cancellable c = timer;
            if (c != null) {
                c.cancel();
            }
        }
    }
}
