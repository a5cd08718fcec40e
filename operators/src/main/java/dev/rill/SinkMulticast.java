package dev.rill;

import dev.rill.signal.Subscriptions;
import java.util.ArrayDeque;
import java.util.Objects;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;

/**
 * {@code Sinks.many().multicast().onBackpressureBuffer(n)}: every subscriber gets what is emitted
 * after it subscribed, paced by the slowest one; up to {@code n} values wait in one shared buffer
 * (before the first subscriber too: the warm-up), and an emission that finds it full is refused
 * with FAIL_OVERFLOW. When the last subscriber cancels, the sink is cancelled.
 *
 * <p>Threading: an emitter loop under this object's monitor, as RxJava serializes a processor. The
 * monitor guards the buffer, the subscriber array, the end and the {@code emitting} flag; it is
 * held for a few instructions per emission, and a subscriber is called under it only to end it for
 * a bad request (§3.9). The thread that
 * finds nobody emitting becomes the emitter: it delivers its own value at once if every subscriber
 * has demand and nothing waits (no buffer touched), then takes batches from the buffer as demand
 * allows, outside the monitor, until nothing more can go. Any other emitter appends and leaves; a
 * request or a new subscriber marks work missed for the emitter, or becomes the emitter. So one
 * thread at a time signals the subscribers. Inline and bounded by demand: no task, no budget.
 */
final class SinkMulticast<T> implements Sinks.Many<T>, Publisher<T> {

    private static final Object COMPLETE = new Object();
    private static final int BATCH = 64;

    private final int capacity;
    private final Rill<T> view = new Rill.Source<>(this);
    // Guarded by this.
    private final ArrayDeque<T> buffer = new ArrayDeque<>();
    private Inner<T>[] subscribers = newArray(0);
    /** The end: {@link #COMPLETE} or the error, once emitted. */
    private Object terminal;
    /** The last subscriber left: the buffer is dropped and emissions are refused. */
    private boolean cancelled;
    private boolean emitting;
    private boolean missed;
    /** The emitter's batch, used only by the thread that set {@link #emitting}. */
    private final Object[] batch = new Object[BATCH];

    SinkMulticast(int capacity) {
        this.capacity = capacity;
    }

    @Override
    public Sinks.EmitResult tryEmitNext(T value) {
        Objects.requireNonNull(value, "value");
        Inner<T>[] direct;
        synchronized (this) {
            if (terminal != null) {
                return Sinks.EmitResult.FAIL_TERMINATED;
            }
            if (cancelled) {
                return Sinks.EmitResult.FAIL_CANCELLED;
            }
            if (!emitting && buffer.isEmpty() && allHaveDemand(subscribers)) {
                emitting = true; // the fast path: straight to the subscribers
                direct = subscribers;
            } else {
                if (buffer.size() >= capacity) {
                    return Sinks.EmitResult.FAIL_OVERFLOW;
                }
                buffer.add(value);
                if (emitting) {
                    missed = true; // the emitter takes it
                    return Sinks.EmitResult.OK;
                }
                emitting = true;
                direct = null;
            }
        }
        if (direct != null) {
            for (Inner<T> inner : direct) {
                inner.next(value);
            }
        }
        emitLoop();
        return Sinks.EmitResult.OK;
    }

    @Override
    public Sinks.EmitResult tryEmitComplete() {
        return terminate(COMPLETE);
    }

    @Override
    public Sinks.EmitResult tryEmitError(Throwable e) {
        return terminate(Objects.requireNonNull(e, "error"));
    }

    private Sinks.EmitResult terminate(Object signal) {
        synchronized (this) {
            if (terminal != null) {
                return Sinks.EmitResult.FAIL_TERMINATED;
            }
            if (cancelled) {
                return Sinks.EmitResult.FAIL_CANCELLED;
            }
            terminal = signal;
        }
        signal();
        return Sinks.EmitResult.OK;
    }

    @Override
    public synchronized int currentSubscriberCount() {
        return subscribers.length;
    }

    @Override
    public Rill<T> asRill() {
        return view;
    }

    @Override
    public void subscribe(Subscriber<? super T> s) {
        Objects.requireNonNull(s, "§1.9: subscriber must not be null");
        Inner<T> inner = new Inner<>(s, this);
        s.onSubscribe(inner);
        synchronized (this) {
            if (cancelled) {
                Subscriptions.error(s, new IllegalStateException("the sink was cancelled: its last subscriber left"));
                return;
            }
            if (!inner.isCancelled()) {
                subscribers = CopyOnWriteArrays.with(subscribers, inner);
            }
        }
        signal();
    }

    void remove(Inner<T> inner) {
        synchronized (this) {
            Inner<T>[] a = subscribers;
            Inner<T>[] b = CopyOnWriteArrays.without(a, inner);
            if (b == a) {
                return;
            }
            subscribers = b;
            if (b.length == 0 && terminal == null) {
                cancelled = true; // auto-cancel: nobody is left to pace the buffer
                buffer.clear();
            }
        }
        signal();
    }

    /** Demand, a subscriber or the end arrived: become the emitter, or tell the one there is. */
    void signal() {
        synchronized (this) {
            if (emitting) {
                missed = true;
                return;
            }
            emitting = true;
        }
        emitLoop();
    }

    /** The emitter: batches out of the buffer while demand allows, then the end; gives up the role when idle. */
    @SuppressWarnings("unchecked")
    private void emitLoop() {
        for (;;) {
            Inner<T>[] subs;
            int n;
            Object end = null;
            synchronized (this) {
                subs = subscribers;
                n = take(subs);
                if (n == 0) {
                    if (terminal != null && buffer.isEmpty() && subs.length != 0) {
                        end = terminal;
                        subscribers = newArray(0); // they all get the end now; later ones get it as they come
                    } else if (!missed) {
                        emitting = false;
                        return;
                    }
                }
                missed = false;
            }
            for (int i = 0; i < n; i++) {
                T v = (T) batch[i];
                batch[i] = null;
                for (Inner<T> inner : subs) {
                    inner.next(v);
                }
            }
            if (end != null) {
                Throwable e = end == COMPLETE ? null : (Throwable) end;
                for (Inner<T> inner : subs) {
                    inner.terminate(e);
                }
            }
        }
    }

    /** Under the monitor: moves into the batch as many values as every subscriber can take, and books them. */
    private int take(Inner<T>[] subs) {
        long room = BATCH;
        for (Inner<T> inner : subs) {
            inner.reportBadRequest();
            room = Math.min(room, inner.requested());
        }
        if (subs.length == 0) {
            return 0;
        }
        int n = (int) Math.min(room, buffer.size());
        for (int i = 0; i < n; i++) {
            batch[i] = buffer.poll();
        }
        return n;
    }

    private static <T> boolean allHaveDemand(Inner<T>[] subs) {
        if (subs.length == 0) {
            return false; // warm-up: it waits in the buffer
        }
        for (Inner<T> inner : subs) {
            if (inner.requested() == 0) {
                return false;
            }
        }
        return true;
    }

    @SuppressWarnings("unchecked")
    private static <T> Inner<T>[] newArray(int n) {
        return (Inner<T>[]) new Inner<?>[n];
    }

    /** One subscriber of this sink (see {@link MulticastInner}). */
    static final class Inner<T> extends MulticastInner<T> {
        private final SinkMulticast<T> parent;

        Inner(Subscriber<? super T> downstream, SinkMulticast<T> parent) {
            super(downstream);
            this.parent = parent;
        }

        @Override
        void leave() {
            parent.remove(this);
        }

        @Override
        void signal() {
            parent.signal();
        }
    }
}
