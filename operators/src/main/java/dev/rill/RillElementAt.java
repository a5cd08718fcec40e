package dev.rill;

import org.reactivestreams.Subscriber;

/**
 * {@code first}, {@code last} and {@code elementAt}: one value by position. {@code first()} and
 * {@code last()} of an empty source complete empty; {@code elementAt(i)} past the end fails with
 * {@link IndexOutOfBoundsException}. {@code first} and {@code elementAt} cancel upstream as soon as
 * they have their value.
 */
final class RillElementAt<T> extends Rill<T> {

    /** Position meaning "the last one". */
    static final long LAST = -1;

    private final Rill<? extends T> source;
    private final long index;
    private final boolean failIfMissing;

    RillElementAt(Rill<? extends T> source, long index, boolean failIfMissing) {
        if (index < LAST) {
            throw new IllegalArgumentException("elementAt: index must not be negative, was " + index);
        }
        this.source = source;
        this.index = index;
        this.failIfMissing = failIfMissing;
    }

    @Override
    protected void subscribeActual(Subscriber<? super T> s) {
        source.subscribe(new ElementAtSubscriber<>(s, index, failIfMissing));
    }

    static final class ElementAtSubscriber<T> extends ScalarResultSubscriber<T, T> {
        private final long index;
        private final boolean failIfMissing;
        private long seen;
        private T last;

        ElementAtSubscriber(Subscriber<? super T> downstream, long index, boolean failIfMissing) {
            super(downstream);
            this.index = index;
            this.failIfMissing = failIfMissing;
        }

        @Override
        void accept(T t) {
            if (index == LAST) {
                last = t;
            } else if (seen++ == index) {
                finish(t);
            }
        }

        @Override
        T result() {
            if (index == LAST) {
                return last;
            }
            if (failIfMissing) {
                throw new IndexOutOfBoundsException("elementAt(" + index + "): the source had only " + seen + " values");
            }
            return null;
        }
    }
}
