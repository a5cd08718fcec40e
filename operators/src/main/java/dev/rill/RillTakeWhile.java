package dev.rill;

import java.util.Objects;
import java.util.function.Predicate;
import org.reactivestreams.Subscriber;

/** {@code takeWhile}: passes values while the predicate holds; at the first that fails, cancels upstream and completes. */
final class RillTakeWhile<T> extends RillOperator<T, T> {

    private final Rill<? extends T> source;
    private final Predicate<? super T> predicate;

    RillTakeWhile(Rill<? extends T> source, Predicate<? super T> predicate) {
        this.source = source;
        this.predicate = Objects.requireNonNull(predicate, "predicate");
    }

    @Override
    Rill<? extends T> source() {
        return source;
    }

    @Override
    Subscriber<? super T> subscribeOrReturn(Subscriber<? super T> s) {
        return new TakeWhileSubscriber<>(s, predicate);
    }

    static final class TakeWhileSubscriber<T> extends UnfusedSubscriber<T, T> {
        private final Predicate<? super T> predicate;

        TakeWhileSubscriber(Subscriber<? super T> downstream, Predicate<? super T> predicate) {
            super(downstream);
            this.predicate = predicate;
        }

        @Override
        public boolean tryOnNext(T t) {
            if (done) {
                return false;
            }
            boolean keep;
            try {
                keep = predicate.test(t);
            } catch (Throwable e) {
                fail(e);
                return true;
            }
            if (!keep) {
                done = true;
                upstream.cancel();
                downstream.onComplete();
                return true;
            }
            return emit(t);
        }
    }
}
