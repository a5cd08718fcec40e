package dev.rill;

import dev.rill.signal.ConditionalSubscriber;
import dev.rill.signal.FuseableSubscriber;
import java.util.Objects;
import java.util.function.Predicate;
import org.reactivestreams.Subscriber;

/**
 * {@code filter}: passes on the values the predicate accepts. Conditional toward its upstream, so a
 * rejected value costs no {@code request(1)} from a source that knows {@code tryOnNext}; fusable
 * (never across a thread boundary). A predicate that throws fails the stream and cancels upstream.
 */
final class RillFilter<T> extends RillOperator<T, T> {

    private final Rill<? extends T> source;
    private final Predicate<? super T> predicate;

    RillFilter(Rill<? extends T> source, Predicate<? super T> predicate) {
        this.source = source;
        this.predicate = Objects.requireNonNull(predicate, "predicate");
    }

    @Override
    Rill<? extends T> source() {
        return source;
    }

    @Override
    Subscriber<? super T> subscribeOrReturn(Subscriber<? super T> s) {
        return new FilterSubscriber<>(s, predicate);
    }

    static final class FilterSubscriber<T> extends FuseableSubscriber<T, T> {
        private final Predicate<? super T> predicate;

        FilterSubscriber(Subscriber<? super T> downstream, Predicate<? super T> predicate) {
            super(downstream);
            this.predicate = predicate;
        }

        @Override
        public boolean tryOnNext(T t) {
            if (done) {
                return false;
            }
            boolean pass;
            try {
                pass = predicate.test(t);
            } catch (Throwable e) {
                fail(e);
                return true;
            }
            if (!pass) {
                return false;
            }
            // Not emit(): see RillMap (per-stage profiles let JDK 25 remove the boxes).
            ConditionalSubscriber<? super T> c = conditional;
            if (c != null) {
                return c.tryOnNext(t);
            }
            downstream.onNext(t);
            return true;
        }

        @Override
        public T poll() {
            for (;;) {
                T t = qs.poll();
                if (t == null || predicate.test(t)) {
                    return t;
                }
                if (sourceMode == ASYNC) {
                    upstream.request(1); // a dropped value still used up one unit of our request
                }
            }
        }
    }
}
