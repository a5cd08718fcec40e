package dev.rill.examples;

import dev.rill.Rill;
import dev.rill.engine.Engine;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Timeouts and retries on the timer wheel: a flaky service that hangs twice before it answers,
 * called under a 50 ms timeout with retries; a slow stream that falls back to a cached answer; and
 * a burst of keystrokes debounced to the last one.
 *
 * <pre>{@code java -cp examples/target/rill-examples.jar dev.rill.examples.TimeoutsAndRetries}</pre>
 */
public final class TimeoutsAndRetries {

    private TimeoutsAndRetries() {
    }

    public static void main(String[] args) {
        run(System.out);
    }

    /** What each part produced. */
    public record Result(String answer, int attempts, List<String> fallback, List<String> debounced) {
    }

    public static Result run(PrintStream out) {
        try (Engine engine = Engine.builder().workers(2).name("timeouts").build()) {
            // A service that hangs on the first two calls: each hang is cut at 50 ms, then retried.
            AtomicInteger attempts = new AtomicInteger();
            String answer = Rill.defer(() -> attempts.incrementAndGet() <= 2 ? Rill.<String>never() : Rill.just("42"))
                    .timeout(Duration.ofMillis(50), engine)
                    .retry(5)
                    .blockLast(Duration.ofSeconds(5));
            out.println("answer " + answer + " after " + attempts.get() + " attempts (2 timed out)");

            // A stream whose second value never comes: after 30 ms of silence, the cached values.
            List<String> fallback = Rill.just("fresh-1").concatWith(Rill.never())
                    .timeout(Duration.ofMillis(30), Rill.just("cached-2", "cached-3"), engine)
                    .collectList().blockLast(Duration.ofSeconds(5));
            out.println("with fallback: " + fallback);

            // Keystrokes 5 ms apart, then a pause: debounce keeps only what was typed before the pause.
            List<String> debounced = Rill.just("r", "ri", "ril", "rill")
                    .concatMap(s -> Rill.just(s).delayElements(Duration.ofMillis(5), engine))
                    .debounce(Duration.ofMillis(50), engine)
                    .collectList().blockLast(Duration.ofSeconds(5));
            out.println("debounced: " + debounced);

            // And a timeout that nobody rescues is an error, not a hang.
            try {
                Rill.never().timeout(Duration.ofMillis(10), engine).blockLast();
            } catch (RuntimeException e) {
                out.println("unrescued: " + (e.getCause() instanceof TimeoutException ? e.getCause() : e));
            }
            return new Result(answer, attempts.get(), fallback, debounced);
        }
    }
}
