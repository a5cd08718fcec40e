package dev.rill;

import dev.rill.signal.FuseableSubscriber;
import java.util.Objects;
import java.util.function.Predicate;
import org.reactivestreams.Subscriber;

/** {@code skipWhile}: drops values while the predicate holds, then passes everything from the first that fails. */
final class RillSkipWhile<T> extends RillOperator<T, T> {

    private final Rill<? extends T> source;
    private final Predicate<? super T> predicate;

    RillSkipWhile(Rill<? extends T> source, Predicate<? super T> predicate) {
        this.source = source;
        this.predicate = Objects.requireNonNull(predicate, "predicate");
    }

    @Override
    Rill<? extends T> source() {
        return source;
    }

    @Override
    Subscriber<? super T> subscribeOrReturn(Subscriber<? super T> s) {
        return new SkipWhileSubscriber<>(s, predicate);
    }

    static final class SkipWhileSubscriber<T> extends FuseableSubscriber<T, T> {
        private final Predicate<? super T> predicate;
        private boolean passing;

        SkipWhileSubscriber(Subscriber<? super T> downstream, Predicate<? super T> predicate) {
            super(downstream);
            this.predicate = predicate;
        }

        @Override
        public boolean tryOnNext(T t) {
            if (done) {
                return false;
            }
            if (!passing) {
                boolean skip;
                try {
                    skip = predicate.test(t);
                } catch (Throwable e) {
                    fail(e);
                    return true;
                }
                if (skip) {
                    return false;
                }
                passing = true;
            }
            return emit(t);
        }

        @Override
        public T poll() {
            for (;;) {
                T t = qs.poll();
                if (t == null || passing || !predicate.test(t)) {
                    passing = passing || t != null;
                    return t;
                }
                if (sourceMode == ASYNC) {
                    upstream.request(1);
                }
            }
        }
    }
}
