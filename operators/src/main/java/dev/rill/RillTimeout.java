package dev.rill;

import dev.rill.engine.Cancellable;
import dev.rill.engine.Rejectable;
import dev.rill.engine.Scheduler;
import dev.rill.signal.CoreSubscriber;
import dev.rill.signal.Durations;
import dev.rill.signal.Handles;
import dev.rill.signal.Hooks;
import dev.rill.signal.SubscriptionArbiter;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * {@code timeout}: fails with a {@link TimeoutException} (or switches to a fallback publisher) if
 * the first value, or any value after the one before, takes longer than the timeout.
 *
 * <p>One timer per subscription, not one per value: almost every timeout is one that never fires,
 * and arming and cancelling a wheel entry per value cost more than the rest of a pipeline. A value
 * only counts itself in {@link TimeoutSubscriber#state}: no allocation, no clock read (a clock read
 * cost more than a whole stage on the VMs this was measured on). The one timer checks at least every
 * eighth of the timeout (every {@code min(timeout, 1 ms)} for short ones) whether a value came or is
 * being delivered; if one did, the quiet time restarts at that check, and once a whole timeout passed
 * with no value the stream times out. So a timeout is never early (the quiet time it measures starts
 * at or after the last value's end) and at most a check interval later than the last value's end
 * plus the timeout.
 *
 * <p>Exactly one outcome per value: a value counts itself in and out with an atomic add each (odd
 * while its {@code onNext} runs), and the timer times out only by a compare-and-set from the count
 * it saw with no value running; whoever changes the state first wins. Ending (completion, error,
 * cancel, timeout, a rejected timer) sets the FINISHED bit, which later adds keep. The fallback
 * inherits the outstanding demand ({@link SubscriptionArbiter}).
 */
final class RillTimeout<T> extends Rill<T> {

    private final Rill<? extends T> source;
    private final long timeoutNanos;
    private final Publisher<? extends T> fallback;
    private final Scheduler scheduler;

    RillTimeout(Rill<? extends T> source, Duration timeout, Publisher<? extends T> fallback, Scheduler scheduler) {
        this.timeoutNanos = Durations.nonNegativeNanos("timeout", "timeout", timeout);
        this.source = source;
        this.fallback = fallback;
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    }

    @Override
    protected void subscribeActual(Subscriber<? super T> s) {
        TimeoutSubscriber<T> parent = new TimeoutSubscriber<>(s, timeoutNanos, fallback, scheduler);
        s.onSubscribe(parent);
        source.subscribe(parent);
        // Armed once the source has its subscription (a timeout must be able to cancel it).
        parent.armFirst();
    }

    static final class TimeoutSubscriber<T> extends SubscriptionArbiter implements CoreSubscriber<T>, Rejectable {
        private static final VarHandle STATE = Handles.field(MethodHandles.lookup(), "state", long.class);
        /** Set once the stream ended one way or another; kept by later adds. */
        private static final long FINISHED = 1L << 62;
        /** What the timer saw while a value was being delivered: equal to no state. */
        private static final long SAW_BUSY = -1;
        private static final long MILLI = 1_000_000;

        private final Subscriber<? super T> downstream;
        private final long timeoutNanos;
        /** The longest time between two checks of the timer. */
        private final long checkNanos;
        private final Publisher<? extends T> fallback;
        private final Scheduler scheduler;

        /** Twice the values delivered, plus one while a value's onNext runs; | FINISHED once ended. */
        @SuppressWarnings("unused")
        private volatile long state;
        /** Why the timer could not go on, for a value being delivered to report (read after its add). */
        private volatile RejectedExecutionException rejection;
        /** The armed timer, for cancel. */
        private volatile Cancellable timer;
        // The timer's own: written before each arm, read by the run it arms (the schedule orders them).
        private long seen;
        private long quietSince;
        private Subscription upstream;
        private long produced;

        TimeoutSubscriber(Subscriber<? super T> downstream, long timeoutNanos, Publisher<? extends T> fallback,
                          Scheduler scheduler) {
            this.downstream = downstream;
            this.timeoutNanos = timeoutNanos;
            this.checkNanos = Math.max(timeoutNanos >> 3, Math.min(timeoutNanos, MILLI));
            this.fallback = fallback;
            this.scheduler = scheduler;
        }

        void armFirst() {
            long s = state;
            if ((s & FINISHED) == 0) {
                seen = s;
                quietSince = scheduler.now(TimeUnit.NANOSECONDS);
                arm(Math.min(checkNanos, timeoutNanos));
            }
        }

        private void arm(long delayNanos) {
            try {
                timer = scheduler.schedule(this, delayNanos, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                rejected(e);
            }
        }

        @Override
        public void onSubscribe(Subscription s) {
            Objects.requireNonNull(s, "§2.13 violated: onSubscribe with a null Subscription");
            upstream = s;
            setSubscription(s);
        }

        @Override
        public void onNext(T t) {
            if (((long) STATE.getAndAdd(this, 1L) & FINISHED) != 0) {
                return; // the timeout won, or the stream ended
            }
            produced++;
            downstream.onNext(t);
            if (((long) STATE.getAndAdd(this, 1L) & FINISHED) != 0) {
                RejectedExecutionException r = rejection; // ended while we delivered: a cancel, or this
                if (r != null) {
                    upstream.cancel();
                    downstream.onError(r);
                }
            }
        }

        /** The timer's check: a value since the last one restarts the quiet time; a whole timeout of it ends the stream. */
        @Override
        public void run() {
            for (;;) {
                long s = state;
                if ((s & FINISHED) != 0) {
                    return;
                }
                long now = scheduler.now(TimeUnit.NANOSECONDS);
                if ((s & 1) != 0 || s != seen) {
                    seen = (s & 1) != 0 ? SAW_BUSY : s; // one that is running ends after now
                    quietSince = now;
                    arm(Math.min(checkNanos, timeoutNanos));
                    return;
                }
                long quiet = now - quietSince;
                if (quiet < timeoutNanos) {
                    arm(Math.min(checkNanos, timeoutNanos - quiet));
                    return;
                }
                if (STATE.compareAndSet(this, s, s | FINISHED)) {
                    timedOut(s >>> 1);
                    return;
                }
                // A value came in just now (or the stream ended): look again.
            }
        }

        /** The scheduler closed under the timer: the stream fails, now or when the value being delivered is. */
        @Override
        public void rejected(RejectedExecutionException cause) {
            rejection = cause; // before the add a value being delivered reads it after
            long s = (long) STATE.getAndBitwiseOr(this, FINISHED);
            if ((s & FINISHED) == 0 && (s & 1) == 0) {
                upstream.cancel();
                downstream.onError(cause);
            }
        }

        private void timedOut(long values) {
            upstream.cancel();
            if (fallback == null) {
                downstream.onError(new TimeoutException("no value within " + Duration.ofNanos(timeoutNanos)
                        + " (after " + values + " values)"));
                return;
            }
            long p = produced;
            if (p != 0) {
                produced(p);
            }
            fallback.subscribe(new FallbackSubscriber<>(this));
        }

        @Override
        public void onError(Throwable t) {
            if (((long) STATE.getAndBitwiseOr(this, FINISHED) & FINISHED) != 0) {
                Hooks.onErrorDropped(t);
                return;
            }
            cancelTimer();
            downstream.onError(t);
        }

        @Override
        public void onComplete() {
            if (((long) STATE.getAndBitwiseOr(this, FINISHED) & FINISHED) != 0) {
                return;
            }
            cancelTimer();
            downstream.onComplete();
        }

        private void cancelTimer() {
            Cancellable c = timer;
            if (c != null) {
                c.cancel();
            }
        }

        @Override
        public void cancel() {
            STATE.getAndBitwiseOr(this, FINISHED); // a check still armed now sees the end and stops
            super.cancel();
            cancelTimer();
        }
    }

    /** After a timeout: the fallback's signals, through the same arbiter. */
    static final class FallbackSubscriber<T> implements CoreSubscriber<T> {
        private final TimeoutSubscriber<T> parent;

        FallbackSubscriber(TimeoutSubscriber<T> parent) {
            this.parent = parent;
        }

        @Override
        public void onSubscribe(Subscription s) {
            parent.setSubscription(s);
        }

        @Override
        public void onNext(T t) {
            parent.downstream.onNext(t);
        }

        @Override
        public void onError(Throwable t) {
            parent.downstream.onError(t);
        }

        @Override
        public void onComplete() {
            parent.downstream.onComplete();
        }
    }
}
