package dev.rill;

import dev.rill.signal.Exceptions;
import dev.rill.signal.Hooks;
import java.util.Objects;
import java.util.function.Function;
import org.reactivestreams.Subscriber;

/**
 * {@code onErrorMap}: on an error, signal the mapper's error instead; a mapper that throws or
 * returns null signals that error, the original suppressed. Values pass through unchanged, fused
 * where the upstream allows ({@link UnfusedSubscriber}).
 */
final class RillOnErrorMap<T> extends RillOperator<T, T> {

    private final Rill<? extends T> source;
    private final Function<? super Throwable, ? extends Throwable> mapper;

    RillOnErrorMap(Rill<? extends T> source, Function<? super Throwable, ? extends Throwable> mapper) {
        this.source = source;
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    @Override
    Rill<? extends T> source() {
        return source;
    }

    @Override
    Subscriber<? super T> subscribeOrReturn(Subscriber<? super T> s) {
        return new MapErrorSubscriber<>(s, mapper);
    }

    static final class MapErrorSubscriber<T> extends UnfusedSubscriber<T, T> {
        private final Function<? super Throwable, ? extends Throwable> mapper;

        MapErrorSubscriber(Subscriber<? super T> downstream, Function<? super Throwable, ? extends Throwable> mapper) {
            super(downstream);
            this.mapper = mapper;
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
