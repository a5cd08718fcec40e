package dev.rill;

import dev.rill.signal.Exceptions;
import java.util.function.BooleanSupplier;
import org.reactivestreams.Subscriber;

/**
 * {@code repeat(times, predicate)} and {@code repeat(predicate)}: after the source completes, asks
 * {@code predicate} whether to subscribe again, at most {@code times} more times
 * ({@link Long#MAX_VALUE}: no limit); the predicate is not asked once the times are used up.
 * Demand carries over to each new subscription, and resubscribing is trampolined
 * ({@link SwitchingSubscriber}), so a synchronous source repeats in constant stack.
 *
 * <p>Threading: the predicate runs in the source's {@code onComplete}, on its thread.
 */
final class RillRepeatPredicate<T> extends Rill<T> {

    private final Rill<T> source;
    private final long times;
    private final BooleanSupplier predicate;

    RillRepeatPredicate(Rill<T> source, long times, BooleanSupplier predicate) {
        this.source = source;
        this.times = times;
        this.predicate = predicate;
    }

    @Override
    protected void subscribeActual(Subscriber<? super T> s) {
        new RepeatPredicateSubscriber<>(s, source, times, predicate).switchTo(source);
    }

    static final class RepeatPredicateSubscriber<T> extends SwitchingSubscriber<T> {
        private final Rill<T> source;
        private final BooleanSupplier predicate;
        private long left;

        RepeatPredicateSubscriber(Subscriber<? super T> downstream, Rill<T> source, long times,
                                  BooleanSupplier predicate) {
            super(downstream);
            this.source = source;
            this.predicate = predicate;
            this.left = times;
        }

        @Override
        public void onComplete() {
            boolean again;
            try {
                again = left != 0 && predicate.getAsBoolean();
            } catch (Throwable e) {
                Exceptions.throwIfFatal(e);
                done(e);
                return;
            }
            if (!again) {
                done(null);
                return;
            }
            if (left != Long.MAX_VALUE) {
                left--;
            }
            switchTo(source);
        }

        @Override
        public void onError(Throwable t) {
            done(t);
        }
    }
}
