package dev.rill;

import dev.rill.signal.Exceptions;
import dev.rill.signal.FuseableSubscriber;
import java.util.Collection;
import java.util.HashSet;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import org.reactivestreams.Subscriber;

/** {@code distinct}: passes each value whose key was not seen before (keys kept in a per-subscriber set). */
final class RillDistinct<T, K> extends RillOperator<T, T> {

    private final Rill<? extends T> source;
    private final Function<? super T, ? extends K> key;
    private final Supplier<? extends Collection<? super K>> seen;

    RillDistinct(Rill<? extends T> source, Function<? super T, ? extends K> key) {
        this.source = source;
        this.key = Objects.requireNonNull(key, "keySelector");
        this.seen = HashSet::new;
    }

    @Override
    Rill<? extends T> source() {
        return source;
    }

    @Override
    Subscriber<? super T> subscribeOrReturn(Subscriber<? super T> s) {
        return new DistinctSubscriber<>(s, key, seen.get());
    }

    static final class DistinctSubscriber<T, K> extends FuseableSubscriber<T, T> {
        private final Function<? super T, ? extends K> key;
        private final Collection<? super K> seen;

        DistinctSubscriber(Subscriber<? super T> downstream, Function<? super T, ? extends K> key,
                           Collection<? super K> seen) {
            super(downstream);
            this.key = key;
            this.seen = seen;
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
            boolean fresh;
            try {
                fresh = seen.add(Exceptions.requireNonNull(key.apply(t), "distinct: the key selector"));
            } catch (Throwable e) {
                fail(e);
                return true;
            }
            return fresh && emit(t);
        }

        @Override
        public void onComplete() {
            seen.clear();
            super.onComplete();
        }

        @Override
        public T poll() {
            for (;;) {
                T t = qs.poll();
                if (t == null || seen.add(Exceptions.requireNonNull(key.apply(t), "distinct: the key selector"))) {
                    return t;
                }
                if (sourceMode == ASYNC) {
                    upstream.request(1);
                }
            }
        }
    }
}
