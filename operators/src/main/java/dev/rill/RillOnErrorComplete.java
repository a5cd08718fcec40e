package dev.rill;

import dev.rill.signal.Exceptions;
import java.util.function.Predicate;
import org.reactivestreams.Subscriber;

/**
 * {@code onErrorComplete}: an error the predicate accepts becomes a completion; any other passes
 * down. A predicate that throws fails with its own error, the original added as suppressed. Values
 * pass through untouched; it never fuses, since a fused consumer would see upstream errors thrown
 * from {@code poll} without this stage.
 */
final class RillOnErrorComplete<T> extends RillOperator<T, T> {

    private final Rill<? extends T> source;
    private final Predicate<? super Throwable> predicate;

    RillOnErrorComplete(Rill<? extends T> source, Predicate<? super Throwable> predicate) {
        this.source = source;
        this.predicate = predicate;
    }

    @Override
    Rill<? extends T> source() {
        return source;
    }

    @Override
    Subscriber<? super T> subscribeOrReturn(Subscriber<? super T> s) {
        return new OnErrorCompleteSubscriber<>(s, predicate);
    }

    static final class OnErrorCompleteSubscriber<T> extends UnfusedSubscriber<T, T> {
        private final Predicate<? super Throwable> predicate;

        OnErrorCompleteSubscriber(Subscriber<? super T> downstream, Predicate<? super Throwable> predicate) {
            super(downstream);
            this.predicate = predicate;
        }

        @Override
        public boolean tryOnNext(T t) {
            return !done && emit(t);
        }

        @Override
        public void onError(Throwable t) {
            if (done) {
                super.onError(t); // to the dropped-error hook
                return;
            }
            boolean complete;
            try {
                complete = predicate.test(t);
            } catch (Throwable e) {
                Exceptions.throwIfFatal(e);
                e.addSuppressed(t);
                super.onError(e);
                return;
            }
            if (complete) {
                onComplete();
            } else {
                super.onError(t);
            }
        }
    }
}
