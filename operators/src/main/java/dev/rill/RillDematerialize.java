package dev.rill;

import dev.rill.signal.CoreSubscriber;
import dev.rill.signal.Hooks;
import dev.rill.signal.Subscriptions;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * {@code dematerialize}: a stream of {@link Signal}s played back as signals. A value signal is a
 * value; an error or completion signal cancels the upstream and ends the stream there; an upstream
 * that simply ends ends the stream the same way. An element that is not a {@code Signal} fails the
 * stream with a {@link ClassCastException}, as the cast it stands for would.
 *
 * <p>Threading: upstream signals serialized; requests and cancels pass straight up (a terminal
 * signal consumes one requested value and ends the stream, so demand never overflows).
 */
final class RillDematerialize<T> extends RillOperator<Object, T> {

    private final Rill<?> source;

    RillDematerialize(Rill<?> source) {
        this.source = source;
    }

    @Override
    Rill<?> source() {
        return source;
    }

    @Override
    Subscriber<? super Object> subscribeOrReturn(Subscriber<? super T> s) {
        return new DematerializeSubscriber<>(s);
    }

    static final class DematerializeSubscriber<T> implements CoreSubscriber<Object>, Subscription {
        private final Subscriber<? super T> downstream;
        private Subscription upstream;
        private boolean done;

        DematerializeSubscriber(Subscriber<? super T> downstream) {
            this.downstream = downstream;
        }

        @Override
        public void onSubscribe(Subscription s) {
            if (Subscriptions.validate(upstream, s)) {
                upstream = s;
                downstream.onSubscribe(this);
            }
        }

        @Override
        @SuppressWarnings("unchecked") // dematerialize() is called on a Rill<Signal<T>>
        public void onNext(Object o) {
            if (done) {
                return;
            }
            if (!(o instanceof Signal<?> signal)) {
                upstream.cancel();
                onError(new ClassCastException("dematerialize: the element is not a Signal: " + o.getClass().getName()));
                return;
            }
            if (signal.isOnNext()) {
                downstream.onNext((T) signal.get());
                return;
            }
            done = true;
            upstream.cancel();
            if (signal.isOnError()) {
                downstream.onError(signal.getThrowable());
            } else {
                downstream.onComplete();
            }
        }

        @Override
        public void onError(Throwable t) {
            if (done) {
                Hooks.onErrorDropped(t);
                return;
            }
            done = true;
            downstream.onError(t);
        }

        @Override
        public void onComplete() {
            if (!done) {
                done = true;
                downstream.onComplete();
            }
        }

        @Override
        public void request(long n) {
            upstream.request(n);
        }

        @Override
        public void cancel() {
            upstream.cancel();
        }
    }
}
