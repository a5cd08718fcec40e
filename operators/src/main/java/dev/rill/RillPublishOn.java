package dev.rill;

import dev.rill.engine.Budget;
import dev.rill.engine.Engine;
import dev.rill.engine.Rejectable;
import dev.rill.engine.Scheduler;
import dev.rill.engine.Task;
import dev.rill.signal.Subscriptions;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import org.reactivestreams.Subscriber;

/**
 * {@code publishOn}: delivers signals on a {@link Scheduler}, through the prefetch queue and drain
 * of {@link PrefetchDrainSubscriber}. Where the drain runs is chosen once, at subscription: on an
 * {@link Engine} it is one reusable {@link Task} (no allocation per wake-up, {@link TaskDrain});
 * on any other scheduler, a {@link Scheduler.Worker} ({@link WorkerDrain}). Fusion with the
 * upstream is asked with {@code THREAD_BOUNDARY}, so upstream user code stays upstream. The drain
 * spends one {@link Budget} unit per value, claimed a batch at a time, and yields its worker when
 * the budget runs out, so endless streams share workers fairly. A schedule rejected by a closed
 * engine or a disposed scheduler becomes {@code onError(RejectedExecutionException)}, and so does a
 * drain the engine dropped unrun when it closed ({@link Task#rejected}, {@link Rejectable}).
 *
 * <p>Threading: as {@link PrefetchDrainSubscriber}; the drain runs on the scheduler's threads.
 */
final class RillPublishOn<T> extends RillOperator<T, T> {

    private final Rill<? extends T> source;
    private final Scheduler scheduler;
    private final int prefetch;

    RillPublishOn(Rill<? extends T> source, Scheduler scheduler, int prefetch) {
        if (prefetch <= 0) {
            throw new IllegalArgumentException("publishOn: prefetch must be positive, was " + prefetch);
        }
        this.source = source;
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.prefetch = prefetch;
    }

    @Override
    Rill<? extends T> source() {
        return source;
    }

    @Override
    Subscriber<? super T> subscribeOrReturn(Subscriber<? super T> s) {
        if (scheduler instanceof Engine engine) {
            return new TaskDrain<>(s, engine, prefetch);
        }
        Scheduler.Worker worker;
        try {
            worker = scheduler.createWorker();
        } catch (RejectedExecutionException e) {
            Subscriptions.error(s, e); // §1.9: onSubscribe, then the error; never thrown from subscribe
            return null;
        }
        return new WorkerDrain<>(s, worker, prefetch);
    }

    /** The drain as one reusable engine task: scheduling it again allocates nothing. */
    static final class TaskDrain<T> extends PrefetchDrainSubscriber<T> {
        private final Task task;

        TaskDrain(Subscriber<? super T> downstream, Engine engine, int prefetch) {
            super(downstream, prefetch, true);
            this.task = new Task(engine) {
                @Override
                protected void run() {
                    drain();
                }

                @Override
                protected void rejected(RejectedExecutionException cause) {
                    drainRejected(cause); // the engine closed with our drain queued
                }
            };
        }

        @Override
        void schedule() {
            task.schedule();
        }

        @Override
        int claim(long demand) {
            return Budget.claim((int) Math.min(demand, Budget.PER_RUN));
        }

        @Override
        String name() {
            return "publishOn";
        }
    }

    /** The drain as runs of a foreign scheduler's worker; cancelling disposes the worker. */
    static final class WorkerDrain<T> extends PrefetchDrainSubscriber<T> implements Rejectable {
        private final Scheduler.Worker worker;

        WorkerDrain(Subscriber<? super T> downstream, Scheduler.Worker worker, int prefetch) {
            super(downstream, prefetch, true);
            this.worker = worker;
        }

        @Override
        void schedule() {
            worker.schedule(this);
        }

        /** One scheduled run. */
        @Override
        public void run() {
            drain();
        }

        /** The scheduler closed with our run queued: we hold the counter, and no run is coming. */
        @Override
        public void rejected(RejectedExecutionException cause) {
            drainRejected(cause);
        }

        @Override
        int claim(long demand) {
            return Budget.claim((int) Math.min(demand, Budget.PER_RUN));
        }

        @Override
        String name() {
            return "publishOn";
        }

        @Override
        void onCancel() {
            worker.cancel();
        }

        @Override
        void clear() {
            super.clear();
            worker.cancel();
        }
    }
}
