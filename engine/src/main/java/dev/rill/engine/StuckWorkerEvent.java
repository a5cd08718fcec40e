package dev.rill.engine;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * JFR event: a worker was found in one task run for longer than the stuck threshold, so the tasks
 * queued behind it wait. Committed by whoever watches the workers, not by the stuck worker itself
 * (hence no stack trace: it would be the watcher's). On by default, so a plain
 * {@code jcmd <pid> JFR.start} records it.
 *
 * <p>Threading: {@link #commit} from any thread; cheap when no recording is running. Until a
 * recording has started in this JVM it does not even make the event: the first event object
 * initialises JFR (about a hundred classes loaded and set up), which an overloaded service
 * would pay just when its workers start being reported stuck.
 */
@Name("dev.rill.StuckWorker")
@Label("Rill Stuck Worker")
@Category({"Rill", "Engine"})
@Description("A worker thread stayed in one task run past the stuck threshold")
@Enabled
@StackTrace(false)
final class StuckWorkerEvent extends Event {

    @Label("Worker")
    @Description("Name of the stuck worker thread")
    String worker;

    @Label("Task")
    @Description("Class of the task it is running")
    String task;

    @Label("Stuck For")
    @Timespan(Timespan.NANOSECONDS)
    long stuckFor;

    /** Records that {@code worker} has been running {@code task} for {@code stuckNanos}, if a recording wants it. */
    static void commit(String worker, Object task, long stuckNanos) {
        if (!FlightRecorder.isInitialized()) {
            return; // no recording has ever run: do not wake JFR up (see the class comment)
        }
        StuckWorkerEvent e = new StuckWorkerEvent();
        if (e.shouldCommit()) {
            e.worker = worker;
            e.task = TaskDescription.of(task);
            e.stuckFor = stuckNanos;
            e.commit();
        }
    }
}
