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
 * JFR event: a task run that lasted longer than the long-run threshold, committed once the run has
 * ended (a run still going is a {@link StuckWorkerEvent}). The duration is a field, not the event's
 * own span, because the run is measured by whoever watches the workers, after the fact. On by
 * default, so a plain {@code jcmd <pid> JFR.start} records it.
 *
 * <p>Threading: {@link #commit} from any thread; cheap when no recording is running. Until a
 * recording has started in this JVM it does not even make the event: the first event object
 * initialises JFR (about a hundred classes loaded and set up), which an overloaded service
 * would pay just when its workers start being reported stuck.
 */
@Name("dev.rill.LongTaskRun")
@Label("Rill Long Task Run")
@Category({"Rill", "Engine"})
@Description("A task run on a worker that lasted past the long-run threshold")
@Enabled
@StackTrace(false)
final class LongTaskRunEvent extends Event {

    @Label("Worker")
    @Description("Name of the worker thread that ran it")
    String worker;

    @Label("Task")
    @Description("Class of the task")
    String task;

    @Label("Run Duration")
    @Timespan(Timespan.NANOSECONDS)
    long runDuration;

    /** Records that {@code worker} ran {@code task} for {@code runNanos}, if a recording wants it. */
    static void commit(String worker, Object task, long runNanos) {
        if (!FlightRecorder.isInitialized()) {
            return; // no recording has ever run: do not wake JFR up (see the class comment)
        }
        LongTaskRunEvent e = new LongTaskRunEvent();
        if (e.shouldCommit()) {
            e.worker = worker;
            e.task = TaskDescription.of(task);
            e.runDuration = runNanos;
            e.commit();
        }
    }
}
