package dev.rill.publishers;

import java.util.Objects;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;

/**
 * Emits the elements of an array, in order, then completes; {@code just(a, b, c)} and
 * {@code fromArray}. Cold: every subscriber gets the whole array. SYNC-fusable.
 *
 * <pre>{@code new ArrayPublisher<>(new String[] {"a", "b"}).subscribe(s);}</pre>
 *
 * <p>A null element is signalled as a {@link NullPointerException} when its turn comes.
 */
public final class ArrayPublisher<T> implements Publisher<T> {

    private final T[] array;

    /** @throws NullPointerException if {@code array} is null */
    public ArrayPublisher(T[] array) {
        this.array = Objects.requireNonNull(array, "array");
    }

    @Override
    public void subscribe(Subscriber<? super T> s) {
        Objects.requireNonNull(s, "§1.9: subscriber must not be null");
        s.onSubscribe(new ArraySubscription<>(s, array));
    }

    static final class ArraySubscription<T> extends CursorSubscription<T> {
        private final T[] array;
        private int index;

        ArraySubscription(Subscriber<? super T> s, T[] array) {
            super(s);
            this.array = array;
        }

        @Override
        T produce() {
            int i = index;
            if (i == array.length) {
                return null;
            }
            index = i + 1;
            T v = array[i];
            if (v == null) {
                throw new NullPointerException("fromArray: the array's element " + i + " is null");
            }
            return v;
        }

        @Override
        boolean exhausted() {
            return index == array.length;
        }
    }
}
