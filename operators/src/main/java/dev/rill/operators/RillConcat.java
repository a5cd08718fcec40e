package dev.rill.operators;

import dev.rill.Rill;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;

/**
 * {@code concatWith}/{@code startWith}: the sources one after the other, each subscribed when the
 * previous completes; an error stops it.
 */
public final class RillConcat<T> extends Rill<T> {

    private final Publisher<? extends T>[] sources;

    @SafeVarargs
    public RillConcat(Publisher<? extends T>... sources) {
        for (Publisher<? extends T> p : sources) {
            java.util.Objects.requireNonNull(p, "concat: a source is null");
        }
        this.sources = sources;
    }

    @Override
    protected void subscribeActual(Subscriber<? super T> s) {
        if (sources.length == 0) {
            dev.rill.engine.signal.Subscriptions.complete(s);
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
