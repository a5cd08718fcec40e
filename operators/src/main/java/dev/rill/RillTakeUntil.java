package dev.rill;

import java.util.Objects;
import java.util.function.Predicate;
import org.reactivestreams.Subscriber;

/**
 * {@code takeUntil(Predicate)}: passes every value, and after the first one the predicate accepts
 * (that one included) cancels upstream and completes. A predicate that throws fails the stream and
 * cancels upstream. Never fuses: it must see each value to know where the stream ends.
 */
final class RillTakeUntil<T> extends RillOperator<T, T> {

    private final Rill<? extends T> source;
    private final Predicate<? super T> predicate;

    RillTakeUntil(Rill<? extends T> source, Predicate<? super T> predicate) {
        this.source = source;
        this.predicate = Objects.requireNonNull(predicate, "predicate");
    }

    @Override
    Rill<? extends T> source() {
        return source;
    }

    @Override
    Subscriber<? super T> subscribeOrReturn(Subscriber<? super T> s) {
        return new TakeUntilSubscriber<>(s, predicate);
    }

    static final class TakeUntilSubscriber<T> extends UnfusedSubscriber<T, T> {
        private final Predicate<? super T> predicate;

        TakeUntilSubscriber(Subscriber<? super T> downstream, Predicate<? super T> predicate) {
            super(downstream);
            this.predicate = predicate;
        }

        @Override
        public boolean tryOnNext(T t) {
            if (done) {
                return false;
            }
            boolean last;
            try {
                last = predicate.test(t);
            } catch (Throwable e) {
                fail(e);
                return true;
            }
            if (!last) {
                return emit(t);
            }
            // done before the value goes down: a cancel or request from inside onNext must not
            // reach an upstream that is about to be cancelled anyway
            done = true;
            upstream.cancel();
            downstream.onNext(t);
            downstream.onComplete();
            return true;
        }
    }
}
