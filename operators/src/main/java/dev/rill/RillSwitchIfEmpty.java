package dev.rill;

import java.util.Objects;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;

/** {@code switchIfEmpty} (and {@code defaultIfEmpty}): if the source completes with no value, continue with another publisher. */
final class RillSwitchIfEmpty<T> extends RillOperator<T, T> {

    private final Rill<? extends T> source;
    private final Publisher<? extends T> other;

    RillSwitchIfEmpty(Rill<? extends T> source, Publisher<? extends T> other) {
        this.source = source;
        this.other = Objects.requireNonNull(other, "alternative");
    }

    @Override
    Rill<? extends T> source() {
        return source;
    }

    @Override
    Subscriber<? super T> subscribeOrReturn(Subscriber<? super T> s) {
        return new SwitchIfEmptySubscriber<>(s, other);
    }

    static final class SwitchIfEmptySubscriber<T> extends SwitchingSubscriber<T> {
        private final Publisher<? extends T> other;
        private boolean switched;

        SwitchIfEmptySubscriber(Subscriber<? super T> downstream, Publisher<? extends T> other) {
            super(downstream);
            this.other = other;
        }

        @Override
        public void onError(Throwable t) {
            done(t);
        }

        @Override
        public void onComplete() {
            if (producedTotal == 0 && !switched) {
                switched = true;
                switchTo(other);
            } else {
                done(null);
            }
        }
    }
}
