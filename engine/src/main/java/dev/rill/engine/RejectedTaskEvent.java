package dev.rill.engine;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Label;
import jdk.jfr.Name;

/**
 * JFR event: the engine refused a task (it is closed, or its blocking pool is full) or dropped one
 * unrun as it closed. On by default, with the stack trace of the thread that was refused, so a
 * plain {@code jcmd <pid> JFR.start} records it.
 *
 * <p>Threading: {@link #commit} from any thread. It costs nothing unless a recording is running:
 * the engine calls it only on the refusal path, and it checks {@code shouldCommit()} before it
 * names the task. Until a recording has started in this JVM it does not even make the event
 * (the first event object initialises JFR, about a hundred classes loaded and set up).
 */
@Name("dev.rill.RejectedTask")
@Label("Rill Rejected Task")
@Category({"Rill", "Engine"})
@Description("A task the engine refused or dropped unrun")
@Enabled
final class RejectedTaskEvent extends Event {

    @Label("Engine")
    String engine;

    @Label("Task")
    @Description("Class of the task")
    String task;

    @Label("Reason")
    String reason;

    /** Records that {@code engine} refused or dropped {@code task}, if a recording wants it. */
    static void commit(String engine, Object task, String reason) {
        if (!FlightRecorder.isInitialized()) {
            return; // no recording has ever run: do not wake JFR up (see the class comment)
        }
        RejectedTaskEvent e = new RejectedTaskEvent();
        if (e.shouldCommit()) {
            e.engine = engine;
            e.task = TaskDescription.of(task);
            e.reason = reason;
            e.commit();
        }
    }
}
