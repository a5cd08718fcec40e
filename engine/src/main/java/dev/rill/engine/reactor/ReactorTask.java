package dev.rill.engine.reactor;

import dev.rill.engine.AdaptedTask;
import reactor.core.Disposable;

/** A task given to Rill through Reactor's {@code Scheduler} API, as the {@code Disposable} Reactor expects. */
final class ReactorTask extends AdaptedTask implements Disposable {
    /** In its owner's set of delayed and periodic tasks (cancelled when the owner is disposed). */
    final boolean tracked;

    ReactorTask(Runnable task, Owner owner, boolean periodic, boolean tracked) {
        super(task, owner, periodic);
        this.tracked = tracked;
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
