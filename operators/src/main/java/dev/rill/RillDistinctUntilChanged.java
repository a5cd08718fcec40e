package dev.rill;

import dev.rill.signal.Exceptions;
import dev.rill.signal.FuseableSubscriber;
import java.util.Objects;
import java.util.function.Function;
import org.reactivestreams.Subscriber;

/** {@code distinctUntilChanged}: drops a value whose key equals the previous value's key. */
final class RillDistinctUntilChanged<T, K> extends RillOperator<T, T> {

    private final Rill<? extends T> source;
    private final Function<? super T, ? extends K> key;

    RillDistinctUntilChanged(Rill<? extends T> source, Function<? super T, ? extends K> key) {
        this.source = source;
        this.key = Objects.requireNonNull(key, "keySelector");
    }

    @Override
    Rill<? extends T> source() {
        return source;
    }

    @Override
    Subscriber<? super T> subscribeOrReturn(Subscriber<? super T> s) {
        return new UntilChangedSubscriber<>(s, key);
    }

    static final class UntilChangedSubscriber<T, K> extends FuseableSubscriber<T, T> {
        private final Function<? super T, ? extends K> key;
        private K last;

        UntilChangedSubscriber(Subscriber<? super T> downstream, Function<? super T, ? extends K> key) {
            super(downstream);
            this.key = key;
        }

        private boolean changed(T t) {
            K k = Exceptions.requireNonNull(key.apply(t), "distinctUntilChanged: the key selector");
            boolean changed = last == null || !last.equals(k);
            last = k;
            return changed;
        }

        @Override
        public boolean tryOnNext(T t) {
            if (done) {
                return false;
            }
            if (sourceMode == ASYNC) {
                downstream.onNext(null);
                return true;
            }
            boolean changed;
            try {
                changed = changed(t);
            } catch (Throwable e) {
                fail(e);
                return true;
            }
            return changed && emit(t);
        }

        @Override
        public T poll() {
            for (;;) {
                T t = qs.poll();
                if (t == null || changed(t)) {
                    return t;
                }
                if (sourceMode == ASYNC) {
                    upstream.request(1);
                }
            }
        }
    }
}
