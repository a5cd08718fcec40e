package dev.rill;

import dev.rill.signal.Exceptions;
import dev.rill.signal.Handles;
import dev.rill.signal.Hooks;
import dev.rill.signal.Subscriptions;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.Queue;
import java.util.function.Consumer;
import org.jctools.queues.MpmcUnboundedXaddArrayQueue;
import org.jctools.queues.SpscUnboundedArrayQueue;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * {@code onBackpressureBuffer}: requests everything from the upstream and keeps what the
 * downstream has not asked for yet, without bound or up to {@code capacity} values with an
 * {@link BufferOverflow} strategy. An upstream error is delivered after the buffered values.
 *
 * <p>The buffer is a JCTools SPSC unbounded queue (the upstream offers, the drain polls), except
 * for {@link BufferOverflow#DROP_OLDEST}, where the producer must take the oldest value out too:
 * there it is an MPMC queue. The bound is kept by a separate counter, so it is exact.
 *
 * <p>Threading: upstream signals on one thread at a time; request/cancel from any thread; the
 * drain runs on whichever side wins the counter.
 */
final class RillOnBackpressureBuffer<T> extends RillOperator<T, T> {

    private final Rill<? extends T> source;
    private final int capacity;
    private final BufferOverflow overflow;
    private final Consumer<? super T> onOverflow;

    RillOnBackpressureBuffer(Rill<? extends T> source, int capacity, BufferOverflow overflow,
                                    Consumer<? super T> onOverflow) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("onBackpressureBuffer: capacity must be positive, was " + capacity);
        }
        this.source = source;
        this.capacity = capacity;
        this.overflow = Objects.requireNonNull(overflow, "overflow");
        this.onOverflow = onOverflow;
    }

    @Override
    Rill<? extends T> source() {
        return source;
    }

    @Override
    Subscriber<? super T> subscribeOrReturn(Subscriber<? super T> s) {
        return new BufferSubscriber<>(s, capacity, overflow, onOverflow);
    }

    static final class BufferSubscriber<T> extends QueueDrainSubscriber<T> {
        private static final VarHandle SIZE = Handles.field(MethodHandles.lookup(), "size", int.class);

        private final int capacity;
        private final BufferOverflow overflow;
        private final Consumer<? super T> onOverflow;
        private final Queue<T> queue;

        /** Values in the queue: incremented by the producer before it offers, decremented by the taker. */
        @SuppressWarnings("unused")
        private volatile int size;

        BufferSubscriber(Subscriber<? super T> downstream, int capacity, BufferOverflow overflow, Consumer<? super T> onOverflow) {
            super(downstream);
            this.capacity = capacity;
            this.overflow = overflow;
            this.onOverflow = onOverflow;
            this.queue = overflow == BufferOverflow.DROP_OLDEST
                    ? new MpmcUnboundedXaddArrayQueue<>(Math.min(capacity, 1024))
                    : new SpscUnboundedArrayQueue<>(Math.min(capacity, 1024));
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
            if (done) {
                return;
            }
            if ((int) SIZE.getAndAdd(this, 1) >= capacity) {
                SIZE.getAndAdd(this, -1);
                T dropped;
                switch (overflow) {
                    case DROP_LATEST -> dropped = t;
                    case DROP_OLDEST -> {
                        dropped = queue.poll();
                        if (dropped != null) {
                            SIZE.getAndAdd(this, -1);
                        }
                        SIZE.getAndAdd(this, 1);
                        queue.offer(t);
                    }
                    default -> {
                        upstream.cancel();
                        onError(new IllegalStateException("onBackpressureBuffer: the buffer of " + capacity + " is full"));
                        dropOverflow(t);
                        return;
                    }
                }
                if (dropped != null) {
                    dropOverflow(dropped);
                }
            } else {
                queue.offer(t);
            }
            signal();
        }

        private void dropOverflow(T t) {
            if (onOverflow == null) {
                return;
            }
            try {
                onOverflow.accept(t);
            } catch (Throwable e) {
                Exceptions.throwIfFatal(e);
                Hooks.onErrorDropped(e);
            }
        }

        @Override
        void clear() {
            queue.clear();
        }

        @Override
        void startDrain() {
            int missed = 1;
            Subscriber<? super T> a = downstream;
            for (;;) {
                long r = requested();
                long e = emitted;
                while (e != r) {
                    boolean d = done;
                    T v = queue.poll();
                    if (terminated(d, v == null)) {
                        return;
                    }
                    if (v == null) {
                        break;
                    }
                    SIZE.getAndAdd(this, -1);
                    a.onNext(v);
                    e++;
                }
                if (e == r && terminated(done, queue.isEmpty())) {
                    return;
                }
                emitted = e;
                missed = leave(missed);
                if (missed == 0) {
                    return;
                }
            }
        }
    }
}
