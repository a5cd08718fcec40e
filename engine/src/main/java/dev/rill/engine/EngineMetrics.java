package dev.rill.engine;

import java.util.List;

/**
 * A snapshot of an {@link Engine}'s counters: one {@link WorkerMetrics} per worker thread and the
 * engine-wide figures. {@link #toString()} is a readable table.
 *
 * <pre>{@code System.out.println(engine.metrics());}</pre>
 *
 * @param engine           the engine's name
 * @param workers          per worker, in index order
 * @param globalQueueDepth tasks waiting in the global injection queue and the return lane (tasks
 *                         the engine's blocking threads submitted)
 * @param searching        workers looking for work to steal right now
 * @param parked           workers asleep right now
 * @param timersPending    timers armed and neither fired nor cancelled yet (approximate)
 * @param timersFired      timers that came due and were handed to the workers
 * @param timersCancelled  timers cancelled before they fired
 * @param blockingThreads  threads in the blocking pool now
 * @param blockingActive   blocking threads running a task now
 * @param blockingQueued   blocking tasks waiting for a thread
 * @param timersArmed      timers armed, each period of a periodic one counted (may lag by the
 *                         arms of the last moments: they are counted as the timer thread takes them)
 * @param scheduleDelaySamples    submissions whose schedule delay (from submit to the start of the run)
 *                                was measured: about one in 1,024, so the count is of samples, not tasks
 * @param scheduleDelayTotalNanos the sum of those delays, in nanoseconds; divided by the samples,
 *                                the mean schedule delay
 * @param stuckIncidents   times a worker was found stuck in one task run
 */
public record EngineMetrics(String engine, List<WorkerMetrics> workers, long globalQueueDepth, int searching,
                            int parked, long timersPending, long timersFired, long timersCancelled,
                            int blockingThreads, int blockingActive, int blockingQueued, long timersArmed,
                            long scheduleDelaySamples, long scheduleDelayTotalNanos, long stuckIncidents) {

    public EngineMetrics {
        workers = List.copyOf(workers);
    }

    /** Tasks run by all workers. */
    public long tasksRun() {
        return workers.stream().mapToLong(WorkerMetrics::tasksRun).sum();
    }

    /** Successful steal operations by all workers. */
    public long stealOperations() {
        return workers.stream().mapToLong(WorkerMetrics::stealOperations).sum();
    }

    /** Tasks moved by steals, all workers. */
    public long stolenTasks() {
        return workers.stream().mapToLong(WorkerMetrics::stolenTasks).sum();
    }

    /** Parks, all workers. */
    public long parks() {
        return workers.stream().mapToLong(WorkerMetrics::parks).sum();
    }

    /** LIFO-slot runs, all workers. */
    public long lifoRuns() {
        return workers.stream().mapToLong(WorkerMetrics::lifoRuns).sum();
    }

    /** Budget-forced yields, all workers. */
    public long budgetYields() {
        return workers.stream().mapToLong(WorkerMetrics::budgetYields).sum();
    }

    /** Local-queue overflows, all workers. */
    public long overflows() {
        return workers.stream().mapToLong(WorkerMetrics::overflows).sum();
    }

    /** Tasks waiting in the workers' local queues now, all workers. */
    public long localQueueDepth() {
        return workers.stream().mapToLong(WorkerMetrics::localQueueDepth).sum();
    }

    /** Time busy, all workers, in nanoseconds. */
    public long busyNanos() {
        return workers.stream().mapToLong(WorkerMetrics::busyNanos).sum();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append("engine '").append(engine).append("': ").append(workers.size()).append(" workers, ")
          .append(searching).append(" searching, ").append(parked).append(" parked, global queue ")
          .append(globalQueueDepth).append('\n');
        String fmt = "%-22s %12s %10s %10s %10s %10s %10s %10s %6s %10s%n";
        sb.append(String.format(fmt, "worker", "tasks", "steals", "stolen", "parks", "lifo", "yields",
                "overflows", "queue", "busy ms"));
        for (WorkerMetrics w : workers) {
            sb.append(String.format(fmt, w.thread(), w.tasksRun(), w.stealOperations(), w.stolenTasks(), w.parks(),
                    w.lifoRuns(), w.budgetYields(), w.overflows(), w.localQueueDepth(), w.busyNanos() / 1_000_000));
        }
        sb.append(String.format(fmt, "total", tasksRun(), stealOperations(), stolenTasks(), parks(), lifoRuns(),
                budgetYields(), overflows(), localQueueDepth(), busyNanos() / 1_000_000));
        sb.append("timers: ").append(timersArmed).append(" armed, ").append(timersPending).append(" pending, ")
          .append(timersFired).append(" fired, ").append(timersCancelled).append(" cancelled; blocking pool: ")
          .append(blockingThreads).append(" threads, ").append(blockingActive).append(" active, ")
          .append(blockingQueued).append(" queued\n");
        sb.append("schedule delay: ").append(scheduleDelaySamples).append(" samples, mean ")
          .append(scheduleDelaySamples == 0 ? 0 : scheduleDelayTotalNanos / scheduleDelaySamples / 1000)
          .append(" us; stuck workers: ").append(stuckIncidents).append('\n');
        return sb.toString();
    }
}
