package dev.rill;

import dev.rill.publishers.JustPublisher;
import dev.rill.signal.Exceptions;
import dev.rill.signal.Hooks;
import java.util.Objects;
import java.util.function.Function;
import org.reactivestreams.Subscriber;

/**
 * {@code onErrorReturn} and {@code onErrorMap}: on an error, either emit a fallback value and
 * complete, or signal a different error. The fallback value is emitted only if the downstream has
 * demand left; otherwise it waits for the next request.
 */
final class RillOnErrorReturn<T> extends Rill<T> {

    private final Rill<? extends T> source;
    private final Function<? super Throwable, ? extends T> fallback;
    private final Function<? super Throwable, ? extends Throwable> errorMapper;

    RillOnErrorReturn(Rill<? extends T> source, Function<? super Throwable, ? extends T> fallback,
                             Function<? super Throwable, ? extends Throwable> errorMapper) {
        this.source = source;
        this.fallback = fallback;
        this.errorMapper = errorMapper;
    }

    @Override
    protected void subscribeActual(Subscriber<? super T> s) {
        if (fallback != null) {
            source.subscribe(new RillResumeWith.ResumeSubscriber<T>(s,
                    e -> new JustPublisher<>(
                            Exceptions.requireNonNull(fallback.apply(e), "onErrorReturn: the fallback"))));
        } else {
            source.subscribe(new MapErrorSubscriber<>(s, errorMapper));
        }
    }

    static final class MapErrorSubscriber<T> extends UnfusedSubscriber<T, T> {
        private final Function<? super Throwable, ? extends Throwable> mapper;

        MapErrorSubscriber(Subscriber<? super T> downstream, Function<? super Throwable, ? extends Throwable> mapper) {
            super(downstream);
            this.mapper = Objects.requireNonNull(mapper, "mapper");
        }

        @Override
        public boolean tryOnNext(T t) {
            if (done) {
                return false;
            }
            if (sourceMode == ASYNC) {
                downstream.onNext(null);
                return true;
            }
            return emit(t);
        }

        @Override
        public void onError(Throwable t) {
            if (done) {
                Hooks.onErrorDropped(t);
                return;
            }
            Throwable mapped;
            try {
                mapped = Exceptions.requireNonNull(mapper.apply(t), "onErrorMap: the mapper");
            } catch (Throwable e) {
                Exceptions.throwIfFatal(e);
                e.addSuppressed(t);
                mapped = e;
            }
            super.onError(mapped);
        }
    }
}
