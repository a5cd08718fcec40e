package dev.rill;

import dev.rill.engine.Cancellable;
import dev.rill.engine.Rejectable;
import dev.rill.engine.Scheduler;
import dev.rill.signal.CoreSubscriber;
import dev.rill.signal.Durations;
import dev.rill.signal.HalfSerializer;
import dev.rill.signal.Handles;
import dev.rill.signal.Subscriptions;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * {@code take(Duration)}: passes values until the duration has elapsed since subscription, then
 * cancels the upstream and completes. The completion comes from the timer's thread while values
 * come from the upstream's: a {@link HalfSerializer} keeps them from overlapping (§1.3).
 */
final class RillTakeTimed<T> extends Rill<T> {

    private final Rill<? extends T> source;
    private final long nanos;
    private final Scheduler scheduler;

    RillTakeTimed(Rill<? extends T> source, Duration duration, Scheduler scheduler) {
        this.nanos = Durations.nonNegativeNanos("take", "duration", duration);
        this.source = source;
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    }

    @Override
    protected void subscribeActual(Subscriber<? super T> s) {
        TakeTimedSubscriber<T> parent = new TakeTimedSubscriber<>(s);
        source.subscribe(parent);
        try {
            parent.timer = scheduler.schedule(parent, nanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            parent.fail(e);
        }
    }

    /** Also the timer: its run ends the stream; dropped unrun by a closing scheduler, it fails it. */
    static final class TakeTimedSubscriber<T> implements CoreSubscriber<T>, Subscription, Rejectable {
        private static final VarHandle UPSTREAM = Handles.field(MethodHandles.lookup(), "upstream", Subscription.class);
        private static final VarHandle WIP = Handles.field(MethodHandles.lookup(), "wip", int.class);
        private static final VarHandle ERROR = Handles.field(MethodHandles.lookup(), "error", Throwable.class);

        private final Subscriber<? super T> downstream;
        private volatile Subscription upstream;
        @SuppressWarnings("unused")
        private volatile int wip;
        @SuppressWarnings("unused")
        private volatile Throwable error;
        volatile Cancellable timer;

        TakeTimedSubscriber(Subscriber<? super T> downstream) {
            this.downstream = downstream;
        }

        @Override
        public void onSubscribe(Subscription s) {
            if (Subscriptions.setOnce(UPSTREAM, this, s)) {
                downstream.onSubscribe(this);
            }
        }

        @Override
        public void onNext(T t) {
            HalfSerializer.onNext(downstream, t, WIP, ERROR, this);
        }

        @Override
        public void onError(Throwable t) {
            cancelTimer();
            HalfSerializer.onError(downstream, t, WIP, ERROR, this);
        }

        @Override
        public void onComplete() {
            cancelTimer();
            HalfSerializer.onComplete(downstream, WIP, ERROR, this);
        }

        @Override
        public void run() {
            timeUp();
        }

        @Override
        public void rejected(RejectedExecutionException cause) {
            fail(cause);
        }

        void timeUp() {
            Subscriptions.cancel(UPSTREAM, this);
            HalfSerializer.onComplete(downstream, WIP, ERROR, this);
        }

        void fail(Throwable e) {
            Subscriptions.cancel(UPSTREAM, this);
            HalfSerializer.onError(downstream, e, WIP, ERROR, this);
        }

        private void cancelTimer() {
            Cancellable c = timer;
            if (c != null) {
                c.cancel();
            }
        }

        @Override
        public void request(long n) {
            ((Subscription) UPSTREAM.getVolatile(this)).request(n);
        }

        @Override
        public void cancel() {
            Subscriptions.cancel(UPSTREAM, this);
            cancelTimer();
        }
    }
}
