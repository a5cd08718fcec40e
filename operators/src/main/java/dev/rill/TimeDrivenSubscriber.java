package dev.rill;

import dev.rill.engine.Cancellable;
import dev.rill.engine.Rejectable;
import dev.rill.engine.Scheduler;
import dev.rill.signal.CoreSubscriber;
import dev.rill.signal.Demand;
import dev.rill.signal.Handles;
import dev.rill.signal.Hooks;
import dev.rill.signal.Subscriptions;
import dev.rill.signal.Wip;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * The base of the stages whose output is paced by a clock rather than by demand ({@code sample},
 * {@code debounce}, {@code buffer(Duration)}, {@code bufferTimeout}, and {@code buffer(Publisher)}
 * whose boundary is its clock): they request everything upstream (but {@code bufferTimeout}, see
 * {@link #requestsAll()}), keep what they hold in state that timers and the upstream both touch,
 * and emit only from one serialized drain.
 * A timer that fires and an upstream signal that arrives at the same moment both call {@link
 * #drain()}; the counter makes one of them run {@link #pass()} for both, so no two emissions
 * overlap (§1.3) and a terminal signal never overtakes a value that was due before it.
 *
 * <p>A clock cannot wait for requests: a timed emission that finds no demand cancels the stream
 * and fails it with an {@link IllegalStateException}, as Reactor and RxJava do for these
 * operators. What is left when the upstream completes has no clock behind it, so it waits for a
 * request instead ({@link #emitFinal}).
 *
 * <p>Threading: upstream signals serialized; timers on the scheduler's threads; {@code
 * request}/{@code cancel} from any thread; {@link #pass()} and {@link #emitted} belong to the drain.
 */
abstract class TimeDrivenSubscriber<T, R> implements CoreSubscriber<T>, Subscription {
    private static final VarHandle UPSTREAM = Handles.field(MethodHandles.lookup(), "upstream", Subscription.class);
    private static final VarHandle WIP = Handles.field(MethodHandles.lookup(), "wip", int.class);
    private static final VarHandle REQUESTED = Handles.field(MethodHandles.lookup(), "requested", long.class);

    final Subscriber<? super R> downstream;
    private final String name;
    @SuppressWarnings("unused")
    private volatile Subscription upstream;
    @SuppressWarnings("unused")
    private volatile int wip;
    @SuppressWarnings("unused")
    private volatile long requested;
    /** Written after {@link #error}: a drain that reads {@code done} sees the error too. */
    volatile boolean done;
    Throwable error;
    /** Set once the stream is over for the drain: cancelled, failed or completed. */
    volatile boolean cancelled;
    /** Drain-owned: values delivered. */
    long emitted;
    /** A timer that will never run (rejected, or dropped by a closing scheduler): the drain fails with it. */
    private volatile Throwable timerFailure;

    TimeDrivenSubscriber(Subscriber<? super R> downstream, String name) {
        this.downstream = downstream;
        this.name = name;
    }

    /** Emits what is due and, once {@code done}, ends the stream. Runs only inside the drain. */
    abstract void pass();

    /** Starts the stage's clock; called once, after the downstream has its subscription. */
    void onStart() {
    }

    /** Stops every timer the stage holds; may be called more than once, from any thread. */
    void stopTimers() {
        Cancellable c = periodic;
        if (c != null) {
            c.cancel();
        }
    }

    /** The stage's clock, for the stages paced by a period ({@link #startPeriodic}). */
    private volatile Cancellable periodic;

    /**
     * From {@link #onStart()}: runs {@code tick} every {@code nanos} on {@code scheduler} until the
     * stream ends; a rejected schedule fails the stream at once.
     */
    final void startPeriodic(Scheduler scheduler, long nanos, Runnable tick) {
        try {
            periodic = scheduler.schedulePeriodically(new Tick(tick), nanos, nanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            failNow(e);
            return;
        }
        if (cancelled) {
            stopTimers(); // cancelled from inside onSubscribe, before the timer existed
        }
    }

    /**
     * Whether the stage asks the upstream for everything once subscribed (the clock-paced stages).
     * One that does not ({@code bufferTimeout}) requests from its drain ({@link #requestUpstream}),
     * which then also runs on every downstream request.
     */
    boolean requestsAll() {
        return true;
    }

    /** Downstream demand so far, in total (saturating). */
    final long requested() {
        return (long) REQUESTED.getVolatile(this);
    }

    /** For a stage that does not {@link #requestsAll()}: asks the upstream for {@code n} more. */
    final void requestUpstream(long n) {
        ((Subscription) UPSTREAM.getVolatile(this)).request(n);
    }

    /** The stage ends early (its boundary completed): the upstream is not needed any more. */
    final void cancelUpstream() {
        Subscriptions.cancel(UPSTREAM, this);
    }

    /** Drops what the stage holds; called by whoever holds the counter once the stream is over. */
    void clear() {
    }

    @Override
    public final void onSubscribe(Subscription s) {
        if (Subscriptions.setOnce(UPSTREAM, this, s)) {
            downstream.onSubscribe(this);
            onStart();
            if (requestsAll()) {
                s.request(Long.MAX_VALUE);
            }
        }
    }

    @Override
    public void onError(Throwable t) {
        if (done) {
            Hooks.onErrorDropped(t);
            return;
        }
        stopTimers();
        error = t;
        done = true;
        drain();
    }

    @Override
    public void onComplete() {
        if (done) {
            return;
        }
        stopTimers();
        done = true;
        drain();
    }

    final void drain() {
        if (!Wip.enter(WIP, this)) {
            return;
        }
        int missed = 1;
        do {
            Throwable tf;
            if (cancelled) {
                clear();
            } else if ((tf = timerFailure) != null) {
                fail(tf);
            } else {
                pass();
            }
            missed = Wip.leave(WIP, this, missed);
        } while (missed != 0);
    }

    /**
     * Inside the drain: delivers {@code r} if there is demand for it; otherwise ends the stream with
     * an error. Returns false if the stream is over.
     */
    final boolean emit(R r) {
        if (cancelled) {
            return false;
        }
        if ((long) REQUESTED.getVolatile(this) == emitted) {
            halt();
            downstream.onError(new IllegalStateException(
                    name + ": could not emit a value for lack of requests"));
            return false;
        }
        emitted++;
        downstream.onNext(r);
        return true;
    }

    /**
     * Inside the drain, once {@code done}: delivers the stage's last value, if there is demand for
     * it, and the completion after it. Returns false, having done nothing, if there is no demand
     * yet; the next request runs the drain again.
     */
    final boolean emitFinal(R r) {
        if (cancelled || (long) REQUESTED.getVolatile(this) == emitted) {
            return false;
        }
        emitted++;
        downstream.onNext(r);
        terminate();
        return true;
    }

    /**
     * Inside the drain, once {@code done} and nothing is left to emit: delivers the terminal signal.
     */
    final void terminate() {
        if (cancelled) {
            return;
        }
        cancelled = true;
        clear();
        Throwable ex = error;
        if (ex != null) {
            downstream.onError(ex);
        } else {
            downstream.onComplete();
        }
    }

    /** Inside the drain: a clock or user function failed the stream. */
    final void fail(Throwable e) {
        if (!cancelled) {
            halt();
            downstream.onError(e);
        }
    }

    /**
     * Outside the drain, from any thread: a timer could not be scheduled, or its scheduler dropped
     * it unrun when it closed. The next pass of the drain (this call's, or the one running now)
     * fails the stream with {@code e} instead of passing values on; the first such failure wins.
     */
    final void failNow(Throwable e) {
        if (timerFailure == null) {
            timerFailure = e;
        }
        drain();
    }

    /** The stage's periodic clock: a tick, or the stream's end if the scheduler drops it. */
    private final class Tick implements Rejectable {
        private final Runnable tick;

        Tick(Runnable tick) {
            this.tick = tick;
        }

        @Override
        public void run() {
            tick.run();
        }

        @Override
        public void rejected(RejectedExecutionException cause) {
            failNow(cause);
        }
    }

    private void halt() {
        cancelled = true;
        Subscriptions.cancel(UPSTREAM, this);
        stopTimers();
        clear();
    }

    @Override
    public final void request(long n) {
        if (Demand.isValid(n)) {
            Demand.add(REQUESTED, this, n);
            // done is read after the add; the upstream sets done before its drain reads demand
            if (done || !requestsAll()) {
                drain(); // a last value may be waiting for this request, or the upstream for more
            }
        }
    }

    @Override
    public final void cancel() {
        if (cancelled) {
            return;
        }
        cancelled = true;
        Subscriptions.cancel(UPSTREAM, this);
        stopTimers();
        drain(); // clears, here or in the running drain's next pass
    }
}
