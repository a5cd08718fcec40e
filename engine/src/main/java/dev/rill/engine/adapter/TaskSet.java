package dev.rill.engine.adapter;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;

/**
 * The delayed and periodic tasks of one adapter worker, so that disposing it cancels them at once
 * instead of leaving them on the wheel until they come due. Per worker, never shared: a scheduler's
 * own tasks are not tracked at all ({@link AdapterCore}), and a worker is used by one subscription.
 *
 * <p>Most owners have none (a worker per {@code publishOn} subscription) or one at a time (a
 * worker per {@code Flux.interval} or per {@code timeout} subscription): the first task takes a
 * single slot (one CAS), and a hash set is made only for a second task alive at the same time:
 * on the subscribe path of a worker per interval, a set per worker was a visible cost
 * (bench/README.md).
 *
 * <p>Threading: every method from any thread. A task added while {@link #cancelAll} runs may be
 * missed by it; the owner closes first and then checks again after adding (see
 * {@link AdapterCore#submit}), so such a task is cancelled by its submitter.
 */
public final class TaskSet {

    // A field updater and a plain volatile read, not a VarHandle: the same semantics, far fewer
    // calls before C2 has compiled the adapter paths (bench/README.md, the cold window).
    private static final AtomicReferenceFieldUpdater<TaskSet, AdaptedTask> ONE =
            AtomicReferenceFieldUpdater.newUpdater(TaskSet.class, AdaptedTask.class, "one");

    /** The single slot: a task, or null. */
    private volatile AdaptedTask one;
    /** The tasks that found the slot taken; made once, with the first of them. */
    private volatile Set<AdaptedTask> more;

    void add(AdaptedTask t) {
        // CAS: a slot holds one task, and a remove (CAS t -> null) or cancelAll (volatile read)
        // that follows sees it. A task that finds the slot taken goes to the set.
        if (one == null && ONE.compareAndSet(this, null, t)) {
            return;
        }
        Set<AdaptedTask> s = more;
        if (s == null) {
            synchronized (this) { // once per owner, and only for owners with several at a time
                s = more;
                if (s == null) {
                    s = ConcurrentHashMap.newKeySet();
                    more = s;
                }
            }
        }
        s.add(t);
    }

    void remove(AdaptedTask t) {
        if (ONE.compareAndSet(this, t, null)) {
            return;
        }
        Set<AdaptedTask> s = more;
        if (s != null) {
            s.remove(t);
        }
    }

    /** Cancels the tasks (only the periodic ones if asked). */
    public void cancelAll(boolean periodicOnly) {
        AdaptedTask t = one;
        if (t != null && (!periodicOnly || t.isPeriodic())) {
            t.cancel();
        }
        Set<AdaptedTask> s = more;
        if (s == null) {
            return;
        }
        for (AdaptedTask m : s) {
            if (!periodicOnly || m.isPeriodic()) {
                m.cancel();
            }
        }
    }
}
