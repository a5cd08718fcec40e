package dev.rill;

import dev.rill.publishers.Emitter;
import java.util.concurrent.atomic.AtomicReference;

/** A hand-driven source for tests: the test calls {@link #next} and friends on its own schedule. */
final class Push<T> {
    private final AtomicReference<Emitter<T>> emitter = new AtomicReference<>();
    final Rill<T> rill = Rill.create(emitter::set);

    Push<T> next(T value) {
        emitter.get().next(value);
        return this;
    }

    void complete() {
        emitter.get().complete();
    }

    void error(Throwable e) {
        emitter.get().error(e);
    }

    boolean cancelled() {
        return emitter.get().isCancelled();
    }

    /** Busy-waits about 200 ns: paces a synchronous source so that timers race its values. */
    static void spin(Object ignored) {
        long end = System.nanoTime() + 200;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }
}
