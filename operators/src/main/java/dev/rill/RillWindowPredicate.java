package dev.rill;

import dev.rill.signal.CoreSubscriber;
import dev.rill.signal.Demand;
import dev.rill.signal.Exceptions;
import dev.rill.signal.Handles;
import dev.rill.signal.Hooks;
import dev.rill.signal.Subscriptions;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.function.Predicate;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * {@code windowUntil(predicate[, cutBefore])}: windows cut by a predicate on the values, as
 * Reactor's {@code windowUntil}: the matching value ends its window (or, with {@code cutBefore},
 * starts the next one). A window opens with a value, so none is empty. Each window is a {@link
 * UnicastWindow} whose values wait in its queue for its subscriber.
 *
 * <p>Demand: the upstream is asked for one value per window asked for, and for one more for each
 * value that ends no window, so a window can always fill up to its end, and a window that opens
 * finds demand for it, except with {@code cutBefore}: there the value that ends a window opens the
 * next, which may wait for a request (the upstream owes nothing meanwhile, so no value races it).
 * Values inside a window are not paced by the window's subscriber: they wait in its queue.
 *
 * <p>Cancelling the outer stream stops new windows but lets the open one run to its end; the
 * upstream is cancelled once the outer stream and the open window are done with it (a count of
 * holders, as in {@code window(int)}).
 *
 * <p>Threading: upstream signals serialized; {@code request}/{@code cancel} from any thread.
 */
final class RillWindowPredicate<T> extends RillOperator<T, Rill<T>> {

    private final Rill<? extends T> source;
    private final Predicate<? super T> predicate;
    private final boolean cutBefore;

    RillWindowPredicate(Rill<? extends T> source, Predicate<? super T> predicate, boolean cutBefore) {
        this.source = source;
        this.predicate = Objects.requireNonNull(predicate, "predicate");
        this.cutBefore = cutBefore;
    }

    @Override
    Rill<? extends T> source() {
        return source;
    }

    @Override
    Subscriber<? super T> subscribeOrReturn(Subscriber<? super Rill<T>> s) {
        return new WindowPredicateSubscriber<>(s, predicate, cutBefore);
    }

    static final class WindowPredicateSubscriber<T> implements CoreSubscriber<T>, Subscription {
        private static final VarHandle HOLDERS = Handles.field(MethodHandles.lookup(), "holders", int.class);
        private static final VarHandle UPSTREAM = Handles.field(MethodHandles.lookup(), "upstream", Subscription.class);
        private static final VarHandle REQUESTED = Handles.field(MethodHandles.lookup(), "requested", long.class);
        private static final VarHandle PENDING = Handles.field(MethodHandles.lookup(), "pending", UnicastWindow.class);

        private final Predicate<? super T> predicate;
        private final boolean cutBefore;
        /** What a window calls when it is gone: one object for all of them. */
        private final Runnable release = this::release;
        /** Null once the outer stream was cancelled: it gets nothing more, and may be collected. */
        private volatile Subscriber<? super Rill<T>> downstream;
        @SuppressWarnings("unused")
        private volatile Subscription upstream;
        /** The outer stream (until cancelled) plus the open window (until it ends or is cancelled). */
        @SuppressWarnings("unused")
        private volatile int holders = 1;
        /** Windows asked for, in total (saturating): unbounded ends the replacement requests. */
        @SuppressWarnings("unused")
        private volatile long requested;

        /** A window opened without demand for it (cutBefore only), until a request passes it on. */
        @SuppressWarnings("unused")
        private volatile UnicastWindow<T> pending;
        /** Windows passed on; written by whoever passes one on (never two at once, see the class comment). */
        private volatile long emitted;

        // Upstream-thread-owned.
        private UnicastWindow<T> window;
        private boolean done;

        WindowPredicateSubscriber(Subscriber<? super Rill<T>> downstream, Predicate<? super T> predicate, boolean cutBefore) {
            this.downstream = downstream;
            this.predicate = predicate;
            this.cutBefore = cutBefore;
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
            boolean match;
            try {
                match = predicate.test(t);
            } catch (Throwable e) {
                Exceptions.throwIfFatal(e);
                Subscriptions.cancel(UPSTREAM, this);
                onError(e);
                return;
            }
            UnicastWindow<T> w = window;
            boolean closes = match && (!cutBefore || w != null);
            if (cutBefore && closes) {
                window = null;
                w.complete();
                w = null;
            }
            if (w == null && (w = open()) == null) {
                return; // the outer stream is gone and no window is open: nothing wants it
            }
            w.next(t);
            if (!cutBefore && match) {
                window = null;
                w.complete();
            }
            if (!closes && (long) REQUESTED.getVolatile(this) != Long.MAX_VALUE) {
                ((Subscription) UPSTREAM.getVolatile(this)).request(1); // it ended no window: replace it
            }
        }

        /** A new window, passed on when there is demand for it; null if the outer stream was cancelled. */
        private UnicastWindow<T> open() {
            Subscriber<? super Rill<T>> a = downstream;
            if (a == null) {
                return null;
            }
            HOLDERS.getAndAdd(this, 1);
            UnicastWindow<T> w = new UnicastWindow<>(Integer.MAX_VALUE, release);
            window = w;
            if ((long) REQUESTED.getVolatile(this) != emitted) {
                emitted++;
                a.onNext(w);
            } else {
                PENDING.setVolatile(this, w); // only with cutBefore: the value that ended a window opened it
                emitPending();
            }
            return w;
        }

        /** The pending window goes down once there is demand for it, from whichever side sees it first. */
        @SuppressWarnings("unchecked")
        private void emitPending() {
            if ((long) REQUESTED.getVolatile(this) == emitted) {
                return;
            }
            UnicastWindow<T> p = (UnicastWindow<T>) PENDING.getAndSet(this, null);
            if (p != null) {
                emitted++;
                Subscriber<? super Rill<T>> a = downstream;
                if (a != null) {
                    a.onNext(p);
                } else {
                    p.cancel(); // nobody will subscribe to it
                }
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
            if (Demand.isValid(n)) {
                Demand.add(REQUESTED, this, n);
                if (pending != null) {
                    emitPending(); // before asking for more: no value comes meanwhile, none was asked for
                }
                ((Subscription) UPSTREAM.getVolatile(this)).request(n);
            }
        }

        @Override
        public void cancel() {
            if (downstream != null) {
                downstream = null;
                UnicastWindow<?> p = (UnicastWindow<?>) PENDING.getAndSet(this, null);
                if (p != null) {
                    p.cancel(); // never passed on: it lets go of the upstream itself
                }
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
