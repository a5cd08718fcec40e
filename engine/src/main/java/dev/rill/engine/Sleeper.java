package dev.rill.engine;

/**
 * What {@link Idle} needs of a worker that parks: a way to wake it once it is on the idle list, and
 * a way to make it look again when it sleeps elsewhere (the timer watcher). {@link WorkerThread}
 * is the only one in production; the model checks of {@code Idle} use a recording one.
 *
 * <p>Threading: both from any thread.
 */
interface Sleeper {

    /** It was popped from the idle list: it must run (or search) again. */
    void wake();

    /** Look at the engine's state again, without being counted as woken. */
    void nudge();
}
