package dev.rill;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, item 9: long chains subscribe without a stack frame per stage, on a thread with the
 * JVM's default stack size. The lengths are at least what Reactor 3.8.8 handles on such a thread.
 */
class DeepChainTest {

    @Test
    void sixteenThousandMergeWithAreOneMerge() {
        long n = 16_000;
        long sum = onDefaultStack(() -> {
            Rill<Long> r = Rill.just(0L);
            for (long i = 1; i <= n; i++) {
                r = r.mergeWith(Rill.just(i));
            }
            return r.reduce(0L, Long::sum).blockLast();
        });
        assertThat(sum).isEqualTo(n * (n + 1) / 2);
    }

    @Test
    void sixteenThousandConcatWithAreOneConcatInOrder() {
        int n = 16_000;
        List<Integer> out = onDefaultStack(() -> {
            Rill<Integer> r = Rill.just(0);
            for (int i = 1; i <= n; i++) {
                r = r.concatWith(Rill.just(i));
            }
            return r.collectList().blockLast();
        });
        assertThat(out).isEqualTo(IntStream.rangeClosed(0, n).boxed().collect(Collectors.toList()));
    }

    @Test
    void startWithOnAConcatKeepsTheOrder() {
        assertThat(Rill.just(2).concatWith(Rill.just(3)).startWith(0, 1).concatWith(Rill.just(4)).collectList().blockLast())
                .containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void aConcatStageStaysUnchangedWhenExtended() {
        Rill<Integer> ab = Rill.just(1).concatWith(Rill.just(2));
        Rill<Integer> abc = ab.concatWith(Rill.just(3));
        Rill<Integer> abd = ab.concatWith(Rill.just(4));
        assertThat(ab.collectList().blockLast()).containsExactly(1, 2);
        assertThat(abc.collectList().blockLast()).containsExactly(1, 2, 3);
        assertThat(abd.collectList().blockLast()).containsExactly(1, 2, 4);
    }

    @Test
    void aChainOfFourThousandConcatMapDeliversTheValue() {
        Integer v = onDefaultStack(() -> {
            Rill<Integer> r = Rill.just(1);
            for (int i = 0; i < 4_000; i++) {
                r = r.concatMap(Rill::just);
            }
            return r.blockLast();
        });
        assertThat(v).isEqualTo(1);
    }

    @Test
    void sixteenThousandConcatMapsNestedInTheirMappersDeliverTheValue() {
        // Over a constant, a concatMap is its mapper's result: the nesting unrolls in the
        // subscribe loop (Reactor: 2,000 on this JVM, 4,000 overflow).
        assertThat(onDefaultStack(() -> nested(16_000).blockLast())).isZero();
    }

    private static Rill<Integer> nested(int depth) {
        return depth == 0 ? Rill.just(0) : Rill.just(depth).concatMap(x -> nested(x - 1));
    }

    /** Runs {@code work} on a new thread with the default stack size; a stack overflow fails the test. */
    private static <T> T onDefaultStack(Supplier<T> work) {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                result.set(work.get());
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        t.start();
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        if (failure.get() != null) {
            throw new AssertionError("failed on a default-size stack", failure.get());
        }
        return result.get();
    }
}
