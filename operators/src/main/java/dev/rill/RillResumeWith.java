package dev.rill;

import dev.rill.signal.Exceptions;
import java.util.Objects;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;

/**
 * {@code onErrorResume}: on an error, continues with the publisher the function returns for it
 * (once; an error from the fallback passes down). A function that throws or returns null fails
 * with that error, the original added as suppressed.
 */
final class RillResumeWith<T> extends RillOperator<T, T> {

    private final Rill<? extends T> source;
    private final Function<? super Throwable, ? extends Publisher<? extends T>> fallback;

    RillResumeWith(Rill<? extends T> source, Function<? super Throwable, ? extends Publisher<? extends T>> fallback) {
        this.source = source;
        this.fallback = Objects.requireNonNull(fallback, "fallback");
    }

    @Override
    Rill<? extends T> source() {
        return source;
    }

    @Override
    Subscriber<? super T> subscribeOrReturn(Subscriber<? super T> s) {
        return new ResumeSubscriber<>(s, fallback);
    }

    static final class ResumeSubscriber<T> extends SwitchingSubscriber<T> {
        private final Function<? super Throwable, ? extends Publisher<? extends T>> fallback;
        private boolean resumed;

        ResumeSubscriber(Subscriber<? super T> downstream, Function<? super Throwable, ? extends Publisher<? extends T>> fallback) {
            super(downstream);
            this.fallback = fallback;
        }

        @Override
        public void onError(Throwable t) {
            if (resumed) {
                done(t);
                return;
            }
            resumed = true;
            Publisher<? extends T> p;
            try {
                p = Exceptions.requireNonNull(fallback.apply(t), "onErrorResume: the fallback function");
            } catch (Throwable e) {
                Exceptions.throwIfFatal(e);
                e.addSuppressed(t);
                done(e);
                return;
            }
            switchTo(p);
        }

        @Override
        public void onComplete() {
            done(null);
        }
    }
}
