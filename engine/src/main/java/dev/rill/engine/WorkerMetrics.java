package dev.rill.engine;

/**
 * Counters of one engine thread, as of the moment {@link Engine#metrics()} read them. Each counter
 * only grows, and is written by its own thread alone, so reading never stops the engine; a
 * snapshot may lag the live values by a few increments.
 *
 * @param index           the worker's index, 0-based
 * @param thread          the worker thread's name
 * @param tasksRun        tasks run, including re-runs of a yielded task
 * @param stealOperations successful steals from other workers' queues
 * @param stolenTasks     tasks moved by those steals
 * @param parks           times the worker went to sleep for lack of work
 * @param lifoRuns        tasks run from the LIFO slot
 * @param budgetYields    runs that spent their whole budget and were told to yield
 * @param overflows       times the local queue was full and spilled to the global queue
 * @param localQueueDepth tasks waiting in the local queue now
 * @param busyNanos       time the worker has been busy since it started, in nanoseconds: its time alive
 *                        minus its time parked or waiting for a timer with nothing to do (read as it
 *                        parks and wakes, not per task)
 */
public record WorkerMetrics(int index, String thread, long tasksRun, long stealOperations, long stolenTasks,
                            long parks, long lifoRuns, long budgetYields, long overflows, int localQueueDepth,
                            long busyNanos) {
}
