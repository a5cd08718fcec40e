package dev.rill;

import dev.rill.engine.Scheduler;
import dev.rill.signal.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jctools.queues.MpscUnboundedXaddArrayQueue;
import org.reactivestreams.Subscriber;

/**
 * {@code buffer(Duration)}: at the end of every period, emits the list of values that arrived in
 * it, empty if none did (a list per period, like RxJava's). When the upstream completes, the
 * unfinished period's list is emitted if it holds anything (as soon as there is demand for it),
 * then the completion.
 *
 * <p>The upstream and the periodic timer feed one MPSC queue (JCTools): values, and a marker per
 * tick. The queue's order decides which period a value racing with a tick belongs to, and only the
 * drain touches the list, so there is no lock and no copy: each list is built once and handed on.
 */
final class RillBufferTimed<T> extends RillOperator<T, List<T>> {

    private final Rill<? extends T> source;
    private final long nanos;
    private final Scheduler scheduler;

    RillBufferTimed(Rill<? extends T> source, Duration period, Scheduler scheduler) {
        this.source = source;
        this.nanos = Durations.positiveNanos("buffer", "period", period);
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    }

    @Override
    Rill<? extends T> source() {
        return source;
    }

    @Override
    Subscriber<? super T> subscribeOrReturn(Subscriber<? super List<T>> s) {
        return new BufferTimedSubscriber<>(s, nanos, scheduler);
    }

    static final class BufferTimedSubscriber<T> extends TimeDrivenSubscriber<T, List<T>> {
        private static final Object TICK = new Object();

        private final long nanos;
        private final Scheduler scheduler;
        private final MpscUnboundedXaddArrayQueue<Object> queue = new MpscUnboundedXaddArrayQueue<>(64);
        /** Drain-owned: the current period's values. */
        private List<T> buffer = new ArrayList<>();

        BufferTimedSubscriber(Subscriber<? super List<T>> downstream, long nanos, Scheduler scheduler) {
            super(downstream, "buffer");
            this.nanos = nanos;
            this.scheduler = scheduler;
        }

        @Override
        void onStart() {
            startPeriodic(scheduler, nanos, this::onTick);
        }

        private void onTick() {
            queue.offer(TICK);
            drain();
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
                        List<T> b = buffer;
                        if (error != null || b.isEmpty()) {
                            terminate();
                        } else {
                            emitFinal(b); // or wait for a request
                        }
                    }
                    return;
                }
                if (o == TICK) {
                    List<T> b = buffer;
                    buffer = new ArrayList<>();
                    if (!emit(b)) {
                        return;
                    }
                } else {
                    buffer.add((T) o);
                }
            }
        }

        @Override
        void clear() {
            queue.clear();
            buffer = null; // no pass runs after the stream is over
        }
    }
}
