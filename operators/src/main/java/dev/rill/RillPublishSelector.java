package dev.rill;

import dev.rill.engine.Cancellable;
import dev.rill.signal.CoreSubscriber;
import dev.rill.signal.Exceptions;
import dev.rill.signal.Handles;
import dev.rill.signal.Subscriptions;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * {@code publish(selector)}: for each subscriber, the source is published once and handed to the
 * selector, which may subscribe to it as often as it likes (zip it with itself, say); the shared
 * subscription is connected once the selector's result is subscribed, and cancelled when that
 * result ends or its subscriber cancels.
 *
 * <p>Threading: as {@link RillPublish}; the connection handle is set once, and whichever of "the
 * result ended" and "connected" comes second cancels it.
 */
final class RillPublishSelector<T, R> extends Rill<R> {

    private final Rill<? extends T> source;
    private final Function<? super Rill<T>, ? extends Publisher<? extends R>> selector;
    private final int prefetch;

    RillPublishSelector(Rill<? extends T> source, Function<? super Rill<T>, ? extends Publisher<? extends R>> selector,
                        int prefetch) {
        this.source = source;
        this.selector = Objects.requireNonNull(selector, "selector");
        if (prefetch <= 0) {
            throw new IllegalArgumentException("publish: prefetch must be positive, was " + prefetch);
        }
        this.prefetch = prefetch;
    }

    @Override
    protected void subscribeActual(Subscriber<? super R> s) {
        RillPublish<T> shared = new RillPublish<>(source, prefetch);
        Publisher<? extends R> out;
        try {
            out = Objects.requireNonNull(selector.apply(shared), "publish: the selector returned a null publisher");
        } catch (Throwable e) {
            Exceptions.throwIfFatal(e);
            Subscriptions.error(s, e);
            return;
        }
        Relay<R> relay = new Relay<>(s);
        out.subscribe(relay);
        relay.connected(shared.connect());
    }

    /** Passes the result through; its end or cancel disconnects the shared source. */
    static final class Relay<R> implements CoreSubscriber<R>, Subscription {
        private static final VarHandle CONNECTION = Handles.field(MethodHandles.lookup(), "connection", Cancellable.class);
        private static final Cancellable OVER = () -> { };

        private final Subscriber<? super R> downstream;
        private Subscription upstream;
        @SuppressWarnings("unused")
        private volatile Cancellable connection;

        Relay(Subscriber<? super R> downstream) {
            this.downstream = downstream;
        }

        void connected(Cancellable c) {
            if (!CONNECTION.compareAndSet(this, null, c)) {
                c.cancel(); // the result already ended
            }
        }

        private void disconnect() {
            Cancellable c = (Cancellable) CONNECTION.getAndSet(this, OVER);
            if (c != null && c != OVER) {
                c.cancel();
            }
        }

        @Override
        public void onSubscribe(Subscription s) {
            upstream = s;
            downstream.onSubscribe(this);
        }

        @Override
        public void onNext(R t) {
            downstream.onNext(t);
        }

        @Override
        public void onError(Throwable t) {
            disconnect();
            downstream.onError(t);
        }

        @Override
        public void onComplete() {
            disconnect();
            downstream.onComplete();
        }

        @Override
        public void request(long n) {
            upstream.request(n);
        }

        @Override
        public void cancel() {
            upstream.cancel();
            disconnect();
        }
    }
}
