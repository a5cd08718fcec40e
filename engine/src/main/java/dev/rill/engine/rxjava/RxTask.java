package dev.rill.engine.rxjava;

import dev.rill.engine.adapter.AdaptedTask;
import io.reactivex.rxjava3.disposables.Disposable;
import io.reactivex.rxjava3.schedulers.SchedulerRunnableIntrospection;

/**
 * A task given to Rill through RxJava's {@code Scheduler} API, as the {@code Disposable} RxJava
 * expects. A direct one ({@link Direct}) also tells which Runnable it wraps (the one after {@code
 * RxJavaPlugins.onSchedule}), as RxJava's own direct tasks do and its worker tasks do not.
 */
class RxTask extends AdaptedTask implements Disposable {

    RxTask(Runnable task, Owner owner, boolean periodic) {
        super(task, owner, periodic);
    }

    @Override
    public void dispose() {
        cancel();
    }

    @Override
    public boolean isDisposed() {
        return isFinished();
    }

    /** A task scheduled on the scheduler itself rather than on one of its workers. */
    static final class Direct extends RxTask implements SchedulerRunnableIntrospection {
        Direct(Runnable task, Owner owner, boolean periodic) {
            super(task, owner, periodic);
        }

        @Override
        public Runnable getWrappedRunnable() {
            return wrapped();
        }
    }
}
