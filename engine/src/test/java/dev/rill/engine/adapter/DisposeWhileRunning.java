package dev.rill.engine.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The scenario both adapters' tests run on their library's own scheduler and on Rill's: schedule
 * a task that blocks for 10 s, dispose it (or its worker) once it runs, and say whether the
 * blocking call was interrupted.
 */
public final class DisposeWhileRunning {

    private DisposeWhileRunning() {
    }

    /**
     * @param schedule schedules the task, returning the library's handle
     * @param dispose what disposes it: the handle, or the worker it runs on
     * @return "interrupted" or "ran to its end"
     */
    public static <D> String run(Function<Runnable, D> schedule, Consumer<D> dispose) {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch ended = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        D d = schedule.apply(() -> {
            started.countDown();
            try {
                new CountDownLatch(1).await(10, TimeUnit.SECONDS); // the blocking call
            } catch (InterruptedException e) {
                interrupted.set(true);
            }
            ended.countDown();
        });
        await(started);
        dispose.accept(d);
        await(ended);
        return interrupted.get() ? "interrupted" : "ran to its end";
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(15, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
