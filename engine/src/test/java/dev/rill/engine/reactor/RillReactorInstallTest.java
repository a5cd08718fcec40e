package dev.rill.engine.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rill.engine.Engine;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Real Reactor pipelines, first on Reactor's own schedulers and then after {@link
 * RillReactor#install}: the same results, and the work on Rill's threads.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RillReactorInstallTest {

    private final Engine engine = Engine.builder().workers(2).name("installed").build();
    private final Set<String> threads = ConcurrentHashMap.newKeySet();

    @AfterEach
    void close() {
        RillReactor.uninstall();
        engine.close();
    }

    private <T> void sameOnBoth(Supplier<T> pipeline) {
        T own = pipeline.get();
        threads.clear();
        RillReactor.install(engine);
        try {
            T rill = pipeline.get();
            assertThat(rill).isEqualTo(own);
            assertThat(threads).isNotEmpty().allMatch(n -> n.startsWith("rill-installed"));
        } finally {
            RillReactor.uninstall();
        }
    }

    private <T> T seen(T v) {
        threads.add(Thread.currentThread().getName());
        return v;
    }

    @Test
    void publishOnAndSubscribeOn() {
        sameOnBoth(() -> Flux.range(0, 10_000).subscribeOn(Schedulers.single()).map(this::seen)
                .publishOn(Schedulers.parallel()).map(this::seen).map(x -> x * 2).collectList().block());
    }

    @Test
    void delayElementsIntervalAndMonoDelay() {
        sameOnBoth(() -> Flux.range(0, 5).delayElements(Duration.ofMillis(2)).map(this::seen).collectList().block());
        sameOnBoth(() -> Flux.interval(Duration.ofMillis(1)).map(this::seen).take(20).collectList().block());
        sameOnBoth(() -> Mono.delay(Duration.ofMillis(5)).map(this::seen).block());
    }

    @Test
    void timeoutFiresOnTheInstalledScheduler() {
        sameOnBoth(() -> Flux.never().timeout(Duration.ofMillis(10)).onErrorResume(TimeoutException.class,
                e -> Mono.just(seen("timed out"))).blockLast());
        sameOnBoth(() -> Flux.range(0, 100).timeout(Duration.ofSeconds(5)).publishOn(Schedulers.parallel())
                .map(this::seen).count().block());
    }

    @Test
    void parallelRunOn() {
        sameOnBoth(() -> Flux.range(0, 10_000).parallel(4).runOn(Schedulers.parallel()).map(this::seen)
                .map(x -> x * 3L).sequential().collectSortedList().block());
    }

    @Test
    void blockingCallsOnBoundedElastic() {
        sameOnBoth(() -> Flux.range(0, 40).flatMap(i -> Mono.fromCallable(() -> {
            Thread.sleep(1); // blocking, where it belongs
            return seen(i * 10);
        }).subscribeOn(Schedulers.boundedElastic()), 8).collectSortedList().block());
        RillReactor.install(engine);
        String name = Mono.fromCallable(() -> Thread.currentThread().getName())
                .subscribeOn(Schedulers.boundedElastic()).block();
        assertThat(name).contains("blocking");
    }

    @Test
    void uninstallGivesReactorItsOwnSchedulersBack() {
        RillReactor.install(engine);
        assertThat(RillReactor.installed()).isSameAs(engine);
        assertThat(Mono.fromCallable(() -> Thread.currentThread().getName()).subscribeOn(Schedulers.parallel()).block())
                .startsWith("rill-installed");
        assertThat(RillReactor.uninstall()).isTrue();
        assertThat(RillReactor.uninstall()).isFalse();
        assertThat(Mono.fromCallable(() -> Thread.currentThread().getName()).subscribeOn(Schedulers.parallel()).block())
                .startsWith("parallel-");
    }

    @Test
    void installTwiceOrWithAClosedEngineIsAClearError() {
        RillReactor.install(engine);
        assertThatThrownBy(() -> RillReactor.install(engine)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already installed");
        RillReactor.uninstall();
        Engine closed = Engine.builder().workers(1).name("closed").build();
        closed.close();
        assertThatThrownBy(() -> RillReactor.install(closed)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertThat(RillReactor.installed()).isNull();
    }

    @Test
    void aSchedulerWhoseEngineClosedRejectsTheReactorWay() {
        Engine e = Engine.builder().workers(1).name("gone").build();
        reactor.core.scheduler.Scheduler s = RillReactor.scheduler(e);
        e.close();
        Throwable err = Flux.range(0, 3).publishOn(s).then().onErrorResume(x -> Mono.error(x))
                .materialize().block().getThrowable();
        assertThat(err).isInstanceOf(java.util.concurrent.RejectedExecutionException.class);
        assertThat(List.of(reactor.core.Exceptions.isOverflow(err))).containsExactly(false);
    }
}
