package dev.rill;

import dev.rill.signal.CoreSubscriber;
import dev.rill.signal.Exceptions;
import dev.rill.signal.Hooks;
import dev.rill.signal.Subscriptions;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.locks.LockSupport;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;

/**
 * {@code toIterable}/{@code toStream}: each {@link #iterator()} subscribes, prefetches a batch into
 * an SPSC queue, and blocks the iterating thread in {@code hasNext()} until a value or the end
 * arrives; it requests more as the batch drains (after three quarters). An error is rethrown from
 * {@code hasNext()}. Never iterate on an engine worker: it blocks the thread.
 */
final class BlockingIterable<T> implements Iterable<T> {

    private final Publisher<? extends T> source;
    private final int prefetch;

    BlockingIterable(Publisher<? extends T> source, int prefetch) {
        if (prefetch <= 0) {
            throw new IllegalArgumentException("prefetch must be positive, was " + prefetch);
        }
        this.source = source;
        this.prefetch = prefetch;
    }

    @Override
    public Iterator<T> iterator() {
        IteratorSubscriber<T> it = new IteratorSubscriber<>(prefetch);
        source.subscribe(it);
        return it;
    }

    static final class IteratorSubscriber<T> implements CoreSubscriber<T>, Iterator<T>, AutoCloseable {
        private static final VarHandle UPSTREAM;

        static {
            try {
                UPSTREAM = MethodHandles.lookup().findVarHandle(IteratorSubscriber.class, "upstream",
                        Subscription.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private final Queue<T> queue;
        private final int prefetch;
        private final int limit;
        private int consumed;
        @SuppressWarnings("unused")
        private volatile Subscription upstream;
        private volatile boolean done;
        private Throwable error;
        private volatile Thread waiter;

        IteratorSubscriber(int prefetch) {
            this.queue = PrefetchQueues.spsc(prefetch);
            this.prefetch = prefetch;
            this.limit = prefetch - (prefetch >> 2);
        }

        @Override
        public void onSubscribe(Subscription s) {
            if (Subscriptions.setOnce(UPSTREAM, this, s)) {
                s.request(prefetch);
            }
        }

        @Override
        public void onNext(T t) {
            Objects.requireNonNull(t, "§2.13 violated: onNext(null)");
            if (!queue.offer(t)) {
                Subscriptions.cancel(UPSTREAM, this);
                onError(new IllegalStateException("toIterable: the source emitted more than requested"));
                return;
            }
            signal();
        }

        @Override
        public void onError(Throwable t) {
            Objects.requireNonNull(t, "§2.13 violated: onError(null)");
            if (done) {
                Hooks.onErrorDropped(t);
                return;
            }
            error = t;
            done = true;
            signal();
        }

        @Override
        public void onComplete() {
            done = true;
            signal();
        }

        private void signal() {
            Thread w = waiter;
            if (w != null) {
                LockSupport.unpark(w);
            }
        }

        @Override
        public boolean hasNext() {
            for (;;) {
                boolean d = done; // read before the queue: a value offered before `done` is seen
                if (!queue.isEmpty()) {
                    return true;
                }
                if (d) {
                    Throwable e = error;
                    if (e != null) {
                        Exceptions.throwIfFatal(e);
                        throw e instanceof RuntimeException re ? re : new RuntimeException(e);
                    }
                    return false;
                }
                BlockingGuard.check("iterating toIterable()/toStream()");
                waiter = Thread.currentThread();
                if (queue.isEmpty() && !done) {
                    LockSupport.park(this);
                }
                waiter = null;
                if (Thread.interrupted()) {
                    close();
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for the next value");
                }
            }
        }

        @Override
        public T next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            T v = queue.poll();
            if (++consumed == limit) {
                consumed = 0;
                ((Subscription) UPSTREAM.getVolatile(this)).request(limit);
            }
            return v;
        }

        /** Stops the subscription (a {@code toStream()} closes it this way). */
        @Override
        public void close() {
            Subscriptions.cancel(UPSTREAM, this);
        }
    }
}
