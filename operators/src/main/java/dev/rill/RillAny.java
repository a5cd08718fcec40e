package dev.rill;

import java.util.Objects;
import java.util.function.Predicate;
import org.reactivestreams.Subscriber;

/**
 * {@code any}: whether some value satisfies the predicate; true (and upstream cancelled) at the first that does, false if none did. A predicate that throws fails the stream and cancels upstream
 * ({@link ScalarResultSubscriber}).
 */
final class RillAny<T> extends RillOperator<T, Boolean> {

    private final Rill<? extends T> source;
    private final Predicate<? super T> predicate;

    RillAny(Rill<? extends T> source, Predicate<? super T> predicate) {
        this.source = source;
        this.predicate = Objects.requireNonNull(predicate, "predicate");
    }

    @Override
    Rill<? extends T> source() {
        return source;
    }

    @Override
    Subscriber<? super T> subscribeOrReturn(Subscriber<? super Boolean> s) {
        return new AnySubscriber<>(s, predicate);
    }

    static final class AnySubscriber<T> extends ScalarResultSubscriber<T, Boolean> {
        private final Predicate<? super T> predicate;

        AnySubscriber(Subscriber<? super Boolean> downstream, Predicate<? super T> predicate) {
            super(downstream);
            this.predicate = predicate;
        }

        @Override
        void accept(T t) {
            if (predicate.test(t)) {
                finish(true);
            }
        }

        @Override
        Boolean result() {
            return false;
        }
    }
}
