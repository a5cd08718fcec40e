package dev.rill;

import dev.rill.signal.Demand;
import dev.rill.signal.Handles;
import dev.rill.signal.Subscriptions;
import dev.rill.signal.Wip;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.jctools.queues.SpscUnboundedArrayQueue;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * One window of {@code window(int)}, {@code window(Duration)}, {@code windowTimeout} or
 * {@code windowUntil}: a {@code Rill} for one subscriber that the window operator feeds as values
 * arrive. Values wait in a JCTools SPSC queue (unbounded; at most the window's size, if it has
 * one) until its subscriber asks for them; the end of the window waits behind them. A second
 * subscriber gets an {@link IllegalStateException}. When the window ends or its subscriber cancels, it tells its
 * operator once ({@code onGone}), so the operator can let go of the upstream when nobody needs it.
 *
 * <p>Threading: {@link #next}, {@link #complete}, {@link #fail} serialized by the operator (its
 * upstream thread, or its drain: the queue's one producer); subscribe, request and cancel from
 * any thread; the drain by whoever takes the counter (the queue's one consumer).
 */
final class UnicastWindow<T> extends Rill<T> implements Subscription {
    private static final VarHandle WIP = Handles.field(MethodHandles.lookup(), "wip", int.class);
    private static final VarHandle REQUESTED = Handles.field(MethodHandles.lookup(), "requested", long.class);
    private static final VarHandle SUBSCRIBER = Handles.field(MethodHandles.lookup(), "subscriber", Subscriber.class);
    private static final VarHandle GONE = Handles.field(MethodHandles.lookup(), "gone", boolean.class);

    /** Takes the subscriber's place once it cancelled or got its terminal signal (§3.13), so it can be collected; a later subscriber still finds the window taken. */
    private static final Subscriber<Object> RELEASED = new Subscriber<>() {
        @Override
        public void onSubscribe(Subscription s) {
        }

        @Override
        public void onNext(Object o) {
        }

        @Override
        public void onError(Throwable t) {
        }

        @Override
        public void onComplete() {
        }
    };

    private final SpscUnboundedArrayQueue<T> queue;
    private final Runnable onGone;
    @SuppressWarnings("unused")
    private volatile int wip;
    @SuppressWarnings("unused")
    private volatile long requested;
    private volatile Subscriber<? super T> subscriber;
    /** Written after {@link #error}: a drain that sees it sees the error. */
    private volatile boolean done;
    private Throwable error;
    private volatile boolean cancelled;
    @SuppressWarnings("unused")
    private volatile boolean gone;
    /** Drain-owned. */
    private long emitted;

    UnicastWindow(int size, Runnable onGone) {
        this.queue = new SpscUnboundedArrayQueue<>(Math.max(2, Math.min(size, 256)));
        this.onGone = onGone;
    }

    void next(T t) {
        if (!cancelled) {
            queue.offer(t);
            drain();
        }
    }

    void complete() {
        done = true;
        gone();
        drain();
    }

    void fail(Throwable e) {
        error = e;
        done = true;
        gone();
        drain();
    }

    /** Whether its subscriber cancelled (the operator stops feeding it). */
    boolean isCancelled() {
        return cancelled;
    }

    private void gone() {
        if (GONE.compareAndSet(this, false, true)) {
            onGone.run();
        }
    }

    @Override
    protected void subscribeActual(Subscriber<? super T> s) {
        if (!SUBSCRIBER.compareAndSet(this, null, s)) {
            Subscriptions.error(s, new IllegalStateException("a window allows one subscriber"));
            return;
        }
        s.onSubscribe(this);
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
        if (cancelled) {
            return;
        }
        cancelled = true;
        SUBSCRIBER.setVolatile(this, RELEASED); // after `cancelled`: a drain that read the old one stops at that flag
        gone();
        if (Wip.enter(WIP, this)) {
            queue.clear(); // no drain is running: the values are ours to drop
        }
    }

    private void drain() {
        if (!Wip.enter(WIP, this)) {
            return;
        }
        int missed = 1;
        for (;;) {
            Subscriber<? super T> a = subscriber;
            if (a != null) {
                long r = (long) REQUESTED.getVolatile(this);
                long e = emitted;
                while (e != r) {
                    boolean d = done; // before the poll: the last value is offered before done
                    T v = queue.poll();
                    if (terminated(d, v == null, a)) {
                        return;
                    }
                    if (v == null) {
                        break;
                    }
                    a.onNext(v);
                    e++;
                }
                if (e == r && terminated(done, queue.isEmpty(), a)) {
                    return;
                }
                emitted = e;
            } else if (cancelled) {
                queue.clear();
            }
            missed = Wip.leave(WIP, this, missed);
            if (missed == 0) {
                return;
            }
        }
    }

    private boolean terminated(boolean d, boolean empty, Subscriber<? super T> a) {
        if (cancelled) {
            queue.clear();
            return true;
        }
        if (d && empty) {
            cancelled = true; // holds the counter for good: nothing more goes down
            SUBSCRIBER.setVolatile(this, RELEASED);
            Throwable ex = error;
            if (ex != null) {
                a.onError(ex);
            } else {
                a.onComplete();
            }
            return true;
        }
        return false;
    }

    @Override
    public String toString() {
        return "window" + (subscriber == null ? " (not subscribed)" : "");
    }
}
