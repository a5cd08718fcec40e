package dev.rill;

import dev.rill.engine.Cancellable;
import dev.rill.engine.Rejectable;
import dev.rill.engine.Scheduler;
import dev.rill.signal.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.jctools.queues.MpscUnboundedXaddArrayQueue;
import org.reactivestreams.Subscriber;

/**
 * {@code bufferTimeout(maxSize, maxTime)}: a list goes down when it holds {@code maxSize} values
 * or when {@code maxTime} has passed since its first value, whichever comes first (Reactor's
 * {@code bufferTimeout}). A list's timer starts with its first value, so no list is ever empty,
 * and a list that fills first cancels its timer: one timer per list, not per value. The
 * unfinished list goes down when the upstream completes, once there is demand for it.
 *
 * <p>Demand, as Reactor's: the upstream owes at most {@code maxSize} values per list asked for
 * and not delivered, less what the open list holds; each request tops it up to that. A list that
 * is due (full, or its time up) with no demand for it fails the stream, as in Reactor.
 *
 * <p>Values and timeouts meet in one MPSC queue (JCTools); each timer is its own marker, so a
 * timeout that lost the race with the list's last value finds its list gone and is ignored.
 *
 * <p>Threading: upstream signals serialized; timers on the scheduler's threads; request/cancel
 * from any thread; the list, the count of requests made and the timer belong to the drain.
 */
final class RillBufferTimeout<T> extends RillOperator<T, List<T>> {

    private final Rill<? extends T> source;
    private final int maxSize;
    private final long nanos;
    private final Scheduler scheduler;

    RillBufferTimeout(Rill<? extends T> source, int maxSize, Duration maxTime, Scheduler scheduler) {
        if (maxSize <= 0) {
            throw new IllegalArgumentException("bufferTimeout: maxSize must be positive, was " + maxSize);
        }
        this.source = source;
        this.maxSize = maxSize;
        this.nanos = Durations.positiveNanos("bufferTimeout", "maxTime", maxTime);
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    }

    @Override
    Rill<? extends T> source() {
        return source;
    }

    @Override
    Subscriber<? super T> subscribeOrReturn(Subscriber<? super List<T>> s) {
        return new BufferTimeoutSubscriber<>(s, maxSize, nanos, scheduler);
    }

    static final class BufferTimeoutSubscriber<T> extends TimeDrivenSubscriber<T, List<T>> {
        private final int maxSize;
        private final long nanos;
        private final Scheduler scheduler;
        private final MpscUnboundedXaddArrayQueue<Object> queue = new MpscUnboundedXaddArrayQueue<>(64);
        /** The open list's timer, for a cancel from any thread. */
        private volatile Cancellable timer;
        // Drain-owned.
        private List<T> buffer;
        /** The open list's timeout marker; any other one that comes out of the queue is stale. */
        private Timeout timeout;
        /** Values asked of the upstream, and received, in total; unbounded once it saturated. */
        private long upstreamRequested;
        private long received;
        private boolean unbounded;

        BufferTimeoutSubscriber(Subscriber<? super List<T>> downstream, int maxSize, long nanos, Scheduler scheduler) {
            super(downstream, "bufferTimeout");
            this.maxSize = maxSize;
            this.nanos = nanos;
            this.scheduler = scheduler;
        }

        @Override
        boolean requestsAll() {
            return false;
        }

        @Override
        public void onNext(T t) {
            if (!done) {
                queue.offer(t);
                drain();
            }
        }

        @Override
        @SuppressWarnings("unchecked")
        void pass() {
            for (;;) {
                boolean d = done; // before the poll: once done, every value is in the queue
                Object o = queue.poll();
                if (o == null) {
                    if (d) {
                        finish();
                    } else {
                        topUp();
                    }
                    return;
                }
                if (o instanceof Timeout) {
                    if (o == timeout && !flush()) {
                        return;
                    }
                    continue;
                }
                received++;
                List<T> b = buffer;
                if (b == null) {
                    b = new ArrayList<>(Math.min(maxSize, PrefetchQueues.EXACT));
                    buffer = b;
                    if (!arm()) {
                        return;
                    }
                }
                b.add((T) o);
                if (b.size() == maxSize && !flush()) {
                    return;
                }
            }
        }

        /** Emits the open list and stops its timer; false if the stream is over. */
        private boolean flush() {
            List<T> b = buffer;
            buffer = null;
            timeout = null;
            Cancellable c = timer;
            if (c != null) {
                c.cancel(); // the list's timer, mostly still pending: the cheap cancel path
            }
            return emit(b);
        }

        /** Starts the new list's timer; false if the scheduler refused it (the stream then fails). */
        private boolean arm() {
            Timeout t = new Timeout(this);
            timeout = t;
            try {
                timer = scheduler.schedule(t, nanos, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                failNow(e); // the drain's next pass fails the stream
                return false;
            }
            if (cancelled) {
                stopTimers(); // cancelled while the timer was being armed
            }
            return true;
        }

        /** The upstream owes up to {@code maxSize} values per list still owed, less the open list. */
        private void topUp() {
            if (unbounded) {
                return;
            }
            long owed = requested() - emitted;
            long capacity = owed > Long.MAX_VALUE / maxSize ? Long.MAX_VALUE : owed * maxSize;
            if (capacity == Long.MAX_VALUE) {
                unbounded = true;
                requestUpstream(Long.MAX_VALUE);
                return;
            }
            List<T> b = buffer;
            long want = capacity - (b == null ? 0 : b.size()) - (upstreamRequested - received);
            if (want > 0) {
                upstreamRequested += want;
                requestUpstream(want);
            }
        }

        private void finish() {
            List<T> b = buffer;
            if (error != null || b == null) {
                terminate();
            } else {
                emitFinal(b); // or wait for a request
            }
        }

        @Override
        void stopTimers() {
            Cancellable c = timer;
            if (c != null) {
                c.cancel();
            }
        }

        @Override
        void clear() {
            queue.clear();
            buffer = null; // no pass runs after the stream is over
        }

        /** One list's timer, and its marker in the queue. */
        private static final class Timeout implements Rejectable {
            private final BufferTimeoutSubscriber<?> parent;

            Timeout(BufferTimeoutSubscriber<?> parent) {
                this.parent = parent;
            }

            @Override
            public void run() {
                parent.queue.offer(this);
                parent.drain();
            }

            @Override
            public void rejected(RejectedExecutionException cause) {
                parent.failNow(cause);
            }
        }
    }
}
