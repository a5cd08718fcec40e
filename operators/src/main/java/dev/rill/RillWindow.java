package dev.rill;

import dev.rill.signal.CoreSubscriber;
import dev.rill.signal.Demand;
import dev.rill.signal.Handles;
import dev.rill.signal.Hooks;
import dev.rill.signal.Subscriptions;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * {@code window(int)}: windows of {@code size} values, each a {@link Rill} of its own that opens
 * with its first value and passes values on as they arrive (a {@link UnicastWindow}), as Reactor's
 * and RxJava's {@code window(int)} do. A request for {@code k} windows asks the upstream for
 * {@code k * size} values (saturating), so a window opens only with demand for it.
 *
 * <p>Cancelling the outer stream stops new windows but lets the open one finish: the upstream is
 * cancelled once the outer stream and every open window are done with it (a count of holders:
 * the outer stream, plus the open window). After the outer cancel the downstream is dropped, so it
 * can be collected even while an open window still runs.
 *
 * <p>Threading: upstream signals serialized; {@code request}/{@code cancel} from any thread.
 */
final class RillWindow<T> extends RillOperator<T, Rill<T>> {

    private final Rill<? extends T> source;
    private final int size;

    RillWindow(Rill<? extends T> source, int size) {
        if (size <= 0) {
            throw new IllegalArgumentException("window: size must be positive, was " + size);
        }
        this.source = source;
        this.size = size;
    }

    @Override
    Rill<? extends T> source() {
        return source;
    }

    @Override
    Subscriber<? super T> subscribeOrReturn(Subscriber<? super Rill<T>> s) {
        return new WindowSubscriber<>(s, size);
    }

    static final class WindowSubscriber<T> implements CoreSubscriber<T>, Subscription {
        private static final VarHandle HOLDERS = Handles.field(MethodHandles.lookup(), "holders", int.class);
        private static final VarHandle UPSTREAM = Handles.field(MethodHandles.lookup(), "upstream", Subscription.class);

        private final int size;
        /** Null once the outer stream was cancelled: it gets nothing more, and may be collected. */
        private volatile Subscriber<? super Rill<T>> downstream;
        @SuppressWarnings("unused")
        private volatile Subscription upstream;
        /** The outer stream (until cancelled) plus the open window (until it ends or is cancelled). */
        @SuppressWarnings("unused")
        private volatile int holders = 1;

        // Upstream-thread-owned.
        private UnicastWindow<T> window;
        private int count;
        private boolean done;

        WindowSubscriber(Subscriber<? super Rill<T>> downstream, int size) {
            this.downstream = downstream;
            this.size = size;
        }

        @Override
        public void onSubscribe(Subscription s) {
            if (Subscriptions.setOnce(UPSTREAM, this, s)) {
                downstream.onSubscribe(this);
            }
        }

        @Override
        public void onNext(T t) {
            if (done) {
                return;
            }
            UnicastWindow<T> w = window;
            if (w == null) {
                Subscriber<? super Rill<T>> a = downstream;
                if (a == null) {
                    return; // the outer stream is gone and no window is open: nothing wants it
                }
                HOLDERS.getAndAdd(this, 1);
                w = new UnicastWindow<>(size, this::release);
                window = w;
                a.onNext(w);
            }
            w.next(t);
            if (++count == size) {
                count = 0;
                window = null;
                w.complete();
            }
        }

        @Override
        public void onError(Throwable t) {
            if (done) {
                Hooks.onErrorDropped(t);
                return;
            }
            done = true;
            UnicastWindow<T> w = window;
            window = null;
            if (w != null) {
                w.fail(t);
            }
            Subscriber<? super Rill<T>> a = downstream;
            if (a != null) {
                a.onError(t);
            }
        }

        @Override
        public void onComplete() {
            if (done) {
                return;
            }
            done = true;
            UnicastWindow<T> w = window;
            window = null;
            if (w != null) {
                w.complete();
            }
            Subscriber<? super Rill<T>> a = downstream;
            if (a != null) {
                a.onComplete();
            }
        }

        @Override
        public void request(long n) {
            if (!Demand.isValid(n)) {
                return;
            }
            long m = n * size;
            ((Subscription) UPSTREAM.getVolatile(this)).request(m / size != n || m < 0 ? Long.MAX_VALUE : m);
        }

        @Override
        public void cancel() {
            if (downstream != null) {
                downstream = null;
                release();
            }
        }

        /** A holder let go: the last one cancels the upstream. */
        private void release() {
            if ((int) HOLDERS.getAndAdd(this, -1) == 1) {
                Subscriptions.cancel(UPSTREAM, this);
            }
        }
    }
}
