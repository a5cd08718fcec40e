package dev.rill;

import dev.rill.signal.CoreSubscriber;
import dev.rill.signal.Demand;
import dev.rill.signal.HalfSerializer;
import dev.rill.signal.Handles;
import dev.rill.signal.Hooks;
import dev.rill.signal.Subscriptions;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * {@code takeUntilOther}: passes the source's values until the other publisher signals anything:
 * its first value or its completion (as Reactor: an empty other ends the stream too) cancels the
 * source and completes; its error cancels the source and fails. The source's end cancels the other.
 *
 * <p>The other is subscribed first, so an other that signals at once ends the stream before the
 * source emits; the downstream's requests made meanwhile wait for the source's subscription. The
 * other's signals come from its own thread: a {@link HalfSerializer} keeps them from overlapping
 * the source's values (§1.3).
 */
final class RillTakeUntilOther<T> extends Rill<T> {

    private final Rill<? extends T> source;
    private final Publisher<?> other;

    RillTakeUntilOther(Rill<? extends T> source, Publisher<?> other) {
        this.source = source;
        this.other = Objects.requireNonNull(other, "other");
    }

    @Override
    protected void subscribeActual(Subscriber<? super T> s) {
        TakeUntilMain<T> parent = new TakeUntilMain<>(s);
        s.onSubscribe(parent);
        other.subscribe(parent.other);
        source.subscribe(parent);
    }

    static final class TakeUntilMain<T> implements CoreSubscriber<T>, Subscription {
        private static final VarHandle UPSTREAM = Handles.field(MethodHandles.lookup(), "upstream", Subscription.class);
        private static final VarHandle REQUESTED = Handles.field(MethodHandles.lookup(), "requested", long.class);
        private static final VarHandle WIP = Handles.field(MethodHandles.lookup(), "wip", int.class);
        private static final VarHandle ERROR = Handles.field(MethodHandles.lookup(), "error", Throwable.class);

        private final Subscriber<? super T> downstream;
        final OtherSubscriber other = new OtherSubscriber(this);
        private volatile Subscription upstream;
        /** Requests made before the source's subscription arrived. */
        @SuppressWarnings("unused")
        private volatile long requested;
        @SuppressWarnings("unused")
        private volatile int wip;
        @SuppressWarnings("unused")
        private volatile Throwable error;

        TakeUntilMain(Subscriber<? super T> downstream) {
            this.downstream = downstream;
        }

        @Override
        public void onSubscribe(Subscription s) {
            Subscriptions.deferredSetOnce(UPSTREAM, REQUESTED, this, s);
        }

        @Override
        public void onNext(T t) {
            HalfSerializer.onNext(downstream, t, WIP, ERROR, this);
        }

        @Override
        public void onError(Throwable t) {
            other.cancel();
            HalfSerializer.onError(downstream, t, WIP, ERROR, this);
        }

        @Override
        public void onComplete() {
            other.cancel();
            HalfSerializer.onComplete(downstream, WIP, ERROR, this);
        }

        /** The other signalled a value or completed. */
        void otherFired() {
            Subscriptions.cancel(UPSTREAM, this);
            HalfSerializer.onComplete(downstream, WIP, ERROR, this);
        }

        void otherFailed(Throwable e) {
            Subscriptions.cancel(UPSTREAM, this);
            HalfSerializer.onError(downstream, e, WIP, ERROR, this);
        }

        @Override
        public void request(long n) {
            if (Demand.isValid(n)) { // a non-positive request was reported by the strict boundary below
                Subscriptions.deferredRequest(UPSTREAM, REQUESTED, this, n);
            }
        }

        @Override
        public void cancel() {
            Subscriptions.cancel(UPSTREAM, this);
            other.cancel();
        }
    }

    /** The other's subscriber: unbounded, its first signal settles it and it is cancelled. */
    static final class OtherSubscriber implements CoreSubscriber<Object> {
        private static final VarHandle UPSTREAM = Handles.field(MethodHandles.lookup(), "upstream", Subscription.class);

        private final TakeUntilMain<?> main;
        private volatile Subscription upstream;
        private boolean done;

        OtherSubscriber(TakeUntilMain<?> main) {
            this.main = main;
        }

        @Override
        public void onSubscribe(Subscription s) {
            if (Subscriptions.setOnce(UPSTREAM, this, s)) {
                s.request(Long.MAX_VALUE);
            }
        }

        @Override
        public void onNext(Object t) {
            if (!done) {
                done = true;
                cancel();
                main.otherFired();
            }
        }

        @Override
        public void onError(Throwable t) {
            if (done) {
                Hooks.onErrorDropped(t);
                return;
            }
            done = true;
            main.otherFailed(t);
        }

        @Override
        public void onComplete() {
            if (!done) {
                done = true;
                main.otherFired();
            }
        }

        void cancel() {
            Subscriptions.cancel(UPSTREAM, this);
        }
    }
}
