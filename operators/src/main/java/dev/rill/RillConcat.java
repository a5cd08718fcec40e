package dev.rill;

import dev.rill.signal.Subscriptions;
import java.util.Arrays;
import java.util.Objects;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;

/**
 * {@code concatWith}/{@code startWith}: the sources one after the other, each subscribed when the
 * previous completes; an error stops it. A {@code concatWith} or {@code startWith} on a concat
 * stage extends its sources instead of nesting a stage. Moving to the next source is trampolined
 * ({@link SwitchingSubscriber}).
 *
 * <p>Threading: immutable; each subscription as {@link SwitchingSubscriber}.
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

    /**
     * This concatenation, then {@code next}: one stage over all the sources, as concatenation is
     * associative. A chain of {@code concatWith} is then one stage, not a chain whose subscription
     * nests once per link.
     */
    RillConcat<T> append(Publisher<? extends T> next) {
        Publisher<? extends T>[] all = Arrays.copyOf(sources, sources.length + 1);
        all[sources.length] = next;
        return new RillConcat<>(all);
    }

    /** {@code first}, then this concatenation: one stage (see {@link #append}). */
    RillConcat<T> prepend(Publisher<? extends T> first) {
        @SuppressWarnings("unchecked") // an array of a wildcard type cannot be created directly
        Publisher<? extends T>[] all = (Publisher<? extends T>[]) new Publisher<?>[sources.length + 1];
        all[0] = first;
        System.arraycopy(sources, 0, all, 1, sources.length);
        return new RillConcat<>(all);
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
