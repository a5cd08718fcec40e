package dev.rill.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A worker's "runs next" slot: the task the running task scheduled last, run before the ring so a
 * message handed to a waiting task is handled while it is hot in cache. The owner fills and empties
 * it; another worker may take it, but only a task left there while its owner is stuck in a long
 * run (see {@link TimerParking#watch}): nobody is woken when the slot is filled, which is what keeps
 * message passing cheap (Tokio lost 29-32 % there when an empty-slot push woke a parked worker).
 *
 * <p>Encoding: {@code null} when empty, else the task.
 *
 * <p>Threading: {@link #put} and {@link #take} by the owner only; {@link #steal} and
 * {@link #isOccupied} by any thread.
 *
 * <p>Ordering, per access:
 * <ul>
 *   <li>only the owner ever writes a task into the slot; a thief only swaps a task for
 *       {@code null}. So an empty slot the owner sees stays empty until the owner writes it: a put
 *       into an empty slot is a release store, no read-modify-write (the common case: one task
 *       waking one other). Release: a thief's acquire of the task sees it fully built.</li>
 *   <li>a put over a task swaps (getAndSet): a thief may take the displaced task between a read
 *       and a write, and it must end up with exactly one of the two.</li>
 *   <li>take reads plainly first: an empty slot needs nothing more (the owner's own writes are
 *       seen in order, and a thief only ever makes it emptier). A task is claimed with getAndSet,
 *       which returns {@code null} if a thief claimed it first: each task is run once.</li>
 *   <li>steal: an acquire read (pairs with the owner's release), then a CAS of that task to
 *       {@code null}; if the owner took it or put another one over it meanwhile, it looks again,
 *       so a steal that returns {@code null} saw the slot empty.</li>
 * </ul>
 */
final class LifoSlot {

    private static final VarHandle TASK;

    static {
        try {
            TASK = MethodHandles.lookup().findVarHandle(LifoSlot.class, "task", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused")
    private Object task;

    /** Owner: {@code t} runs next; returns the task it displaced (or null), for the ring. */
    Object put(Object t) {
        if (TASK.get(this) == null) {
            TASK.setRelease(this, t);
            return null;
        }
        return TASK.getAndSet(this, t);
    }

    /** Owner: the task to run next, or null. */
    Object take() {
        if (TASK.get(this) == null) {
            return null;
        }
        return TASK.getAndSet(this, (Object) null);
    }

    /** Another worker: the task in the slot, if it is still there when claimed; else null. */
    Object steal() {
        for (;;) {
            Object t = TASK.getAcquire(this);
            if (t == null || TASK.compareAndSet(this, t, (Object) null)) {
                return t;
            }
            // The owner took it or put another over it: look again (each retry follows an owner step).
        }
    }

    /** Anyone: a racy look, for deciding whether to try a steal. */
    boolean isOccupied() {
        return TASK.getOpaque(this) != null;
    }
}
