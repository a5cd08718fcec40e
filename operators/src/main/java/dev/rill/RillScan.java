package dev.rill;

import dev.rill.signal.Exceptions;
import java.util.Objects;
import java.util.function.BiFunction;
import org.reactivestreams.Subscriber;

/**
 * {@code scan}: emits the running accumulation, one value per upstream value (the first upstream
 * value as is). Not fusable.
 */
final class RillScan<T> extends RillOperator<T, T> {

    private final Rill<? extends T> source;
    private final BiFunction<T, ? super T, T> accumulator;

    RillScan(Rill<? extends T> source, BiFunction<T, ? super T, T> accumulator) {
        this.source = source;
        this.accumulator = Objects.requireNonNull(accumulator, "accumulator");
    }

    @Override
    Rill<? extends T> source() {
        return source;
    }

    @Override
    Subscriber<? super T> subscribeOrReturn(Subscriber<? super T> s) {
        return new ScanSubscriber<>(s, accumulator);
    }

    static final class ScanSubscriber<T> extends UnfusedSubscriber<T, T> {
        private final BiFunction<T, ? super T, T> accumulator;
        private T acc;

        ScanSubscriber(Subscriber<? super T> downstream, BiFunction<T, ? super T, T> accumulator) {
            super(downstream);
            this.accumulator = accumulator;
        }

        @Override
        public boolean tryOnNext(T t) {
            if (done) {
                return false;
            }
            T a = acc;
            if (a != null) {
                try {
                    t = Exceptions.requireNonNull(accumulator.apply(a, t), "scan: the accumulator");
                } catch (Throwable e) {
                    fail(e);
                    return true;
                }
            }
            acc = t;
            downstream.onNext(t);
            return true;
        }
    }
}
