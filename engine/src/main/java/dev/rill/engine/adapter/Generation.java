package dev.rill.engine.adapter;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One life of an adapter scheduler, from its start to its dispose: every task remembers the
 * generation it was scheduled in, so that a dispose reaches all of them without a list (a task
 * whose generation is over does not start), and a restarted scheduler (Reactor's {@code start()},
 * RxJava's {@code Schedulers.start()}) begins a new generation that its old tasks do not belong
 * to. The delayed tasks of a finished generation are also swept off the engine's wheel at once
 * ({@link AdapterCore#dispose}), so their memory does not wait for their deadlines.
 *
 * <p>Threading: every method from any thread; the state only moves forward (running, shutting
 * down, disposed), by CAS.
 */
public final class Generation {

    private static final int RUNNING = 0;
    private static final int SHUTTING_DOWN = 1;
    private static final int DISPOSED = 2;

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Generation.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    // Read as a plain volatile field on the task path (every submission asks): the same ordering
    // as STATE.getVolatile, without a VarHandle call, which costs several calls until C2 has
    // compiled the caller (the fresh JVM's first seconds; bench/README.md, the cold window).
    private volatile int state;

    /** Takes new tasks, and its periodic tasks keep running. */
    public boolean isRunning() {
        return state == RUNNING;
    }

    /** Over: its tasks that have not started never will. */
    public boolean isDisposed() {
        return state == DISPOSED;
    }

    /** Ends it; false if it had already ended. */
    boolean dispose() {
        return (int) STATE.getAndSet(this, DISPOSED) != DISPOSED;
    }

    /** Takes no new tasks and stops its periodic ones; false unless it was running. */
    boolean shutDown() {
        return STATE.compareAndSet(this, RUNNING, SHUTTING_DOWN);
    }
}
