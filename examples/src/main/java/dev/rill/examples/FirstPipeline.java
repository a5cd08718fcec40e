package dev.rill.examples;

import dev.rill.Rill;
import dev.rill.engine.Engine;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/**
 * A first Rill pipeline: a synchronous one (fused into one loop), one that hands its values to
 * the engine's workers, and one on the timer wheel.
 *
 * <pre>{@code java -cp examples/target/rill-examples.jar dev.rill.examples.FirstPipeline}</pre>
 */
public final class FirstPipeline {

    private FirstPipeline() {
    }

    public static void main(String[] args) {
        run(System.out);
    }

    /** What the three pipelines produced. */
    public record Result(long sum, List<String> shouted, List<Long> ticks) {
    }

    public static Result run(PrintStream out) {
        // 1. Synchronous: range -> map -> filter -> reduce runs as one fused loop on this thread.
        long sum = Rill.range(1, 1_000_000).map(i -> i * 2).filter(i -> i % 3 == 0)
                .reduce(0L, (acc, i) -> acc + i).blockLast();
        out.println("sum of the doubled multiples of 3 below 2,000,000: " + sum);

        try (Engine engine = Engine.builder().workers(2).name("first").build()) {
            // 2. Asynchronous: the map runs on an engine worker, in order, within its budget.
            List<String> shouted = Rill.just("rill", "reactor", "rxjava")
                    .publishOn(engine)
                    .map(s -> s.toUpperCase() + " on " + Thread.currentThread().getName())
                    .collectList().blockLast();
            shouted.forEach(out::println);

            // 3. Time: five ticks, 10 ms apart, from the engine's timer wheel.
            List<Long> ticks = Rill.interval(Duration.ofMillis(10), engine).take(5).collectList()
                    .blockLast(Duration.ofSeconds(5));
            out.println("ticks: " + ticks);
            return new Result(sum, shouted, ticks);
        }
    }
}
