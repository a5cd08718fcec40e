package dev.rill;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The future of {@code toFuture()}: a {@link CompletableFuture} whose waits ({@code get},
 * {@code join}) refuse an engine worker while it is not done (see {@link BlockingGuard}); reading a
 * completed one is not a wait and is allowed anywhere. Composition ({@code thenApply} ...) is
 * untouched: that is what a worker should do instead.
 *
 * <p>Threading: as {@link CompletableFuture}.
 */
final class WaitGuardedFuture<T> extends CompletableFuture<T> {

    @Override
    public T get() throws InterruptedException, ExecutionException {
        guard("toFuture().get()");
        return super.get();
    }

    @Override
    public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        guard("toFuture().get(timeout)");
        return super.get(timeout, unit);
    }

    @Override
    public T join() {
        guard("toFuture().join()");
        return super.join();
    }

    private void guard(String call) {
        if (!isDone()) {
            BlockingGuard.check(call);
        }
    }
}
