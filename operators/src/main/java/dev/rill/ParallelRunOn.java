package dev.rill;

import dev.rill.engine.Engine;
import dev.rill.engine.Scheduler;
import dev.rill.engine.Task;
import dev.rill.signal.Subscriptions;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import org.reactivestreams.Subscriber;

/**
 * {@code ParallelRill.runOn}: each rail hands its values to a scheduler through a prefetch queue
 * and drain of its own, {@code publishOn}'s ({@link PrefetchDrainSubscriber}). On an {@link
 * Engine} a rail's drain is one reusable {@link Task} ({@link RillPublishOn.TaskDrain}): it is not
 * tied to a thread, it drains within the cooperative budget and yields, and whichever worker is
 * idle steals it, so the rails spread over the workers that are free instead of waiting for the
 * ones they were dealt (the balance {@link ParallelRill} describes). On another scheduler each
 * rail gets a {@link Scheduler.Worker} of its own, as in Reactor. A scheduler that rejects the
 * workers fails every rail.
 *
 * <p>Threading: each rail as {@link PrefetchDrainSubscriber}, its drain on the scheduler.
 */
final class ParallelRunOn<T> extends ParallelOperator<T, T> {

    private final Scheduler scheduler;
    private final int prefetch;

    ParallelRunOn(ParallelRill<T> source, Scheduler scheduler, int prefetch) {
        super(source);
        if (prefetch <= 0) {
            throw new IllegalArgumentException("runOn: prefetch must be positive, was " + prefetch);
        }
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.prefetch = prefetch;
    }

    @Override
    Subscriber<? super T> subscribeRail(Subscriber<? super T> rail) {
        return new RillPublishOn.TaskDrain<>(rail, (Engine) scheduler, prefetch);
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"}) // a generic array
    void subscribeRails(Subscriber<? super T>[] rails) {
        if (scheduler instanceof Engine) {
            super.subscribeRails(rails);
            return;
        }
        Scheduler.Worker[] workers = new Scheduler.Worker[rails.length];
        try {
            for (int i = 0; i < rails.length; i++) {
                workers[i] = scheduler.createWorker();
            }
        } catch (RejectedExecutionException e) {
            for (Scheduler.Worker w : workers) {
                if (w != null) {
                    w.cancel();
                }
            }
            for (Subscriber<? super T> s : rails) {
                Subscriptions.error(s, e); // §1.9: onSubscribe, then the error
            }
            return;
        }
        Subscriber<? super T>[] drains = new Subscriber[rails.length];
        for (int i = 0; i < rails.length; i++) {
            drains[i] = new RillPublishOn.WorkerDrain<>(rails[i], workers[i], prefetch);
        }
        source.subscribeRails(drains);
    }
}
