package dev.rill;

import dev.rill.engine.Engine;

/**
 * Refuses a blocking wait on an engine worker, as Reactor refuses {@code block()} on its
 * non-blocking threads. A worker that waits for a stream whose work is queued behind it deadlocks
 * a one-worker engine and takes a worker away from any other; failing fast names the mistake where
 * it is made. The blocking pool's threads and every thread outside an engine may wait.
 *
 * <p>Threading: any thread; it looks only at the caller's.
 */
final class BlockingGuard {

    private BlockingGuard() {
    }

    /** Throws {@link IllegalStateException} if the caller is an engine worker; {@code call} names the wait. */
    static void check(String call) {
        Engine engine = Engine.current();
        if (engine != null) {
            throw new IllegalStateException(call + " would block thread '" + Thread.currentThread().getName()
                    + "', a worker of engine '" + engine.name() + "', which must not block: wait on another "
                    + "thread, run this code on engine.blocking() (or move the stream there with "
                    + "subscribeOn(engine.blocking())), or compose the result instead of waiting for it");
        }
    }
}
