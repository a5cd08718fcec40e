package dev.rill;

import org.reactivestreams.Subscriber;

/**
 * {@code elementAt(i)}: the value at position {@code i}, cancelling upstream as soon as it has it;
 * past the end it fails with {@link IndexOutOfBoundsException}. {@code first()} is this at
 * position 0, except that an empty source completes empty ({@code failIfMissing} false).
 */
final class RillElementAt<T> extends RillOperator<T, T> {

    private final Rill<? extends T> source;
    private final long index;
    private final boolean failIfMissing;

    RillElementAt(Rill<? extends T> source, long index, boolean failIfMissing) {
        if (index < 0) {
            throw new IllegalArgumentException("elementAt: index must not be negative, was " + index);
        }
        this.source = source;
        this.index = index;
        this.failIfMissing = failIfMissing;
    }

    @Override
    Rill<? extends T> source() {
        return source;
    }

    @Override
    Subscriber<? super T> subscribeOrReturn(Subscriber<? super T> s) {
        return new ElementAtSubscriber<>(s, index, failIfMissing);
    }

    static final class ElementAtSubscriber<T> extends ScalarResultSubscriber<T, T> {
        private final long index;
        private final boolean failIfMissing;
        private long seen;

        ElementAtSubscriber(Subscriber<? super T> downstream, long index, boolean failIfMissing) {
            super(downstream);
            this.index = index;
            this.failIfMissing = failIfMissing;
        }

        @Override
        void accept(T t) {
            if (seen++ == index) {
                finish(t);
            }
        }

        @Override
        T result() {
            if (failIfMissing) {
                throw new IndexOutOfBoundsException("elementAt(" + index + "): the source had only " + seen + " values");
            }
            return null;
        }
    }
}
