package dev.rill;

import dev.rill.signal.Demand;
import dev.rill.signal.Exceptions;
import dev.rill.signal.Handles;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.Consumer;
import org.reactivestreams.Subscriber;

/**
 * {@code onBackpressureDrop}: requests everything from the upstream and passes a value down only
 * if the downstream has asked for it; others are dropped (handed to the optional callback). No
 * queue: the cost is one demand check per value.
 *
 * <p>Threading: upstream signals serialized; {@code request} from any thread (the demand is an
 * atomic counter the upstream thread decrements).
 */
final class RillOnBackpressureDrop<T> extends RillOperator<T, T> {

    private final Rill<? extends T> source;
    private final Consumer<? super T> onDrop;

    RillOnBackpressureDrop(Rill<? extends T> source, Consumer<? super T> onDrop) {
        this.source = source;
        this.onDrop = onDrop;
    }

    @Override
    Rill<? extends T> source() {
        return source;
    }

    @Override
    Subscriber<? super T> subscribeOrReturn(Subscriber<? super T> s) {
        return new DropSubscriber<>(s, onDrop);
    }

    static final class DropSubscriber<T> extends UnfusedSubscriber<T, T> {
        private static final VarHandle REQUESTED = Handles.field(MethodHandles.lookup(), "requested", long.class);

        private final Consumer<? super T> onDrop;
        @SuppressWarnings("unused")
        private volatile long requested;

        DropSubscriber(Subscriber<? super T> downstream, Consumer<? super T> onDrop) {
            super(downstream);
            this.onDrop = onDrop;
        }

        @Override
        protected void onStart() {
            upstream.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(T t) {
            tryOnNext(t); // a dropped value needs no replacement: the upstream is unbounded
        }

        @Override
        public boolean tryOnNext(T t) {
            if (done) {
                return false;
            }
            if ((long) REQUESTED.getVolatile(this) != 0) {
                downstream.onNext(t);
                Demand.produced(REQUESTED, this, 1);
                return true;
            }
            if (onDrop != null) {
                try {
                    onDrop.accept(t);
                } catch (Throwable e) {
                    Exceptions.throwIfFatal(e);
                    fail(e);
                }
            }
            return false;
        }

        @Override
        public void request(long n) {
            if (Demand.isValid(n)) {
                Demand.add(REQUESTED, this, n);
            }
        }
    }
}
