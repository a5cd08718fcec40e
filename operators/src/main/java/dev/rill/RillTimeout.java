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
 * the first value, or any value after the one before, takes longer than the timeout. One wheel
 * entry per value, cancelled when the next value arrives.
 *
 * <p>Exactly one outcome per value: each value and each timer carry the index of the value they
 * are for, and whoever moves the index on first (a CAS) wins; the loser does nothing. A timer is
 * armed only after its value went down, so a timeout never overlaps an {@code onNext}. The
 * fallback inherits the outstanding demand ({@link SubscriptionArbiter}).
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
        // Armed once the source has its subscription (a timeout must be able to cancel it). A
        // synchronous source may be past its first value already: then its own timer is armed.
        parent.armFirst();
    }

    static final class TimeoutSubscriber<T> extends SubscriptionArbiter implements CoreSubscriber<T> {
        private static final VarHandle INDEX = Handles.field(MethodHandles.lookup(), "index", long.class);
        private static final long FINISHED = Long.MAX_VALUE;

        private final Subscriber<? super T> downstream;
        private final long timeoutNanos;
        private final Publisher<? extends T> fallback;
        private final Scheduler scheduler;

        /** Index of the value we wait for; FINISHED once a terminal signal or the timeout won. */
        @SuppressWarnings("unused")
        private volatile long index;
        /** The armed timer; written by whoever owns the current index. */
        private volatile Cancellable timer;
        private Subscription upstream;
        private long produced;

        TimeoutSubscriber(Subscriber<? super T> downstream, long timeoutNanos, Publisher<? extends T> fallback,
                          Scheduler scheduler) {
            this.downstream = downstream;
            this.timeoutNanos = timeoutNanos;
            this.fallback = fallback;
            this.scheduler = scheduler;
        }

        void armFirst() {
            if (index == 0) {
                arm(0); // if a value slips in meanwhile, this timer's index is stale and it does nothing
            }
        }

        void arm(long idx) {
            try {
                timer = scheduler.schedule(new Deadline(idx), timeoutNanos, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                if ((long) INDEX.getAndSet(this, FINISHED) != FINISHED) {
                    cancel();
                    downstream.onError(e);
                }
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
            long idx = index;
            if (idx == FINISHED || !INDEX.compareAndSet(this, idx, idx + 1)) {
                return; // the timeout won
            }
            Cancellable c = timer;
            if (c != null) {
                c.cancel();
            }
            produced++;
            downstream.onNext(t);
            arm(idx + 1);
        }

        /** The timer for the value at {@code idx}; dropped unrun by a closing scheduler, it fails the stream. */
        private final class Deadline implements Rejectable {
            private final long idx;

            Deadline(long idx) {
                this.idx = idx;
            }

            @Override
            public void run() {
                fire(idx);
            }

            @Override
            public void rejected(RejectedExecutionException cause) {
                if (INDEX.compareAndSet(TimeoutSubscriber.this, idx, FINISHED)) {
                    upstream.cancel();
                    downstream.onError(cause);
                }
            }
        }

        private void fire(long idx) {
            if (!INDEX.compareAndSet(this, idx, FINISHED)) {
                return; // the value (or the end) came first
            }
            upstream.cancel();
            if (fallback == null) {
                downstream.onError(new TimeoutException("no value within " + Duration.ofNanos(timeoutNanos)
                        + " (after " + idx + " values)"));
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
            if ((long) INDEX.getAndSet(this, FINISHED) == FINISHED) {
                Hooks.onErrorDropped(t);
                return;
            }
            cancelTimer();
            downstream.onError(t);
        }

        @Override
        public void onComplete() {
            if ((long) INDEX.getAndSet(this, FINISHED) == FINISHED) {
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
            INDEX.setVolatile(this, FINISHED); // any timer still armed now loses its CAS
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
