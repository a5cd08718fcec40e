package dev.rill.engine;

import java.time.Duration;
import java.util.List;

/**
 * An engine worker found in one task run for longer than the engine's threshold ({@link
 * Engine.Builder#stuckWorkerThreshold}): a blocking call, a lock, a busy loop on a thread that
 * other tasks wait for. Reported once per incident to {@link Engine.Builder#onStuckWorker}.
 *
 * @param engine   the engine's name
 * @param thread   the worker thread, still in the run when the report is made
 * @param task     what it runs (the task or stream stage it was given; for a diagnostic only)
 * @param stuckFor how long it had been in the run when it was seen, at least the threshold
 * @param stack    the thread's stack when it was seen
 */
public record StuckWorker(String engine, Thread thread, Object task, Duration stuckFor,
                          List<StackTraceElement> stack) {

    public StuckWorker {
        stack = List.copyOf(stack);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append("engine '").append(engine).append("': worker ").append(thread.getName()).append(" has been in one run for ")
          .append(stuckFor.toMillis()).append(" ms (").append(task == null ? "?" : task.getClass().getName())
          .append("); blocking work belongs on engine.blocking() or in Engine.blockInPlace");
        for (StackTraceElement e : stack) {
            sb.append("\n\tat ").append(e);
        }
        return sb.toString();
    }
}
