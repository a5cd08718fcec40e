package dev.rill;

import java.lang.System.Logger.Level;
import java.lang.System.Logger;
import org.reactivestreams.Subscriber;

/**
 * {@code log(category)}: every signal (subscribe, request, value, error, completion, cancel) to the
 * {@link System.Logger} named {@code category}, at INFO, as it passes; the stream itself is
 * unchanged. A {@link RillPeek} stage with all six callbacks set.
 */
final class RillLog<T> extends RillOperator<T, T> {

    private final Rill<? extends T> source;
    private final RillPeek.Callbacks<T> callbacks;

    RillLog(Rill<? extends T> source, String category) {
        this.source = source;
        Logger logger = System.getLogger(category);
        Level l = Level.INFO;
        this.callbacks = new RillPeek.Callbacks<>(v -> logger.log(l, "onNext({0})", v),
                e -> logger.log(l, "onError", e), () -> logger.log(l, "onComplete()"),
                s -> logger.log(l, "onSubscribe({0})", s), n -> logger.log(l, "request({0})", n),
                () -> logger.log(l, "cancel()"));
    }

    @Override
    Rill<? extends T> source() {
        return source;
    }

    @Override
    Subscriber<? super T> subscribeOrReturn(Subscriber<? super T> s) {
        return new RillPeek.PeekSubscriber<>(s, callbacks);
    }
}
