package dev.rill.examples;

import dev.rill.engine.Engine;
import dev.rill.engine.rxjava.RillRx;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.core.Single;
import io.reactivex.rxjava3.schedulers.Schedulers;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An RxJava application switched to Rill with one line: {@code RillRx.install(engine)}. The
 * application code does not change; {@code computation()}, {@code single()}, {@code io()} and
 * {@code newThread()} now run on the engine.
 *
 * <pre>{@code java -cp examples/target/rill-examples.jar dev.rill.examples.RxJavaOnRill}</pre>
 */
public final class RxJavaOnRill {

    private RxJavaOnRill() {
    }

    public static void main(String[] args) {
        run(System.out);
    }

    /** The application's output on RxJava's schedulers and on Rill, and where it ran. */
    public record Result(List<Long> ownSchedulers, List<Long> onRill, String rillThread) {
    }

    public static Result run(PrintStream out) {
        List<Long> own = application();
        out.println("on RxJava's schedulers: " + own);
        try (Engine engine = Engine.builder().workers(2).name("rx-app").build()) {
            RillRx.install(engine); // the one line
            try {
                List<Long> onRill = application();
                String thread = Single.fromCallable(() -> Thread.currentThread().getName())
                        .subscribeOn(Schedulers.computation()).blockingGet();
                out.println("on Rill:                " + onRill);
                out.println("Schedulers.computation() now runs on " + thread);
                return new Result(own, onRill, thread);
            } finally {
                RillRx.uninstall();
            }
        }
    }

    /** Plain RxJava code: an interval, observeOn, a timeout, blocking work on io(). */
    static List<Long> application() {
        return Flowable.interval(1, TimeUnit.MILLISECONDS)
                .take(10)
                .observeOn(Schedulers.computation())
                .map(i -> i * 10)
                .concatMapSingle(v -> Single.fromCallable(() -> {
                    Thread.sleep(1); // blocking, on io()
                    return v + 1;
                }).subscribeOn(Schedulers.io()))
                .timeout(5, TimeUnit.SECONDS)
                .toList()
                .blockingGet();
    }
}
