package dev.rill;

import java.util.Objects;
import java.util.function.Predicate;
import org.reactivestreams.Subscriber;

/**
 * {@code all}: whether every value satisfies the predicate; false (and upstream cancelled) at the first that does not, true if all did (or there were none). A predicate that throws fails the stream and cancels upstream
 * ({@link ScalarResultSubscriber}).
 */
final class RillAll<T> extends RillOperator<T, Boolean> {

    private final Rill<? extends T> source;
    private final Predicate<? super T> predicate;

    RillAll(Rill<? extends T> source, Predicate<? super T> predicate) {
        this.source = source;
        this.predicate = Objects.requireNonNull(predicate, "predicate");
    }

    @Override
    Rill<? extends T> source() {
        return source;
    }

    @Override
    Subscriber<? super T> subscribeOrReturn(Subscriber<? super Boolean> s) {
        return new AllSubscriber<>(s, predicate);
    }

    static final class AllSubscriber<T> extends ScalarResultSubscriber<T, Boolean> {
        private final Predicate<? super T> predicate;

        AllSubscriber(Subscriber<? super Boolean> downstream, Predicate<? super T> predicate) {
            super(downstream);
            this.predicate = predicate;
        }

        @Override
        void accept(T t) {
            if (!predicate.test(t)) {
                finish(false);
            }
        }

        @Override
        Boolean result() {
            return true;
        }
    }
}
