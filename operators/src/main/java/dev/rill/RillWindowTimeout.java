package dev.rill;

import dev.rill.engine.Budget;
import dev.rill.engine.Cancellable;
import dev.rill.engine.Rejectable;
import dev.rill.engine.Scheduler;
import dev.rill.signal.CoreSubscriber;
import dev.rill.signal.Demand;
import dev.rill.signal.Durations;
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
import org.jctools.queues.MpscUnboundedXaddArrayQueue;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * {@code window(Duration)} and {@code windowTimeout(maxSize, maxTime)}: windows that close when
 * their time is up or (for {@code windowTimeout}) when they hold {@code maxSize} values, whichever
 * comes first, as Reactor's do. A window is always open: the first as the stream starts, the next
 * as soon as one closes, so a period without values gives an empty window. {@code window(Duration)}
 * keeps one period from the start; {@code windowTimeout} starts the period again when a window
 * closes full. Each window is a {@link UnicastWindow}: its values wait in its queue for its
 * subscriber.
 *
 * <p>Demand: the upstream is asked for everything once the first window is open; windows are
 * paced by the clock, so a window due without demand fails the stream, as in Reactor. The first
 * window waits for the first request (Reactor fails at once without one); the clock starts once
 * the upstream has been asked, so a synchronous source's first burst is all in the first window.
 *
 * <p>Cancelling the outer stream stops new windows but lets the open one run until its time is up
 * or it fills; the upstream is cancelled once the outer stream and every window are done with it.
 *
 * <p>Values and the clock's ticks meet in one MPSC queue (JCTools), drained by whoever holds the
 * counter; each period is its own tick object, so a tick of a period that ended early (the window
 * filled) is recognised and ignored. The drain spends the cooperative budget and, when it runs
 * out on an engine worker, continues as a task on the stage's scheduler.
 *
 * <p>Threading: upstream signals serialized; ticks on the scheduler's threads; request/cancel from
 * any thread; the open window, its count and the current tick belong to the drain.
 */
final class RillWindowTimeout<T> extends RillOperator<T, Rill<T>> {

    private final Rill<? extends T> source;
    private final int maxSize;
    private final long nanos;
    private final Scheduler scheduler;
    private final String name;

    /** {@code window(Duration)}: no size limit. */
    RillWindowTimeout(Rill<? extends T> source, Duration period, Scheduler scheduler) {
        this.source = source;
        this.maxSize = Integer.MAX_VALUE;
        this.nanos = Durations.positiveNanos("window", "period", period);
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.name = "window";
    }

    /** {@code windowTimeout(maxSize, maxTime)}. */
    RillWindowTimeout(Rill<? extends T> source, int maxSize, Duration maxTime, Scheduler scheduler) {
        if (maxSize <= 0) {
            throw new IllegalArgumentException("windowTimeout: maxSize must be positive, was " + maxSize);
        }
        this.source = source;
        this.maxSize = maxSize;
        this.nanos = Durations.positiveNanos("windowTimeout", "maxTime", maxTime);
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.name = "windowTimeout";
    }

    @Override
    Rill<? extends T> source() {
        return source;
    }

    @Override
    Subscriber<? super T> subscribeOrReturn(Subscriber<? super Rill<T>> s) {
        return new WindowTimeoutSubscriber<>(s, maxSize, nanos, scheduler, name);
    }

    static final class WindowTimeoutSubscriber<T> implements CoreSubscriber<T>, Subscription {
        private static final VarHandle UPSTREAM = Handles.field(MethodHandles.lookup(), "upstream", Subscription.class);
        private static final VarHandle WIP = Handles.field(MethodHandles.lookup(), "wip", int.class);
        private static final VarHandle REQUESTED = Handles.field(MethodHandles.lookup(), "requested", long.class);
        private static final VarHandle HOLDERS = Handles.field(MethodHandles.lookup(), "holders", int.class);
        private static final VarHandle START = Handles.field(MethodHandles.lookup(), "start", int.class);
        /** {@link #start}: no window yet; the first one is open (the upstream not asked yet); asked. */
        private static final int NOT_STARTED = 0;
        private static final int OPEN = 1;
        private static final int REQUESTED_ALL = 2;

        private final int maxSize;
        private final long nanos;
        private final Scheduler scheduler;
        private final String name;
        private final MpscUnboundedXaddArrayQueue<Object> queue = new MpscUnboundedXaddArrayQueue<>(64);
        /** What a window calls when it is gone: one object for all of them. */
        private final Runnable release = this::release;
        private final Resume resume = new Resume(this);
        /** Null once the outer stream was cancelled: it gets nothing more, and may be collected. */
        private volatile Subscriber<? super Rill<T>> downstream;
        @SuppressWarnings("unused")
        private volatile Subscription upstream;
        @SuppressWarnings("unused")
        private volatile int wip;
        /** Windows asked for, in total (saturating). */
        @SuppressWarnings("unused")
        private volatile long requested;
        /** The outer stream (until cancelled) plus every window not yet ended or cancelled. */
        @SuppressWarnings("unused")
        private volatile int holders = 1;
        @SuppressWarnings("unused")
        private volatile int start;
        /** Written after {@link #error}: a drain that reads it sees the error. */
        private volatile boolean done;
        private Throwable error;
        /** The current period's timer. */
        private volatile Cancellable timer;
        /** The upstream has been asked for everything: the drain starts the clock. */
        private volatile boolean clockWanted;
        /** A tick that will never run (rejected, or dropped by a closing scheduler). */
        private volatile Throwable timerFailure;
        // Drain-owned.
        private UnicastWindow<T> window;
        private int count;
        private Tick tick;
        private long emitted;
        /** The stream is over for the drain: whatever comes out of the queue is dropped. */
        private boolean over;
        /** Work the drain still owes when it yields for lack of budget. */
        private int resumeMissed;

        WindowTimeoutSubscriber(Subscriber<? super Rill<T>> downstream, int maxSize, long nanos,
                                Scheduler scheduler, String name) {
            this.downstream = downstream;
            this.maxSize = maxSize;
            this.nanos = nanos;
            this.scheduler = scheduler;
            this.name = name;
        }

        @Override
        public void onSubscribe(Subscription s) {
            if (Subscriptions.setOnce(UPSTREAM, this, s)) {
                downstream.onSubscribe(this);
                drainThenStart();
            }
        }

        @Override
        public void onNext(T t) {
            if (!done) {
                queue.offer(t);
                drain();
            }
        }

        @Override
        public void onError(Throwable t) {
            if (done) {
                Hooks.onErrorDropped(t);
                return;
            }
            error = t;
            done = true;
            drain();
        }

        @Override
        public void onComplete() {
            if (!done) {
                done = true;
                drain();
            }
        }

        @Override
        public void request(long n) {
            if (Demand.isValid(n)) {
                Demand.add(REQUESTED, this, n);
                if ((int) START.getVolatile(this) == NOT_STARTED) {
                    drainThenStart(); // the first window waits for this request; later ones are due by the clock
                }
            }
        }

        @Override
        public void cancel() {
            if (downstream != null) {
                downstream = null;
                release();
                drain(); // a first window that waits for demand now never opens
            }
        }

        /** A holder let go: the last one cancels the upstream and stops the clock. */
        private void release() {
            if ((int) HOLDERS.getAndAdd(this, -1) == 1) {
                Subscriptions.cancel(UPSTREAM, this);
                stopTimer();
            }
        }

        /**
         * Drains, and asks the upstream for everything once the first window is open: outside the
         * drain, so a synchronous source does not pile its values into the queue while the
         * counter is held.
         */
        private void drainThenStart() {
            drain();
            if ((int) START.getVolatile(this) == OPEN && START.compareAndSet(this, OPEN, REQUESTED_ALL)) {
                ((Subscription) UPSTREAM.getVolatile(this)).request(Long.MAX_VALUE);
                // The clock starts in a task of its own: the drain that arms it may go on for a
                // while, and should not do so inside the downstream's request.
                try {
                    scheduler.schedule(new ClockStart(this));
                } catch (RejectedExecutionException e) {
                    failNow(e);
                }
            }
        }

        private void drain() {
            if (Wip.enter(WIP, this)) {
                drainLoop(1);
            }
        }

        private void drainLoop(int missed) {
            for (;;) {
                if (over) {
                    queue.clear();
                } else {
                    Throwable tf = timerFailure;
                    if (tf != null) {
                        failAll(tf);
                    } else if (!pass()) {
                        resumeMissed = missed;
                        resume.schedule(scheduler);
                        return; // out of budget: the counter stays held until the task runs
                    }
                }
                missed = Wip.leave(WIP, this, missed);
                if (missed == 0) {
                    return;
                }
            }
        }

        /** Everything that is due; false if the budget ran out first. */
        @SuppressWarnings("unchecked")
        private boolean pass() {
            if ((int) START.getVolatile(this) == NOT_STARTED && !openFirst()) {
                return true;
            }
            if (tick == null && clockWanted && !arm()) {
                return true;
            }
            int allowance = 0;
            for (;;) {
                if (allowance == 0 && (allowance = Budget.claim(Budget.PER_RUN)) == 0) {
                    return false;
                }
                allowance--;
                boolean d = done; // before the poll: once done, every value is in the queue
                Object o = queue.poll();
                if (o == null) {
                    if (d) {
                        finish();
                    }
                    return true;
                }
                if (o instanceof Tick) {
                    if (o == tick && !rollOver(false)) {
                        return true;
                    }
                } else {
                    UnicastWindow<T> w = window;
                    if (w != null) { // none after the outer cancel, once the last window closed
                        w.next((T) o);
                        if (++count == maxSize && !rollOver(true)) {
                            return true;
                        }
                    }
                }
            }
        }

        /**
         * Opens the first window once there is demand for it; true if it did. The clock starts
         * once the upstream has been asked for everything ({@link #drainThenStart}).
         * An upstream error needs no demand: it ends the stream without a window.
         */
        private boolean openFirst() {
            Subscriber<? super Rill<T>> a = downstream;
            if (a == null) {
                over = true;
                return false;
            }
            if (done && error != null) {
                finish();
                return false;
            }
            if ((long) REQUESTED.getVolatile(this) == emitted) {
                return false;
            }
            START.setVolatile(this, OPEN);
            HOLDERS.getAndAdd(this, 1);
            open(a);
            return true;
        }

        private void open(Subscriber<? super Rill<T>> a) {
            UnicastWindow<T> w = new UnicastWindow<>(maxSize, release);
            window = w;
            emitted++;
            a.onNext(w);
        }

        /** Starts a new period; false if the scheduler refused it (the stream has failed). */
        private boolean arm() {
            Tick t = new Tick(this);
            tick = t;
            try {
                timer = scheduler.schedulePeriodically(t, nanos, nanos, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                failAll(e);
                return false;
            }
            if ((int) HOLDERS.getVolatile(this) == 0) {
                stopTimer(); // every holder left while the timer was being armed
            }
            return true;
        }

        /**
         * Closes the open window and opens the next (none once the outer stream is cancelled);
         * {@code full}: the window closed by size, so its period starts again. False if the
         * stream is over.
         */
        private boolean rollOver(boolean full) {
            UnicastWindow<T> old = window;
            window = null;
            count = 0;
            HOLDERS.getAndAdd(this, 1); // held for the next window, so the old one's end cannot release the upstream
            if (old != null) {
                old.complete();
            }
            Subscriber<? super Rill<T>> a = downstream;
            if (a == null) {
                release(); // no next window: the upstream goes once the open windows are done
                return true;
            }
            if ((long) REQUESTED.getVolatile(this) == emitted) {
                release();
                failAll(new IllegalStateException(name + ": could not emit a window for lack of requests"));
                return false;
            }
            if (full) {
                stopTimer();
                open(a);
                return arm();
            }
            open(a);
            return true;
        }

        /** The upstream ended and every value before the end is in the open window: end it all. */
        private void finish() {
            over = true;
            stopTimer();
            UnicastWindow<T> w = window;
            window = null;
            Throwable e = error;
            if (w != null) {
                if (e != null) {
                    w.fail(e);
                } else {
                    w.complete();
                }
            }
            Subscriber<? super Rill<T>> a = downstream;
            if (a != null) {
                if (e != null) {
                    a.onError(e);
                } else {
                    a.onComplete();
                }
            }
        }

        /** Holding the counter: the stage itself failed (clock refused, no demand); ends it all. */
        private void failAll(Throwable e) {
            over = true;
            Subscriptions.cancel(UPSTREAM, this);
            stopTimer();
            queue.clear();
            UnicastWindow<T> w = window;
            window = null;
            if (w != null) {
                w.fail(e);
            }
            Subscriber<? super Rill<T>> a = downstream;
            if (a != null) {
                a.onError(e);
            } else {
                Hooks.onErrorDropped(e);
            }
        }

        private void stopTimer() {
            Cancellable c = timer;
            if (c != null) {
                c.cancel();
            }
        }

        /** From a tick's rejection, any thread: the drain's next pass fails the stream. */
        private void failNow(Throwable e) {
            if (timerFailure == null) {
                timerFailure = e;
            }
            drain();
        }

        /** One period of the clock, and its marker in the queue. */
        private static final class Tick implements Rejectable {
            private final WindowTimeoutSubscriber<?> parent;

            Tick(WindowTimeoutSubscriber<?> parent) {
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

        /** The drain's continuation after it ran out of budget; it still holds the counter. */
        private static final class Resume implements Rejectable {
            private final WindowTimeoutSubscriber<?> parent;

            Resume(WindowTimeoutSubscriber<?> parent) {
                this.parent = parent;
            }

            void schedule(Scheduler scheduler) {
                try {
                    scheduler.schedule(this);
                } catch (RejectedExecutionException e) {
                    rejected(e);
                }
            }

            @Override
            public void run() {
                parent.drainLoop(parent.resumeMissed);
            }

            @Override
            public void rejected(RejectedExecutionException cause) {
                parent.failAll(cause); // the counter is still ours
                parent.drainLoop(parent.resumeMissed);
            }
        }

        /** Starts the clock from a task of its own, once the upstream has been asked. */
        private static final class ClockStart implements Rejectable {
            private final WindowTimeoutSubscriber<?> parent;

            ClockStart(WindowTimeoutSubscriber<?> parent) {
                this.parent = parent;
            }

            @Override
            public void run() {
                parent.clockWanted = true;
                parent.drain();
            }

            @Override
            public void rejected(RejectedExecutionException cause) {
                parent.failNow(cause);
            }
        }
    }
}
