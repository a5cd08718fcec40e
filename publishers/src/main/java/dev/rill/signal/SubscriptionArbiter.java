package dev.rill.signal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.reactivestreams.Subscription;

/**
 * A subscription that can change the upstream under it without losing demand: what {@code
 * concatWith}, {@code switchIfEmpty}, {@code onErrorResume}, {@code retry} and {@code repeat} need.
 * The downstream's requests accumulate; values emitted are subtracted ({@link #produced}); when a
 * new upstream arrives ({@link #setSubscription}) it is asked for whatever is still outstanding.
 * All changes go through one serialized drain, so requests, switches and cancels may race from
 * any thread.
 *
 * <p>Threading: every method from any thread.
 */
public abstract class SubscriptionArbiter implements Subscription {

    private static final VarHandle WIP;
    private static final VarHandle MISSED_REQUESTED;
    private static final VarHandle MISSED_PRODUCED;
    private static final VarHandle MISSED_SUBSCRIPTION;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            WIP = l.findVarHandle(SubscriptionArbiter.class, "wip", int.class);
            MISSED_REQUESTED = l.findVarHandle(SubscriptionArbiter.class, "missedRequested", long.class);
            MISSED_PRODUCED = l.findVarHandle(SubscriptionArbiter.class, "missedProduced", long.class);
            MISSED_SUBSCRIPTION = l.findVarHandle(SubscriptionArbiter.class, "missedSubscription", Subscription.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** For subclasses: an arbiter with no upstream and no demand yet. */
    protected SubscriptionArbiter() {
    }

    // Owned by the drain.
    private Subscription current;
    private long requested;

    @SuppressWarnings("unused")
    private volatile int wip;
    @SuppressWarnings("unused")
    private volatile long missedRequested;
    @SuppressWarnings("unused")
    private volatile long missedProduced;
    @SuppressWarnings("unused")
    private volatile Subscription missedSubscription;
    private volatile boolean cancelled;

    /** Switches to {@code s}, asking it for the outstanding demand. Cancelled if we are. */
    public final void setSubscription(Subscription s) {
        if (cancelled) {
            s.cancel();
            return;
        }
        Subscription prev = (Subscription) MISSED_SUBSCRIPTION.getAndSet(this, s);
        if (prev != null) {
            prev.cancel(); // never used: superseded before the drain saw it
        }
        drain();
    }

    /** {@code n} values were emitted from the current upstream. */
    public final void produced(long n) {
        Demand.add(MISSED_PRODUCED, this, n);
        drain();
    }

    /**
     * Adds downstream demand. A non-positive amount is the subclass's business (§3.9): override
     * {@link #badRequest(long)}.
     */
    @Override
    public void request(long n) {
        if (!Demand.isValid(n)) {
            badRequest(n);
            return;
        }
        Demand.add(MISSED_REQUESTED, this, n);
        drain();
    }

    /** Called for {@code request(n <= 0)}; the default cancels. */
    protected void badRequest(long n) {
        cancel();
    }

    @Override
    public void cancel() {
        if (!cancelled) {
            cancelled = true;
            drain();
        }
    }

    public final boolean isCancelled() {
        return cancelled;
    }

    /**
     * Takes one unit of the outstanding demand for a value the owner emits itself, with no upstream
     * emitting meanwhile (a constant inner of {@code concatMap}): true if there was one. False when
     * there is none, when cancelled, or when another thread is in the drain right now; the caller
     * then goes the usual way, through an upstream set with {@link #setSubscription}.
     */
    public final boolean tryProduceOne() {
        if (!WIP.compareAndSet(this, 0, 1)) {
            return false;
        }
        // The missed amounts only grow until this drain takes them, so this is a lower bound.
        long r = requested;
        boolean took = false;
        if (!cancelled && r == Long.MAX_VALUE) {
            took = true;
        } else if (!cancelled && Demand.add(r, (long) MISSED_REQUESTED.getVolatile(this))
                - (long) MISSED_PRODUCED.getVolatile(this) > 0) {
            Demand.add(MISSED_PRODUCED, this, 1);
            took = true;
        }
        drainLoop();
        return took;
    }

    private void drain() {
        if (Wip.enter(WIP, this)) {
            drainLoop();
        }
    }

    /** Holding the drain: applies what was missed until nothing is, then requests outside. */
    private void drainLoop() {
        int missed = 1;
        long toRequest = 0;
        Subscription requestFrom = null;
        do {
            long mr = (long) MISSED_REQUESTED.getAndSet(this, 0L);
            long mp = (long) MISSED_PRODUCED.getAndSet(this, 0L);
            Subscription ms = (Subscription) MISSED_SUBSCRIPTION.getAndSet(this, null);
            if (cancelled) {
                if (current != null) {
                    current.cancel();
                    current = null;
                }
                if (ms != null) {
                    ms.cancel();
                }
            } else {
                long r = requested;
                if (r != Long.MAX_VALUE) {
                    r = Demand.add(r, mr);
                    if (r != Long.MAX_VALUE) {
                        r = Math.max(0, r - mp);
                    }
                    requested = r;
                }
                if (ms != null) {
                    // The new upstream owes everything outstanding; whatever this drain meant to ask
                    // of the old one is superseded (and is part of `r` anyway).
                    current = ms;
                    toRequest = r;
                    requestFrom = r != 0 ? ms : null;
                } else if (current != null && mr != 0) {
                    toRequest = Demand.add(toRequest, mr);
                    requestFrom = current;
                }
            }
        } while ((missed = Wip.leave(WIP, this, missed)) != 0);
        if (toRequest != 0 && requestFrom != null) {
            requestFrom.request(toRequest); // outside the loop: a synchronous source emits from here
        }
    }
}
