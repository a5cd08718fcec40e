package dev.rill.engine.reactor;

import dev.rill.engine.adapter.AdaptedTask;
import reactor.core.Disposable;

/** A task given to Rill through Reactor's {@code Scheduler} API, as the {@code Disposable} Reactor expects. */
final class ReactorTask extends AdaptedTask implements Disposable {

    ReactorTask(Runnable task, Owner owner, boolean periodic) {
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
