package dev.rill.engine.adapter;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/**
 * Which adapted task each thread is running now, so that disposing a scheduler interrupts its
 * running tasks as Reactor's and RxJava's own schedulers do (their {@code shutdownNow()}), with no
 * set that every task joins and leaves: each thread has one slot, made once per thread and found
 * through a {@link ThreadLocal}; a run writes its task there and clears it after; a dispose reads
 * every live thread's slot.
 *
 * <p>Dekker between a run and a dispose: the run stores its task in its slot and then reads its
 * generation; the dispose ends the generation and then reads the slots (all volatile). So either
 * the run sees the generation over and does not start its task, or the dispose sees the task and
 * interrupts it.
 *
 * <p>Threading: {@link #mine()} and the slot's writes by the thread it belongs to; {@link
 * #forEachRunning} from any thread.
 */
final class RunningSlots {

    /** One thread's slot. */
    static final class Slot {
        final Thread thread;
        /** The task this thread runs now, or null. */
        volatile AdaptedTask task;

        Slot(Thread thread) {
            this.thread = thread;
        }
    }

    private static final ConcurrentLinkedQueue<Slot> ALL = new ConcurrentLinkedQueue<>();
    private static final ThreadLocal<Slot> MINE = ThreadLocal.withInitial(RunningSlots::register);

    private RunningSlots() {
    }

    /** This thread's slot (made on its first adapted task). */
    static Slot mine() {
        return MINE.get();
    }

    private static Slot register() {
        Slot s = new Slot(Thread.currentThread());
        ALL.removeIf(old -> !old.thread.isAlive()); // once per new thread: blocking threads come and go
        ALL.add(s);
        return s;
    }

    /** Passes each task running now on any thread to {@code action}. */
    static void forEachRunning(Consumer<AdaptedTask> action) {
        for (Slot s : ALL) {
            AdaptedTask t = s.task;
            if (t != null) {
                action.accept(t);
            }
        }
    }
}
