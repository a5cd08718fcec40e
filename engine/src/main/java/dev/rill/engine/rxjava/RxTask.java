package dev.rill.engine.rxjava;

import dev.rill.engine.adapter.AdaptedTask;
import io.reactivex.rxjava3.disposables.Disposable;

/** A task given to Rill through RxJava's {@code Scheduler} API, as the {@code Disposable} RxJava expects. */
final class RxTask extends AdaptedTask implements Disposable {

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
}
