package dev.rill;

import dev.rill.signal.ConditionalSubscriber;
import dev.rill.signal.Exceptions;
import dev.rill.signal.FuseableSubscriber;
import java.util.Objects;
import java.util.function.Function;
import org.reactivestreams.Subscriber;

/**
 * {@code map}: applies a function to every value. Conditional and fusable (SYNC and ASYNC, never
 * across a thread boundary). A function that throws or returns null fails the stream and cancels
 * upstream.
 */
final class RillMap<T, R> extends RillOperator<T, R> {

    private final Rill<? extends T> source;
    private final Function<? super T, ? extends R> mapper;

    RillMap(Rill<? extends T> source, Function<? super T, ? extends R> mapper) {
        this.source = source;
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    @Override
    Rill<? extends T> source() {
        return source;
    }

    @Override
    Subscriber<? super T> subscribeOrReturn(Subscriber<? super R> s) {
        return new MapSubscriber<>(s, mapper);
    }

    static final class MapSubscriber<T, R> extends FuseableSubscriber<T, R> {
        private final Function<? super T, ? extends R> mapper;

        MapSubscriber(Subscriber<? super R> downstream, Function<? super T, ? extends R> mapper) {
            super(downstream);
            this.mapper = mapper;
        }

        @Override
        public boolean tryOnNext(T t) {
            if (done) {
                return false;
            }
            R r;
            try {
                r = Exceptions.requireNonNull(mapper.apply(t), "map: the mapper");
            } catch (Throwable e) {
                fail(e);
                return true;
            }
            // Not emit(): its call sites' type and branch profiles would be shared with every other
            // stage's, and C2 compiles (and inlines) the conditional path of a stage whose
            // downstream is not conditional, where the value escapes (JDK 25 keeps its box).
            ConditionalSubscriber<? super R> c = conditional;
            if (c != null) {
                return c.tryOnNext(r);
            }
            downstream.onNext(r);
            return true;
        }

        @Override
        public R poll() {
            T t = qs.poll();
            return t == null ? null : Exceptions.requireNonNull(mapper.apply(t), "map: the mapper");
        }
    }
}
