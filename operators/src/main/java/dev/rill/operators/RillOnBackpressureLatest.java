package dev.rill.operators;

import dev.rill.Rill;
import dev.rill.engine.signal.CoreSubscriber;
import dev.rill.engine.signal.Demand;
import dev.rill.engine.signal.Handles;
import dev.rill.engine.signal.Hooks;
import dev.rill.engine.signal.Subscriptions;
import dev.rill.engine.signal.Wip;
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
public final class RillOnBackpressureLatest<T> extends Rill<T> {

    private final Rill<? extends T> source;

    public RillOnBackpressureLatest(Rill<? extends T> source) {
        this.source = source;
    }

    @Override
    protected void subscribeActual(Subscriber<? super T> s) {
        source.subscribe(new LatestSubscriber<>(s));
    }

    static final class LatestSubscriber<T> implements CoreSubscriber<T>, Subscription {
        private static final VarHandle WIP = Handles.field(MethodHandles.lookup(), "wip", int.class);
        private static final VarHandle REQUESTED = Handles.field(MethodHandles.lookup(), "requested", long.class);
        private static final VarHandle LATEST = Handles.field(MethodHandles.lookup(), "latest", Object.class);

        private final Subscriber<? super T> downstream;
        private Subscription upstream;
        @SuppressWarnings("unused")
        private volatile int wip;
        @SuppressWarnings("unused")
        private volatile long requested;
        @SuppressWarnings("unused")
        private volatile Object latest;
        private volatile boolean done;
        private volatile boolean cancelled;
        private Throwable error;
        private long emitted;

        LatestSubscriber(Subscriber<? super T> downstream) {
            this.downstream = downstream;
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
            drain();
        }

        @Override
        public void onError(Throwable t) {
            if (done) {
                Hooks.onErrorDropped(t);
                return;
            }
            error = t;
            done = true;
            drain();
        }

        @Override
        public void onComplete() {
            done = true;
            drain();
        }

        @Override
        public void request(long n) {
            if (Demand.isValid(n)) {
                Demand.add(REQUESTED, this, n);
                drain();
            }
        }

        @Override
        public void cancel() {
            if (!cancelled) {
                cancelled = true;
                upstream.cancel();
                if (Wip.enter(WIP, this)) {
                    latest = null;
                }
            }
        }

        @SuppressWarnings("unchecked")
        private void drain() {
            if (!Wip.enter(WIP, this)) {
                return;
            }
            int missed = 1;
            for (;;) {
                if (cancelled) {
                    latest = null;
                    return;
                }
                boolean d = done;
                boolean empty = LATEST.getVolatile(this) == null;
                if (d && empty) {
                    cancelled = true;
                    Throwable ex = error;
                    if (ex != null) {
                        downstream.onError(ex);
                    } else {
                        downstream.onComplete();
                    }
                    return;
                }
                if (!empty && emitted != (long) REQUESTED.getVolatile(this)) {
                    Object v = LATEST.getAndSet(this, null);
                    if (v != null) {
                        downstream.onNext((T) v);
                        emitted++;
                        continue;
                    }
                }
                missed = Wip.leave(WIP, this, missed);
                if (missed == 0) {
                    return;
                }
            }
        }
    }
}
