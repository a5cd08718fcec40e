package dev.rill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rill.engine.Engine;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A {@link StackOverflowError} from user code in an asynchronous stage ends the stream with
 * {@code onError} (the stack has unwound to the stage that caught it), and the engine's error
 * handler still hears of it; before, the worker reported it and the subscriber waited for ever.
 */
class FatalErrorTest {

    private final List<Throwable> reported = new CopyOnWriteArrayList<>();
    private final Engine engine = Engine.builder().workers(2).name("fatal").onError((t, e) -> reported.add(e)).build();

    @AfterEach
    void close() {
        engine.close();
    }

    private static int overflow(int depth) {
        return overflow(depth + 1) + 1;
    }

    private void assertEndsWithTheOverflow(Rill<Integer> rill) throws InterruptedException {
        TestSubscriber<Integer> ts = TestSubscriber.unbounded();
        rill.subscribe(ts);
        Throwable error = ts.await().error();
        // Inners fail on several workers at once: the stream may end with their errors together.
        if (error instanceof dev.rill.signal.CompositeException c) {
            assertThat(c.exceptions()).isNotEmpty().allSatisfy(e -> assertThat(e).isInstanceOf(StackOverflowError.class));
        } else {
            assertThat(error).isInstanceOf(StackOverflowError.class);
        }
        for (long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5); reported.isEmpty() && System.nanoTime() < end; ) {
            Thread.onSpinWait(); // bounded poll: the handler runs on the worker, after the signal
        }
        assertThat(reported).anySatisfy(e -> assertThat(e).isInstanceOf(StackOverflowError.class));
    }

    @Test
    void anOverflowInAMapAfterPublishOnEndsTheStream() throws Exception {
        assertEndsWithTheOverflow(Rill.range(0, 10).publishOn(engine).map(FatalErrorTest::overflow));
    }

    @Test
    void anOverflowInAFlatMapMapperOnAWorkerEndsTheStream() throws Exception {
        Function<Integer, Rill<Integer>> mapper = i -> Rill.just(overflow(i));
        assertEndsWithTheOverflow(Rill.range(0, 10).publishOn(engine).flatMap(mapper));
    }

    @Test
    void anOverflowInsideAFlatMapInnerOnAWorkerEndsTheStream() throws Exception {
        assertEndsWithTheOverflow(Rill.range(0, 10).flatMap(i -> Rill.just(i).publishOn(engine).map(FatalErrorTest::overflow)));
    }

    /** Off the engine nobody else would hear of it: the subscriber does, and the handler is not bothered. */
    @Test
    void anOverflowOnTheCallersThreadEndsTheStreamToo() throws Exception {
        TestSubscriber<Integer> ts = TestSubscriber.unbounded();
        Rill.range(0, 10).map(FatalErrorTest::overflow).subscribe(ts);
        Throwable error = ts.await().error();
        // Inners fail on several workers at once: the stream may end with their errors together.
        if (error instanceof dev.rill.signal.CompositeException c) {
            assertThat(c.exceptions()).isNotEmpty().allSatisfy(e -> assertThat(e).isInstanceOf(StackOverflowError.class));
        } else {
            assertThat(error).isInstanceOf(StackOverflowError.class);
        }
        assertThat(reported).isEmpty();
    }
}
