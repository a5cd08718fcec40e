package dev.rill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The sources as {@code Rill} hands them out, composed with operators. Each source's own behaviour
 * is tested beside it in {@code publishers/}.
 */
class RillSourcesTest {

    @Test
    void generateRunsAStateMachineAndDisposesTheStateOnEveryPath() {
        List<Integer> disposed = new CopyOnWriteArrayList<>();
        Rill<Integer> counter = Rill.generate(() -> 0, (i, sink) -> {
            if (i == 5) {
                sink.complete();
            } else {
                sink.next(i);
            }
            return i + 1;
        }, disposed::add);
        assertThat(counter.collectList().blockLast()).containsExactly(0, 1, 2, 3, 4);
        assertThat(counter.take(2).collectList().blockLast()).containsExactly(0, 1);
        assertThat(disposed).containsExactly(6, 2);
        assertThatThrownBy(() -> Rill.<Integer>generate(sink -> {
            sink.next(1);
            sink.next(2);
        }).blockLast()).hasMessageContaining("more than once");
        assertThatThrownBy(() -> Rill.<Integer>generate(sink -> sink.error(new IllegalStateException("gen"))).blockLast())
                .hasMessage("gen");
    }

    @Test
    void timerOnTheCommonEngineReallyWaits() {
        long t0 = System.nanoTime();
        assertThat(Rill.timer(Duration.ofMillis(20)).blockLast(Duration.ofSeconds(5))).isZero();
        assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(20));
    }

    @Test
    void usingCleansUpOnceOnEveryPath() {
        List<String> log = new CopyOnWriteArrayList<>();
        Rill<Integer> r = Rill.using(() -> "res", res -> Rill.range(0, 5), res -> log.add("cleanup " + res));
        assertThat(r.collectList().blockLast()).hasSize(5);
        assertThat(r.take(1).blockLast()).isZero();
        Rill<Integer> failing = Rill.using(() -> "bad", res -> Rill.error(new IllegalStateException("inner")),
                res -> log.add("cleanup " + res));
        assertThatThrownBy(failing::blockLast).hasMessage("inner");
        Rill<Integer> factoryFails = Rill.using(() -> "f", res -> {
            throw new IllegalArgumentException("factory");
        }, res -> log.add("cleanup " + res));
        assertThatThrownBy(factoryFails::blockLast).hasMessage("factory");
        assertThat(log).containsExactly("cleanup res", "cleanup res", "cleanup bad", "cleanup f");
    }

    @Test
    void doFinallyRunsOnceAfterAnyEnding() {
        AtomicInteger runs = new AtomicInteger();
        Rill.range(0, 3).doFinally(runs::incrementAndGet).blockLast();
        Rill.range(0, 100).doFinally(runs::incrementAndGet).take(1).blockLast();
        assertThatThrownBy(() -> Rill.error(new IllegalStateException("e")).doFinally(runs::incrementAndGet).blockLast())
                .hasMessage("e");
        assertThat(runs.get()).isEqualTo(3);
    }
}
