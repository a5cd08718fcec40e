package dev.rill;

import dev.rill.engine.Scheduler;
import dev.rill.signal.Durations;
import dev.rill.signal.Handles;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Objects;
import org.reactivestreams.Subscriber;

/**
 * {@code sample(Duration)}: at the end of every period, emits the latest value seen in it (nothing
 * if none came). When the upstream completes, the value of the unfinished period is emitted before
 * the completion (as soon as there is demand for it), as Reactor does; an error drops it.
 *
 * <p>The upstream writes the latest value into one field; the periodic timer only raises a flag
 * and calls the drain, which swaps the field to null and emits what it took. So a value is emitted
 * at most once however the tick and the upstream race.
 */
final class RillSample<T> extends RillOperator<T, T> {

    private final Rill<? extends T> source;
    private final long nanos;
    private final Scheduler scheduler;

    RillSample(Rill<? extends T> source, Duration period, Scheduler scheduler) {
        this.source = source;
        this.nanos = Durations.positiveNanos("sample", "period", period);
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    }

    @Override
    Rill<? extends T> source() {
        return source;
    }

    @Override
    Subscriber<? super T> subscribeOrReturn(Subscriber<? super T> s) {
        return new SampleSubscriber<>(s, nanos, scheduler);
    }

    static final class SampleSubscriber<T> extends TimeDrivenSubscriber<T, T> {
        private static final VarHandle LATEST = Handles.field(MethodHandles.lookup(), "latest", Object.class);

        private final long nanos;
        private final Scheduler scheduler;
        @SuppressWarnings("unused")
        private volatile Object latest;
        /** Raised by the timer, lowered by the drain before it takes the value. */
        private volatile boolean tick;

        SampleSubscriber(Subscriber<? super T> downstream, long nanos, Scheduler scheduler) {
            super(downstream, "sample");
            this.nanos = nanos;
            this.scheduler = scheduler;
        }

        @Override
        void onStart() {
            startPeriodic(scheduler, nanos, this::onTick);
        }

        private void onTick() {
            tick = true;
            drain();
        }

        @Override
        public void onNext(T t) {
            LATEST.setRelease(this, t); // release: the drain's getAndSet sees a whole value
        }

        @Override
        @SuppressWarnings("unchecked")
        void pass() {
            if (tick) {
                tick = false;
                Object v = LATEST.getAndSet(this, null);
                if (v != null && !emit((T) v)) {
                    return;
                }
            }
            if (done) { // read before the last look: the upstream wrote its last value before done
                if (error != null) {
                    terminate();
                    return;
                }
                T v = (T) LATEST.getAcquire(this);
                if (v == null) {
                    terminate();
                } else if (emitFinal(v)) {
                    LATEST.setRelease(this, null);
                }
            }
        }

        @Override
        void clear() {
            LATEST.setRelease(this, null);
        }
    }
}
