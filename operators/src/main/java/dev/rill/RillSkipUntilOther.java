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
 * {@code skipUntilOther}: drops the source's values until the other publisher signals a value or
 * completes (as Reactor: an empty other opens the gate too), then passes them all; an error from
 * the other cancels the source and fails the stream. The source's end cancels the other. A dropped
 * value is replaced with {@code request(1)}, so the downstream's demand is kept.
 *
 * <p>The other is subscribed first (an other that signals at once opens the gate before the first
 * value). Its error comes from its own thread: a {@link HalfSerializer} keeps it from overlapping
 * the source's values (§1.3).
 */
final class RillSkipUntilOther<T> extends Rill<T> {

    private final Rill<? extends T> source;
    private final Publisher<?> other;

    RillSkipUntilOther(Rill<? extends T> source, Publisher<?> other) {
        this.source = source;
        this.other = Objects.requireNonNull(other, "other");
    }

    @Override
    protected void subscribeActual(Subscriber<? super T> s) {
        SkipUntilMain<T> parent = new SkipUntilMain<>(s);
        s.onSubscribe(parent);
        other.subscribe(parent.other);
        source.subscribe(parent);
    }

    static final class SkipUntilMain<T> implements CoreSubscriber<T>, Subscription {
        private static final VarHandle UPSTREAM = Handles.field(MethodHandles.lookup(), "upstream", Subscription.class);
        private static final VarHandle REQUESTED = Handles.field(MethodHandles.lookup(), "requested", long.class);
        private static final VarHandle WIP = Handles.field(MethodHandles.lookup(), "wip", int.class);
        private static final VarHandle ERROR = Handles.field(MethodHandles.lookup(), "error", Throwable.class);

        private final Subscriber<? super T> downstream;
        final GateSubscriber other = new GateSubscriber(this);
        private volatile Subscription upstream;
        @SuppressWarnings("unused")
        private volatile long requested;
        @SuppressWarnings("unused")
        private volatile int wip;
        @SuppressWarnings("unused")
        private volatile Throwable error;
        /** Opened by the other's first value or completion; never closes again. */
        volatile boolean open;
        /** Read on the source's thread only: once true, no more volatile reads of {@link #open}. */
        private boolean passing;

        SkipUntilMain(Subscriber<? super T> downstream) {
            this.downstream = downstream;
        }

        @Override
        public void onSubscribe(Subscription s) {
            Subscriptions.deferredSetOnce(UPSTREAM, REQUESTED, this, s);
        }

        @Override
        public void onNext(T t) {
            if (passing || (passing = open)) {
                HalfSerializer.onNext(downstream, t, WIP, ERROR, this);
            } else {
                upstream.request(1); // dropped: replace it
            }
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

    /** The other's subscriber: unbounded; its first value or completion opens the gate. */
    static final class GateSubscriber implements CoreSubscriber<Object> {
        private static final VarHandle UPSTREAM = Handles.field(MethodHandles.lookup(), "upstream", Subscription.class);

        private final SkipUntilMain<?> main;
        private volatile Subscription upstream;
        private boolean done;

        GateSubscriber(SkipUntilMain<?> main) {
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
                main.open = true;
                cancel();
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
                main.open = true;
            }
        }

        void cancel() {
            Subscriptions.cancel(UPSTREAM, this);
        }
    }
}
