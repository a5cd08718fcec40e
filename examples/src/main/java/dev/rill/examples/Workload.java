package dev.rill.examples;

import static io.reactivex.rxjava3.schedulers.Schedulers.computation;
import static io.reactivex.rxjava3.schedulers.Schedulers.io;

import dev.rill.Rill;
import dev.rill.engine.Engine;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.core.Single;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * One request of the showcase's service-like workload, written three ways: with Reactor, with
 * RxJava and with Rill's operators. Each request hops onto the CPU scheduler, parses (a little CPU
 * work), one in four makes a 1 ms blocking call on the blocking scheduler, comes back to the CPU
 * scheduler, streams a page of {@value #PAGE} items, all under a 500 ms timeout.
 *
 * <p>The Reactor and RxJava versions name only their library's standard schedulers, so the same
 * code runs on the library's own threads or, after {@code RillReactor.install} / {@code
 * RillRx.install}, on Rill's engine. {@link OpenLoad} drives requests at a steady rate; the
 * showcase and the capacity probe in {@code bench/} both use this class, so they measure the same
 * work.
 *
 * <p>Threading: the methods only assemble pipelines and may be called from any thread.
 */
public final class Workload {

    /** Items each request streams back. */
    public static final int PAGE = 16;

    private static final Duration TIMEOUT = Duration.ofMillis(500);

    private static volatile long sink;

    private Workload() {
    }

    /** The request with Reactor, on {@code Schedulers.parallel()} and {@code boundedElastic()}. */
    public static Publisher<Integer> reactorRequest(int id) {
        return Mono.just(id)
                .publishOn(Schedulers.parallel())
                .map(Workload::cpu)
                .flatMap(v -> v % 4 == 0
                        ? Mono.fromCallable(() -> blockingCall(v)).subscribeOn(Schedulers.boundedElastic())
                        : Mono.just(v))
                .publishOn(Schedulers.parallel())
                .flatMapMany(v -> Flux.range(v, PAGE).publishOn(Schedulers.parallel(), PAGE).map(Workload::cpu))
                .timeout(TIMEOUT, Schedulers.parallel());
    }

    /** The request with RxJava, on {@code Schedulers.computation()} and {@code io()}. */
    public static Publisher<Integer> rxJavaRequest(int id) {
        return Single.just(id)
                .observeOn(computation())
                .map(Workload::cpu)
                .flatMap(v -> v % 4 == 0
                        ? Single.fromCallable(() -> blockingCall(v)).subscribeOn(io())
                        : Single.just(v))
                .observeOn(computation())
                .flatMapPublisher(v -> Flowable.range(v, PAGE).observeOn(computation(), false, PAGE).map(Workload::cpu))
                .timeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS, computation());
    }

    /** The request with Rill's operators, on {@code engine} and its blocking pool. */
    public static Publisher<Integer> rillRequest(Engine engine, int id) {
        return Rill.just(id)
                .publishOn(engine)
                .map(Workload::cpu)
                .flatMap(v -> v % 4 == 0
                        ? Rill.fromCallable(() -> blockingCall(v)).subscribeOn(engine.blocking())
                        : Rill.just(v))
                .publishOn(engine)
                .concatMap(v -> Rill.range(v, PAGE).publishOn(engine, PAGE).map(Workload::cpu))
                .timeout(TIMEOUT, engine);
    }

    /** A couple of hundred nanoseconds of arithmetic. */
    static int cpu(int v) {
        long x = v;
        for (int i = 0; i < 40; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
        }
        sink = x;
        return v;
    }

    /** A call that blocks its thread for about a millisecond (a database, a remote service). */
    static int blockingCall(int v) throws InterruptedException {
        Thread.sleep(1);
        return v;
    }
}
