package dev.rill.examples;

import dev.rill.engine.Engine;
import dev.rill.engine.reactor.RillReactor;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A Reactor application switched to Rill with one line: {@code RillReactor.install(engine)}. The
 * application code does not change; {@code Schedulers.parallel()}, {@code single()} and {@code
 * boundedElastic()} now run on the engine.
 *
 * <pre>{@code java -cp examples/target/rill-examples.jar dev.rill.examples.ReactorOnRill}</pre>
 */
public final class ReactorOnRill {

    private ReactorOnRill() {
    }

    public static void main(String[] args) {
        run(System.out);
    }

    /** The application's output on Reactor's schedulers and on Rill, and where it ran. */
    public record Result(List<String> ownSchedulers, List<String> onRill, String rillThread) {
    }

    public static Result run(PrintStream out) {
        List<String> own = application();
        out.println("on Reactor's schedulers: " + own);
        try (Engine engine = Engine.builder().workers(2).name("reactor-app").build()) {
            RillReactor.install(engine); // the one line
            try {
                List<String> onRill = application();
                String thread = Mono.fromCallable(() -> Thread.currentThread().getName())
                        .subscribeOn(Schedulers.parallel()).block();
                out.println("on Rill:                 " + onRill);
                out.println("Schedulers.parallel() now runs on " + thread);
                out.println(engine.metrics());
                return new Result(own, onRill, thread);
            } finally {
                RillReactor.uninstall();
            }
        }
    }

    /** Plain Reactor code: hops, a delay, a timeout, a blocking lookup. */
    static List<String> application() {
        return Flux.range(1, 20)
                .publishOn(Schedulers.parallel())
                .map(i -> i * i)
                .flatMap(sq -> Mono.fromCallable(() -> lookup(sq)).subscribeOn(Schedulers.boundedElastic()), 4)
                .delayElements(Duration.ofMillis(1))
                .timeout(Duration.ofSeconds(5))
                .collectSortedList()
                .map(l -> l.subList(0, 5).stream().map(String::valueOf).toList())
                .block();
    }

    /** A blocking call, where it belongs: on boundedElastic(). */
    static String lookup(int key) throws InterruptedException {
        Thread.sleep(1);
        return "#" + key;
    }
}
