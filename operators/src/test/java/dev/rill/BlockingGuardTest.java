package dev.rill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rill.engine.Engine;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Blocking waits on an engine worker fail fast, naming the thread and the way out, instead of
 * deadlocking the engine (a one-worker engine here: any wait for work queued behind it is for
 * ever). The blocking pool and other threads still wait.
 */
class BlockingGuardTest {

    private final Engine engine = Engine.builder().workers(1).name("guarded").build();

    @AfterEach
    void close() {
        engine.close();
    }

    /** Runs {@code wait} on the engine's only worker; what it threw, or null. Bounded. */
    private Throwable onWorker(Consumer<Rill<Integer>> wait) throws Exception {
        CompletableFuture<Throwable> thrown = new CompletableFuture<>();
        Rill<Integer> queuedBehindUs = Rill.just(1).publishOn(engine);
        engine.execute(() -> {
            try {
                wait.accept(queuedBehindUs);
                thrown.complete(null);
            } catch (Throwable t) {
                thrown.complete(t);
            }
        });
        return thrown.get(10, TimeUnit.SECONDS);
    }

    private static void assertRefused(Throwable t, String call) {
        assertThat(t).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(call)
                .hasMessageContaining("guarded-")
                .hasMessageContaining("engine 'guarded'")
                .hasMessageContaining("engine.blocking()");
    }

    @Test
    void blockLastAndBlockFirstOnAWorkerFailFast() throws Exception {
        assertRefused(onWorker(Rill::blockLast), "blockLast()");
        assertRefused(onWorker(Rill::blockFirst), "blockFirst()");
        assertRefused(onWorker(r -> r.blockLast(Duration.ofSeconds(1))), "blockLast()");
    }

    @Test
    void iteratingOnAWorkerFailsFastWhenItWouldWait() throws Exception {
        assertRefused(onWorker(r -> r.toIterable().iterator().hasNext()), "toIterable()");
        assertRefused(onWorker(r -> r.toStream().findFirst()), "toStream()");
    }

    @Test
    void waitingForAnUnfinishedFutureOnAWorkerFailsFast() throws Exception {
        assertRefused(onWorker(r -> {
            try {
                r.toFuture().get();
            } catch (InterruptedException | ExecutionException e) {
                throw new AssertionError(e);
            }
        }), "toFuture().get()");
        assertRefused(onWorker(r -> r.toFuture().join()), "toFuture().join()");
    }

    /** Nothing to wait for: a completed future is read anywhere, an iterator with a value queued answers. */
    @Test
    void readingWhatIsAlreadyThereIsNotAWait() throws Exception {
        assertThat(onWorker(r -> assertThat(Rill.just(7).toFuture().join()).isEqualTo(7))).isNull();
        assertThat(onWorker(r -> {
            Iterator<Integer> it = Rill.just(7).toIterable().iterator();
            assertThat(it.hasNext()).isTrue();
            assertThat(it.next()).isEqualTo(7);
        })).isNull();
    }

    @Test
    void theBlockingPoolAndOtherThreadsMayWait() throws Exception {
        CompletableFuture<Integer> got = new CompletableFuture<>();
        engine.blocking().execute(() -> got.complete(Rill.just(1).publishOn(engine).blockLast()));
        assertThat(got.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(Rill.just(2).publishOn(engine).blockLast()).isEqualTo(2);
    }
}
