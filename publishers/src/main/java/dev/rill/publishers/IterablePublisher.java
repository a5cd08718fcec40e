package dev.rill.publishers;

import dev.rill.signal.Exceptions;
import dev.rill.signal.Subscriptions;
import java.util.Iterator;
import java.util.Objects;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;

/**
 * Emits what an {@link Iterable}'s iterator yields, then completes. Cold: each subscriber gets a
 * fresh iterator. SYNC-fusable. An iterator that fails (in {@code iterator()}, {@code hasNext()} or
 * {@code next()}) or yields null is signalled as {@code onError}.
 *
 * <pre>{@code new IterablePublisher<>(List.of(1, 2, 3)).subscribe(s);}</pre>
 */
public final class IterablePublisher<T> implements Publisher<T> {

    private final Iterable<? extends T> source;

    /** @throws NullPointerException if {@code source} is null */
    public IterablePublisher(Iterable<? extends T> source) {
        this.source = Objects.requireNonNull(source, "iterable");
    }

    @Override
    public void subscribe(Subscriber<? super T> s) {
        Objects.requireNonNull(s, "§1.9: subscriber must not be null");
        Iterator<? extends T> it;
        try {
            it = Objects.requireNonNull(source.iterator(), "fromIterable: iterator() returned null");
        } catch (Throwable e) {
            Exceptions.throwIfFatal(e);
            Subscriptions.error(s, e);
            return;
        }
        s.onSubscribe(new IteratorSubscription<>(s, it, null));
    }

    /** Drives an iterator; {@code onClose} (may be null) runs once when it is released. */
    static final class IteratorSubscription<T> extends CursorSubscription<T> {
        private Iterator<? extends T> it;
        private final Runnable onClose;

        IteratorSubscription(Subscriber<? super T> s, Iterator<? extends T> it, Runnable onClose) {
            super(s);
            this.it = it;
            this.onClose = onClose;
        }

        @Override
        T produce() {
            Iterator<? extends T> i = it;
            if (i == null || !i.hasNext()) {
                return null;
            }
            T v = i.next();
            if (v == null) {
                throw new NullPointerException("fromIterable: the iterator returned a null element");
            }
            return v;
        }

        @Override
        boolean exhausted() {
            Iterator<? extends T> i = it;
            return i == null || !i.hasNext();
        }

        @Override
        void release() {
            it = null;
            if (onClose != null) {
                onClose.run();
            }
        }
    }
}
