package dev.rill.engine;

import java.util.concurrent.RejectedExecutionException;

/**
 * Work that wants to hear when a scheduler that accepted it will never run it: the scheduler
 * closed (or its pool was shut down) with the work still queued or its timer still pending. A
 * stream stage implements it so that its subscriber gets {@code onError} instead of waiting for
 * ever; the engine's own {@link Task}s have the same hook as {@link Task#rejected}.
 *
 * <p>Exactly one of {@link #run()} and {@link #rejected} is called for each acceptance, and
 * {@code rejected} at most once: the scheduler settles it with the same atomic step that stops a
 * cancelled task from running. A task cancelled through its handle is told nothing.
 *
 * <pre>{@code
 * final class Tick implements Rejectable {
 *     public void run() { emitNext(); }
 *     public void rejected(RejectedExecutionException cause) { emitError(cause); }
 * }
 * }</pre>
 *
 * <p>Threading: {@code rejected} is called on whichever thread drops the work (the thread closing
 * the engine, the timer thread as it stops, a thread whose submission found the pool closed), never
 * at the same time as {@code run}. It should be short and must not block.
 */
public interface Rejectable extends Runnable {

    /**
     * The scheduler will never run this work.
     *
     * @param cause names the scheduler and why (closed, shut down)
     */
    void rejected(RejectedExecutionException cause);
}
