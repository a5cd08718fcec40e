package dev.rill;

import dev.rill.signal.Handles;
import dev.rill.signal.Subscriptions;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * {@code onBackpressureLatest}: requests everything from the upstream and keeps only the latest
 * value the downstream has not asked for yet; each new value replaces it. The one slot is swapped
 * atomically (producer {@code getAndSet(v)}, drain {@code getAndSet(null)}), so a value is either
 * delivered once or replaced, never both. Completion waits for the held value to go down.
 */
final class RillOnBackpressureLatest<T> extends RillOperator<T, T> {

    private final Rill<? extends T> source;

    RillOnBackpressureLatest(Rill<? extends T> source) {
        this.source = source;
    }

    @Override
    Rill<? extends T> source() {
        return source;
    }

    @Override
    Subscriber<? super T> subscribeOrReturn(Subscriber<? super T> s) {
        return new LatestSubscriber<>(s);
    }

    static final class LatestSubscriber<T> extends QueueDrainSubscriber<T> {
        private static final VarHandle LATEST = Handles.field(MethodHandles.lookup(), "latest", Object.class);

        @SuppressWarnings("unused")
        private volatile Object latest;

        LatestSubscriber(Subscriber<? super T> downstream) {
            super(downstream);
        }

        @Override
        public void onSubscribe(Subscription s) {
            if (!Subscriptions.validate(upstream, s)) {
                return;
            }
            upstream = s;
            downstream.onSubscribe(this);
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(T t) {
            LATEST.setRelease(this, t); // the drain's getAndSet(null) takes it or the next one
            signal();
        }

        @Override
        void clear() {
            latest = null;
        }

        @Override
        @SuppressWarnings("unchecked")
        void startDrain() {
            int missed = 1;
            for (;;) {
                boolean d = done;
                boolean empty = LATEST.getVolatile(this) == null;
                if (terminated(d, empty)) {
                    return;
                }
                if (!empty && emitted != requested()) {
                    Object v = LATEST.getAndSet(this, null);
                    if (v != null) {
                        downstream.onNext((T) v);
                        emitted++;
                        continue;
                    }
                }
                missed = leave(missed);
                if (missed == 0) {
                    return;
                }
            }
        }
    }
}
