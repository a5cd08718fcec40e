package dev.rill.engine;

/**
 * How a task is named in diagnostics (the JFR events): the class of the user's work, seen through
 * the engine's own wrappers, so a recording shows {@code com.example.Poller} rather than the
 * wrapper that carried it. Only the class name: a task's {@code toString()} is user code, and may
 * be slow, allocate, or throw.
 *
 * <p>Threading: any thread; reads the wrappers' fields racily (a wrapper that has just run or been
 * cancelled may have let go of its task: then the wrapper's own class is named).
 */
final class TaskDescription {

    private TaskDescription() {
    }

    /** The class name of the work behind {@code task}; "null" for none. */
    static String of(Object task) {
        Object work = task;
        if (task instanceof CancellableRunnable c && c.task() != null) {
            work = c.task();
        } else if (task instanceof ScheduledTask<?> t && t.task() != null) {
            work = t.task();
        }
        return work == null ? "null" : work.getClass().getName();
    }
}
