package dev.rill;

import dev.rill.signal.Subscriptions;
import java.util.Objects;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;

/**
 * {@code concatWith}/{@code startWith}: the sources one after the other, each subscribed when the
 * previous completes; an error stops it.
 */
final class RillConcat<T> extends Rill<T> {

    private final Publisher<? extends T>[] sources;

    /** {@code sources} is kept: the caller hands over an array nobody else holds. */
    RillConcat(Publisher<? extends T>[] sources) {
        for (Publisher<? extends T> p : sources) {
            Objects.requireNonNull(p, "concat: a source is null");
        }
        this.sources = sources;
    }

    /** The two-source array of {@code concatWith}/{@code startWith}. */
    @SuppressWarnings("unchecked") // an array of a wildcard type cannot be created directly
    static <T> Publisher<? extends T>[] pair(Publisher<? extends T> first, Publisher<? extends T> second) {
        return (Publisher<? extends T>[]) new Publisher<?>[] {first, second};
    }

    @Override
    protected void subscribeActual(Subscriber<? super T> s) {
        if (sources.length == 0) {
            Subscriptions.complete(s);
            return;
        }
        ConcatSubscriber<T> c = new ConcatSubscriber<>(s, sources);
        c.onComplete();
    }

    static final class ConcatSubscriber<T> extends SwitchingSubscriber<T> {
        private final Publisher<? extends T>[] sources;
        private int index;

        ConcatSubscriber(Subscriber<? super T> downstream, Publisher<? extends T>[] sources) {
            super(downstream);
            this.sources = sources;
        }

        @Override
        public void onError(Throwable t) {
            done(t);
        }

        @Override
        public void onComplete() {
            if (index == sources.length) {
                done(null);
                return;
            }
            switchTo(sources[index++]);
        }
    }
}
