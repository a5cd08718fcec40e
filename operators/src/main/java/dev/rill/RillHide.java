package dev.rill;

import dev.rill.signal.CoreSubscriber;
import dev.rill.signal.Subscriptions;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * {@code hide}: a stage that exposes nothing about its neighbours: no fusion, no conditional
 * subscriber, no scalar shortcut. For tests that compare fused and unfused chains, and to stop an
 * optimisation on purpose.
 */
final class RillHide<T> extends RillOperator<T, T> {

    private final Rill<? extends T> source;

    RillHide(Rill<? extends T> source) {
        this.source = source;
    }

    @Override
    Rill<? extends T> source() {
        return source;
    }

    @Override
    Subscriber<? super T> subscribeOrReturn(Subscriber<? super T> s) {
        return new HideSubscriber<>(s);
    }

    static final class HideSubscriber<T> implements CoreSubscriber<T>, Subscription {
        private final Subscriber<? super T> downstream;
        private Subscription upstream;

        HideSubscriber(Subscriber<? super T> downstream) {
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
        public void onNext(T t) {
            downstream.onNext(t);
        }

        @Override
        public void onError(Throwable t) {
            downstream.onError(t);
        }

        @Override
        public void onComplete() {
            downstream.onComplete();
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
