package dev.rill;

import dev.rill.signal.CoreSubscriber;
import dev.rill.signal.Handles;
import dev.rill.signal.Hooks;
import dev.rill.signal.Subscriptions;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jctools.queues.MpscUnboundedXaddArrayQueue;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * {@code buffer(Publisher)}: each signal of the boundary emits the values gathered since the
 * previous one, as Reactor's does: an empty list is not emitted. When the boundary completes, the
 * source is cancelled and the stream completes after the unfinished list; when the source
 * completes, the boundary is cancelled likewise. An error of either fails the stream and cancels
 * the other. Both are asked for everything; a list due without demand fails the stream (as in
 * Reactor), the last one waits for a request.
 *
 * <p>Values and boundary signals meet in one MPSC queue (JCTools), as in {@code buffer(Duration)}:
 * the queue's order decides which list a value racing with a boundary signal belongs to.
 *
 * <p>Threading: upstream and boundary signals each serialized, concurrent with each other;
 * request/cancel from any thread; the list belongs to the drain.
 */
final class RillBufferBoundary<T> extends RillOperator<T, List<T>> {

    private final Rill<? extends T> source;
    private final Publisher<?> boundary;

    RillBufferBoundary(Rill<? extends T> source, Publisher<?> boundary) {
        this.source = source;
        this.boundary = Objects.requireNonNull(boundary, "boundary");
    }

    @Override
    Rill<? extends T> source() {
        return source;
    }

    @Override
    Subscriber<? super T> subscribeOrReturn(Subscriber<? super List<T>> s) {
        return new BufferBoundarySubscriber<>(s, boundary);
    }

    static final class BufferBoundarySubscriber<T> extends TimeDrivenSubscriber<T, List<T>> {
        /** A boundary signal in the queue. */
        private static final Object BOUNDARY = new Object();
        /** The boundary's completion in the queue. */
        private static final Object END = new Object();

        private final Publisher<?> boundary;
        private final MpscUnboundedXaddArrayQueue<Object> queue = new MpscUnboundedXaddArrayQueue<>(64);
        private final Boundary other = new Boundary(this);
        // Drain-owned.
        private List<T> buffer = new ArrayList<>();
        /** The boundary completed: the source is cancelled, late values are dropped. */
        private boolean ended;

        BufferBoundarySubscriber(Subscriber<? super List<T>> downstream, Publisher<?> boundary) {
            super(downstream, "buffer");
            this.boundary = boundary;
        }

        @Override
        void onStart() {
            boundary.subscribe(other);
        }

        @Override
        public void onNext(T t) {
            if (!done) {
                queue.offer(t);
                drain();
            }
        }

        private void signal(Object marker) {
            queue.offer(marker);
            drain();
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
                    }
                    return;
                }
                if (o == BOUNDARY) {
                    List<T> b = buffer;
                    if (!b.isEmpty()) {
                        buffer = new ArrayList<>();
                        if (!emit(b)) {
                            return;
                        }
                    }
                } else if (o == END) {
                    ended = true;
                    cancelUpstream();
                    done = true; // the stream ends here: the source's own end, if it comes, is ignored
                    finish();
                    return;
                } else if (!ended) {
                    buffer.add((T) o);
                }
            }
        }

        private void finish() {
            List<T> b = buffer;
            if (error != null || b.isEmpty()) {
                terminate();
            } else {
                emitFinal(b); // or wait for a request
            }
        }

        @Override
        void stopTimers() {
            other.cancel();
        }

        @Override
        void clear() {
            queue.clear();
            buffer = null; // no pass runs after the stream is over
        }

        /** The boundary's subscriber: everything asked for, each signal a marker in the queue. */
        private static final class Boundary implements CoreSubscriber<Object> {
            private static final VarHandle UPSTREAM = Handles.field(MethodHandles.lookup(), "upstream", Subscription.class);

            private final BufferBoundarySubscriber<?> parent;
            @SuppressWarnings("unused")
            private volatile Subscription upstream;

            Boundary(BufferBoundarySubscriber<?> parent) {
                this.parent = parent;
            }

            @Override
            public void onSubscribe(Subscription s) {
                if (Subscriptions.setOnce(UPSTREAM, this, s)) {
                    s.request(Long.MAX_VALUE);
                }
            }

            @Override
            public void onNext(Object o) {
                parent.signal(BOUNDARY);
            }

            @Override
            public void onError(Throwable t) {
                if (parent.cancelled) {
                    Hooks.onErrorDropped(t); // the stream is over: nobody to tell
                } else {
                    parent.failNow(t);
                }
            }

            @Override
            public void onComplete() {
                parent.signal(END);
            }

            void cancel() {
                Subscriptions.cancel(UPSTREAM, this);
            }
        }
    }
}
