package dev.rill;

import dev.rill.engine.Budget;
import dev.rill.engine.Cancellable;
import dev.rill.engine.Rejectable;
import dev.rill.engine.Scheduler;
import dev.rill.signal.CoreSubscriber;
import dev.rill.signal.Durations;
import dev.rill.signal.Handles;
import dev.rill.signal.Subscriptions;
import dev.rill.signal.Wip;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.jctools.queues.SpscUnboundedArrayQueue;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * {@code delaySequence}: every signal of the source, values, completion and error alike, shifted
 * later by the same delay, so the gaps between them are kept (Reactor's {@code
 * Flux.delaySequence}). Requests pass straight up: a value goes down at most that long after the
 * upstream sent it, which it did on demand.
 *
 * <p>Each signal waits in an SPSC queue with the time it is due (one small node per signal, as
 * Reactor's one task per signal); one timer at a time, armed for the head of the queue, runs the
 * serialized drain, which emits everything due (spending {@link Budget} units; out of budget it
 * continues in a fresh task) and re-arms for the next head. One timer keeps the order whatever
 * order a scheduler gives timers that are due at the same moment.
 *
 * <p>Threading: upstream signals serialized (the producer side of the queue); timers on the
 * scheduler's threads; {@code request}/{@code cancel} from any thread; the drain on whichever
 * thread wins the counter.
 */
final class RillDelaySequence<T> extends RillOperator<T, T> {

    private final Rill<? extends T> source;
    private final long nanos;
    private final Scheduler scheduler;

    RillDelaySequence(Rill<? extends T> source, Duration delay, Scheduler scheduler) {
        this.nanos = Durations.nonNegativeNanos("delaySequence", "delay", delay);
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.source = source;
    }

    @Override
    Rill<? extends T> source() {
        return source;
    }

    @Override
    Subscriber<? super T> subscribeOrReturn(Subscriber<? super T> s) {
        return new DelaySubscriber<>(s, nanos, scheduler);
    }

    /** A signal and when it is due; {@code value} null for the end ({@code error} null to complete). */
    record Due(Object value, Throwable error, long at) {
    }

    static final class DelaySubscriber<T> implements CoreSubscriber<T>, Subscription, Rejectable {
        private static final VarHandle WIP = Handles.field(MethodHandles.lookup(), "wip", int.class);

        private final Subscriber<? super T> downstream;
        private final long nanos;
        private final Scheduler scheduler;
        private final Queue<Due> queue = new SpscUnboundedArrayQueue<>(16);

        private Subscription upstream;
        @SuppressWarnings("unused")
        private volatile int wip;
        private volatile boolean cancelled;
        /** A timer (or a continuation) is scheduled and has not run yet. */
        private volatile boolean armed;
        private volatile Cancellable timer;
        /** A timer the scheduler will never run: the drain fails the stream with it. */
        private volatile Throwable timerFailure;
        /** Drain-owned: the end went down. */
        private boolean terminated;

        DelaySubscriber(Subscriber<? super T> downstream, long nanos, Scheduler scheduler) {
            this.downstream = downstream;
            this.nanos = nanos;
            this.scheduler = scheduler;
        }

        @Override
        public void onSubscribe(Subscription s) {
            if (Subscriptions.validate(upstream, s)) {
                upstream = s;
                downstream.onSubscribe(this);
            }
        }

        private long dueAt() {
            long now = scheduler.now(TimeUnit.NANOSECONDS);
            long at = now + nanos;
            return at < now ? Long.MAX_VALUE : at; // a delay of "forever"
        }

        @Override
        public void onNext(T t) {
            queue.offer(new Due(t, null, dueAt()));
            drain();
        }

        @Override
        public void onError(Throwable t) {
            queue.offer(new Due(null, t, dueAt()));
            drain();
        }

        @Override
        public void onComplete() {
            queue.offer(new Due(null, null, dueAt()));
            drain();
        }

        @Override
        public void request(long n) {
            upstream.request(n);
        }

        @Override
        public void cancel() {
            if (!cancelled) {
                cancelled = true;
                upstream.cancel();
                Cancellable c = timer;
                if (c != null) {
                    c.cancel();
                }
                drain(); // whoever holds the counter drops the queue
            }
        }

        /** The timer: what is due now goes down. */
        @Override
        public void run() {
            armed = false;
            drain();
        }

        @Override
        public void rejected(RejectedExecutionException cause) {
            timerFailure = cause;
            armed = false;
            drain();
        }

        private void drain() {
            if (!Wip.enter(WIP, this)) {
                return;
            }
            int missed = 1;
            do {
                if (cancelled || terminated) {
                    queue.clear();
                } else {
                    emitDue();
                }
            } while ((missed = Wip.leave(WIP, this, missed)) != 0);
        }

        /** Holds the counter: emits what is due, then arms a timer for the next one. */
        @SuppressWarnings("unchecked")
        private void emitDue() {
            Throwable tf = timerFailure;
            if (tf != null) {
                terminated = true;
                upstream.cancel();
                queue.clear();
                downstream.onError(tf);
                return;
            }
            long now = scheduler.now(TimeUnit.NANOSECONDS);
            int left = 0;
            Due d;
            while ((d = queue.peek()) != null && d.at() <= now) {
                if (left == 0 && (left = Budget.claim(Budget.PER_RUN)) == 0) {
                    arm(0); // out of budget: the rest in a fresh run
                    return;
                }
                left--;
                queue.poll();
                if (d.value() != null) {
                    downstream.onNext((T) d.value());
                    if (cancelled) {
                        return;
                    }
                    continue;
                }
                terminated = true;
                if (d.error() != null) {
                    downstream.onError(d.error());
                } else {
                    downstream.onComplete();
                }
                return;
            }
            if (d != null && !armed) {
                arm(d.at() == Long.MAX_VALUE ? Long.MAX_VALUE : d.at() - now);
            }
        }

        private void arm(long delay) {
            armed = true;
            try {
                timer = delay == 0 ? scheduler.schedule(this) : scheduler.schedule(this, delay, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                timerFailure = e;
                armed = false;
                Wip.enter(WIP, this); // a missed round: the drain fails the stream
            }
        }
    }
}
