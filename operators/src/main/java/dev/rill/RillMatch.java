package dev.rill;

import java.util.Objects;
import java.util.function.Predicate;
import org.reactivestreams.Subscriber;

/**
 * {@code any} and {@code all}: whether some (every) value satisfies the predicate; ends as soon as
 * the answer is known, cancelling upstream.
 */
final class RillMatch<T> extends Rill<Boolean> {

    private final Rill<? extends T> source;
    private final Predicate<? super T> predicate;
    private final boolean all;

    RillMatch(Rill<? extends T> source, Predicate<? super T> predicate, boolean all) {
        this.source = source;
        this.predicate = Objects.requireNonNull(predicate, "predicate");
        this.all = all;
    }

    @Override
    protected void subscribeActual(Subscriber<? super Boolean> s) {
        source.subscribe(new MatchSubscriber<>(s, predicate, all));
    }

    static final class MatchSubscriber<T> extends ScalarResultSubscriber<T, Boolean> {
        private final Predicate<? super T> predicate;
        private final boolean all;

        MatchSubscriber(Subscriber<? super Boolean> downstream, Predicate<? super T> predicate, boolean all) {
            super(downstream);
            this.predicate = predicate;
            this.all = all;
        }

        @Override
        void accept(T t) {
            boolean hit = predicate.test(t);
            if (all && !hit) {
                finish(false);
            } else if (!all && hit) {
                finish(true);
            }
        }

        @Override
        Boolean result() {
            return all;
        }
    }
}
