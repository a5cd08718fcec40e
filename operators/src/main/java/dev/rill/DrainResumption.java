package dev.rill;

import dev.rill.engine.Engine;
import dev.rill.engine.Task;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * How a stage's drain loop goes on after it spent its cooperative budget on an engine worker: the
 * stage keeps its drain (its work-in-progress count) and this task, one per stage, made on first
 * use on the worker's engine, runs the drain again behind what that worker has waiting. If the
 * engine closed and will not run it, the stage hears so at once (and ends its stream), so nobody
 * waits for a drain that never comes.
 *
 * <p>Threading: {@link #resume} by the thread holding the drain; the drain then runs on a worker.
 */
final class DrainResumption extends Task {

    private final Runnable drain;
    private final Consumer<RejectedExecutionException> rejected;

    /** Must be made on an engine worker (where a drain can run out of budget). */
    DrainResumption(Runnable drain, Consumer<RejectedExecutionException> rejected) {
        super(Engine.current());
        this.drain = drain;
        this.rejected = rejected;
    }

    /** Queues the drain's continuation; a closed engine is told to the stage instead. */
    void resume() {
        try {
            schedule();
        } catch (RejectedExecutionException ex) {
            rejected.accept(ex);
        }
    }

    @Override
    protected void run() {
        drain.run();
    }

    @Override
    protected void rejected(RejectedExecutionException cause) {
        rejected.accept(cause); // the engine closed with our continuation queued
    }
}
