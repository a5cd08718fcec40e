package dev.rill;

import dev.rill.publishers.JustPublisher;
import dev.rill.signal.Exceptions;
import java.util.function.Function;
import org.reactivestreams.Subscriber;

/**
 * {@code onErrorReturn}: on an error, emit the fallback's value for it and complete; a fallback
 * that throws or returns null fails the stream with that error, the original suppressed. The value
 * is emitted only if the downstream has demand left; otherwise it waits for the next request.
 * Built on {@code onErrorResume}'s subscriber with a one-value publisher.
 */
final class RillOnErrorReturn<T> extends RillOperator<T, T> {

    private final Rill<? extends T> source;
    private final Function<? super Throwable, ? extends T> fallback;

    RillOnErrorReturn(Rill<? extends T> source, Function<? super Throwable, ? extends T> fallback) {
        this.source = source;
        this.fallback = fallback;
    }

    @Override
    Rill<? extends T> source() {
        return source;
    }

    @Override
    Subscriber<? super T> subscribeOrReturn(Subscriber<? super T> s) {
        return new RillResumeWith.ResumeSubscriber<T>(s,
                e -> new JustPublisher<>(Exceptions.requireNonNull(fallback.apply(e), "onErrorReturn: the fallback")));
    }
}
