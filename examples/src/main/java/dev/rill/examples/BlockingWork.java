package dev.rill.examples;

import dev.rill.Rill;
import dev.rill.engine.Engine;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Blocking work on the blocking pool: 64 "page fetches" that each block for 10 ms, 16 at a time on
 * {@code engine.blocking()}, with the results processed back on the engine's workers. The workers
 * never block, so the engine stays free for everything else meanwhile.
 *
 * <pre>{@code java -cp examples/target/rill-examples.jar dev.rill.examples.BlockingWork}</pre>
 */
public final class BlockingWork {

    private BlockingWork() {
    }

    public static void main(String[] args) {
        run(System.out);
    }

    /** The titles, and the threads that fetched and that processed them. */
    public record Result(List<String> titles, Set<String> fetchThreads, Set<String> processThreads, long millis) {
    }

    public static Result run(PrintStream out) {
        Set<String> fetchThreads = ConcurrentHashMap.newKeySet();
        Set<String> processThreads = ConcurrentHashMap.newKeySet();
        try (Engine engine = Engine.builder().workers(2).name("blocking").build()) {
            long start = System.nanoTime();
            List<String> titles = Rill.range(0, 64)
                    .flatMap(u -> Rill.fromCallable(() -> {
                        fetchThreads.add(Thread.currentThread().getName());
                        Thread.sleep(10); // e.g. a JDBC query or a blocking HTTP client
                        return "page " + u;
                    }).subscribeOn(engine.blocking()), 16)
                    .publishOn(engine)
                    .map(page -> {
                        processThreads.add(Thread.currentThread().getName());
                        return page.toUpperCase();
                    })
                    .collectList().blockLast(Duration.ofSeconds(30));
            long millis = (System.nanoTime() - start) / 1_000_000;
            out.printf("%d pages in %d ms (64 x 10 ms of blocking, 16 at a time: at least 40 ms)%n", titles.size(), millis);
            out.println("fetched on " + fetchThreads.size() + " blocking threads, processed on " + processThreads);
            return new Result(titles, fetchThreads, processThreads, millis);
        }
    }
}
