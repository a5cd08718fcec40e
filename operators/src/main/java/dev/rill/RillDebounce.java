package dev.rill;

import dev.rill.engine.Cancellable;
import dev.rill.engine.Rejectable;
import dev.rill.engine.Scheduler;
import dev.rill.signal.Durations;
import dev.rill.signal.Handles;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.reactivestreams.Subscriber;

/**
 * {@code debounce(Duration)}: emits a value only once {@code timeout} has passed without another
 * value after it. Each value replaces the pending one and its timer (one wheel entry per value,
 * the previous one cancelled). On completion the pending value is emitted at once (or at the
 * first request, if there is no demand), then the completion; an error drops it.
 *
 * <p>Two timers can fire back to back (the second value's timer may be due while the first one's
 * emission is still running), so timers never emit themselves: a timer marks its value due and
 * calls the drain, and the drain takes the pending value with a CAS, so each value is emitted at
 * most once and never alongside another.
 */
final class RillDebounce<T> extends RillOperator<T, T> {

    private final Rill<? extends T> source;
    private final long nanos;
    private final Scheduler scheduler;

    RillDebounce(Rill<? extends T> source, Duration timeout, Scheduler scheduler) {
        this.source = source;
        this.nanos = Durations.positiveNanos("debounce", "timeout", timeout);
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    }

    @Override
    Rill<? extends T> source() {
        return source;
    }

    @Override
    Subscriber<? super T> subscribeOrReturn(Subscriber<? super T> s) {
        return new DebounceSubscriber<>(s, nanos, scheduler);
    }

    static final class DebounceSubscriber<T> extends TimeDrivenSubscriber<T, T> {
        private static final VarHandle PENDING = Handles.field(MethodHandles.lookup(), "pending", Pending.class);

        private final long nanos;
        private final Scheduler scheduler;
        /** The value waiting for quiet; replaced by the upstream, taken by the drain. */
        @SuppressWarnings("unused")
        private volatile Pending<T> pending;

        DebounceSubscriber(Subscriber<? super T> downstream, long nanos, Scheduler scheduler) {
            super(downstream, "debounce");
            this.nanos = nanos;
            this.scheduler = scheduler;
        }

        @Override
        @SuppressWarnings("unchecked")
        public void onNext(T t) {
            if (done) {
                return;
            }
            Pending<T> p = new Pending<>(t, this);
            Pending<T> old = (Pending<T>) PENDING.getAndSet(this, p);
            if (old != null) {
                old.stop();
            }
            try {
                p.timer = scheduler.schedule(p, nanos, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                failNow(e);
                return;
            }
            if (cancelled) {
                p.stop(); // cancel() ran while we scheduled: do not leave the entry on the wheel
            }
        }

        @Override
        @SuppressWarnings("unchecked")
        void pass() {
            boolean d = done; // before the read of pending: once done, every onNext's write is visible
            Pending<T> p = (Pending<T>) PENDING.getVolatile(this);
            if (d) {
                if (p == null || error != null) {
                    terminate();
                } else if (emitFinal(p.value)) {
                    PENDING.setRelease(this, null);
                }
                return;
            }
            if (p != null && p.due && PENDING.compareAndSet(this, p, null)) {
                emit(p.value);
            }
        }

        @Override
        @SuppressWarnings("unchecked")
        void stopTimers() {
            Pending<T> p = (Pending<T>) PENDING.getVolatile(this);
            if (p != null) {
                p.stop();
            }
        }

        @Override
        void clear() {
            PENDING.setRelease(this, null);
        }
    }

    /** One value and its timer; the timer's run marks it due; dropped unrun, it fails the stream. */
    static final class Pending<T> implements Rejectable {
        final T value;
        private final DebounceSubscriber<T> parent;
        volatile Cancellable timer;
        volatile boolean due;

        Pending(T value, DebounceSubscriber<T> parent) {
            this.value = value;
            this.parent = parent;
        }

        @Override
        public void run() {
            due = true;
            parent.drain();
        }

        @Override
        public void rejected(RejectedExecutionException cause) {
            parent.failNow(cause);
        }

        void stop() {
            Cancellable c = timer;
            if (c != null) {
                c.cancel();
            }
        }
    }
}
