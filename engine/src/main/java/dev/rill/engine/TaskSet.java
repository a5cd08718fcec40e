package dev.rill.engine;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The delayed and periodic tasks of one adapter scheduler or worker, so that disposing it cancels
 * them at once instead of leaving them on the wheel until they come due. The set is made with the
 * first such task: most workers (one per {@code publishOn} subscription) never have one.
 *
 * <p>Threading: every method from any thread.
 */
public final class TaskSet {

    private volatile Set<AdaptedTask> tasks;

    void add(AdaptedTask t) {
        Set<AdaptedTask> s = tasks;
        if (s == null) {
            synchronized (this) { // once per owner, off the per-task path
                s = tasks;
                if (s == null) {
                    s = ConcurrentHashMap.newKeySet();
                    tasks = s;
                }
            }
        }
        s.add(t);
    }

    void remove(AdaptedTask t) {
        Set<AdaptedTask> s = tasks;
        if (s != null) {
            s.remove(t);
        }
    }

    /** Cancels the tasks (only the periodic ones if asked). */
    public void cancelAll(boolean periodicOnly) {
        Set<AdaptedTask> s = tasks;
        if (s == null) {
            return;
        }
        for (AdaptedTask t : s) {
            if (!periodicOnly || t.isPeriodic()) {
                t.cancel();
            }
        }
    }
}
