package dev.rill.publishers;

import dev.rill.signal.Demand;
import dev.rill.signal.Exceptions;
import dev.rill.signal.Hooks;
import dev.rill.signal.Subscriptions;
import dev.rill.signal.Wip;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.jctools.queues.MpscUnboundedXaddArrayQueue;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * Bridges push-style code (listeners, callbacks) into a stream: for each subscriber, calls the
 * given function with an {@link Emitter}; values pushed from any thread go through a JCTools MPSC
 * queue and one serialized drain, which delivers them as demand allows and applies the
 * {@link Emitter.Overflow} strategy to the rest.
 *
 * <pre>{@code new CreatePublisher<String>(e -> { e.next("a"); e.complete(); }, Emitter.Overflow.BUFFER)}</pre>
 *
 * <p>A function that throws fails the stream. Cancel and dispose callbacks run once each.
 */
public final class CreatePublisher<T> implements Publisher<T> {

    private final Consumer<? super Emitter<T>> source;
    private final Emitter.Overflow overflow;

    /** @throws NullPointerException if an argument is null */
    public CreatePublisher(Consumer<? super Emitter<T>> source, Emitter.Overflow overflow) {
        this.source = Objects.requireNonNull(source, "emitter function");
        this.overflow = Objects.requireNonNull(overflow, "overflow strategy");
    }

    @Override
    public void subscribe(Subscriber<? super T> s) {
        Objects.requireNonNull(s, "§1.9: subscriber must not be null");
        CreateEmitter<T> e = new CreateEmitter<>(s, overflow);
        s.onSubscribe(e);
        try {
            source.accept(e);
        } catch (Throwable ex) {
            Exceptions.throwIfFatal(ex);
            e.error(ex);
        }
    }

    static final class CreateEmitter<T> implements Emitter<T>, Subscription {
        private static final VarHandle REQUESTED;
        private static final VarHandle WIP;
        private static final VarHandle DISPOSED;

        static {
            try {
                MethodHandles.Lookup l = MethodHandles.lookup();
                REQUESTED = l.findVarHandle(CreateEmitter.class, "requested", long.class);
                WIP = l.findVarHandle(CreateEmitter.class, "wip", int.class);
                DISPOSED = l.findVarHandle(CreateEmitter.class, "disposed", boolean.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private final Subscriber<? super T> downstream;
        private final Emitter.Overflow overflow;
        private final MpscUnboundedXaddArrayQueue<T> queue = new MpscUnboundedXaddArrayQueue<>(64);
        @SuppressWarnings("unused")
        private volatile long requested;
        @SuppressWarnings("unused")
        private volatile int wip;
        private volatile boolean done;
        private Throwable error;
        private volatile boolean cancelled;
        @SuppressWarnings("unused")
        private volatile boolean disposed;
        private volatile Runnable onCancel;
        private volatile LongConsumer onRequest;
        private volatile Runnable onDispose;
        private volatile IllegalArgumentException badRequest;
        /** Drain-owned: the value kept by LATEST while there is no demand. */
        private T latest;

        CreateEmitter(Subscriber<? super T> downstream, Emitter.Overflow overflow) {
            this.downstream = downstream;
            this.overflow = overflow;
        }

        @Override
        public void next(T value) {
            if (value == null) {
                error(new NullPointerException("create: next(null)"));
                return;
            }
            if (done || cancelled) {
                return;
            }
            queue.offer(value);
            drain();
        }

        @Override
        public void complete() {
            if (done || cancelled) {
                return;
            }
            done = true;
            drain();
        }

        @Override
        public void error(Throwable e) {
            Objects.requireNonNull(e, "create: error(null)");
            if (done || cancelled) {
                Hooks.onErrorDropped(e);
                return;
            }
            error = e;
            done = true;
            drain();
        }

        @Override
        public long requested() {
            return (long) REQUESTED.getVolatile(this);
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }

        @Override
        public void onRequest(LongConsumer consumer) {
            onRequest = Objects.requireNonNull(consumer, "consumer");
        }

        @Override
        public void onCancel(Runnable action) {
            onCancel = Objects.requireNonNull(action, "action");
            if (cancelled) {
                runOnce(action);
            }
        }

        @Override
        public void onDispose(Runnable action) {
            onDispose = Objects.requireNonNull(action, "action");
            if ((boolean) DISPOSED.getVolatile(this)) {
                runOnce(action);
            }
        }

        @Override
        public void request(long n) {
            if (!Demand.isValid(n)) {
                badRequest = Demand.nonPositive(n); // delivered by the drain, in sequence (§1.3)
                drain();
                return;
            }
            Demand.add(REQUESTED, this, n);
            drain();
            LongConsumer r = onRequest;
            if (r != null && !cancelled) {
                try {
                    r.accept(n);
                } catch (Throwable e) {
                    Exceptions.throwIfFatal(e);
                    error(e);
                }
            }
        }

        @Override
        public void cancel() {
            if (cancelled) {
                return;
            }
            cancelled = true;
            Runnable c = onCancel;
            if (c != null) {
                runOnce(c);
            }
            dispose();
            drain(); // empties the queue on the drain's thread
        }

        private void dispose() {
            if (DISPOSED.compareAndSet(this, false, true)) {
                Runnable d = onDispose;
                if (d != null) {
                    runOnce(d);
                }
            }
        }

        private static void runOnce(Runnable r) {
            try {
                r.run();
            } catch (Throwable e) {
                Exceptions.throwIfFatal(e);
                Hooks.onErrorDropped(e);
            }
        }

        private void drain() {
            if (!Wip.enter(WIP, this)) {
                return;
            }
            int missed = 1;
            Subscriber<? super T> a = downstream;
            for (;;) {
                if (rejectBadRequest()) {
                    return;
                }
                while ((long) REQUESTED.getVolatile(this) != 0) {
                    if (cancelled || rejectBadRequest()) {
                        clear();
                        return;
                    }
                    boolean d = done;
                    T v = latest;
                    if (v != null) {
                        latest = null;
                    } else {
                        v = queue.poll();
                    }
                    if (v == null) {
                        if (d) {
                            terminate();
                            return;
                        }
                        break;
                    }
                    // Count it before onNext: a producer reacting to a request made inside onNext
                    // must see the demand that is really left.
                    Demand.produced(REQUESTED, this, 1);
                    a.onNext(v);
                }
                if (cancelled) {
                    clear();
                    return;
                }
                if ((long) REQUESTED.getVolatile(this) == 0 && !queue.isEmpty() && !applyOverflow()) {
                    return;
                }
                if (done && latest == null && queue.isEmpty()) {
                    terminate();
                    return;
                }
                missed = Wip.leave(WIP, this, missed);
                if (missed == 0) {
                    return;
                }
            }
        }

        /**
         * No demand and values waiting: what the overflow strategy does with them. False if it
         * ended the stream (ERROR).
         */
        private boolean applyOverflow() {
            switch (overflow) {
                case DROP -> {
                    while (queue.poll() != null) {
                        // no demand: dropped
                    }
                }
                case LATEST -> {
                    for (T v; (v = queue.poll()) != null; ) {
                        latest = v;
                    }
                }
                case ERROR -> {
                    clear();
                    cancelled = true;
                    dispose();
                    downstream.onError(new IllegalStateException(
                            "create: a value was pushed with no demand left (overflow strategy ERROR)"));
                    return false;
                }
                case BUFFER -> {
                    // keep them for the next request
                }
            }
            return true;
        }

        /** §3.9: a non-positive request cancels the producer and fails the stream. */
        private boolean rejectBadRequest() {
            IllegalArgumentException bad = badRequest;
            if (bad == null || cancelled) {
                return false;
            }
            clear();
            cancelled = true;
            Runnable c = onCancel;
            if (c != null) {
                runOnce(c);
            }
            dispose();
            downstream.onError(bad);
            return true;
        }

        private void terminate() {
            cancelled = true;
            dispose();
            Throwable ex = error;
            if (ex != null) {
                downstream.onError(ex);
            } else {
                downstream.onComplete();
            }
        }

        private void clear() {
            latest = null;
            queue.clear();
        }
    }
}
