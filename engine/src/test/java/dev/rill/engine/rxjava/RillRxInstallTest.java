package dev.rill.engine.rxjava;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rill.engine.Engine;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.core.Single;
import io.reactivex.rxjava3.schedulers.Schedulers;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Real RxJava pipelines on RxJava's schedulers and then after {@link RillRx#install}: same results, Rill's threads. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RillRxInstallTest {

    private final Engine engine = Engine.builder().workers(2).name("rxinst").build();
    private final Set<String> threads = ConcurrentHashMap.newKeySet();

    @AfterEach
    void close() {
        RillRx.uninstall();
        engine.close();
    }

    private <T> void sameOnBoth(Supplier<T> pipeline) {
        T own = pipeline.get();
        threads.clear();
        RillRx.install(engine);
        try {
            T rill = pipeline.get();
            assertThat(rill).isEqualTo(own);
            assertThat(threads).isNotEmpty().allMatch(n -> n.startsWith("rill-rxinst"));
        } finally {
            RillRx.uninstall();
        }
    }

    private <T> T seen(T v) {
        threads.add(Thread.currentThread().getName());
        return v;
    }

    @Test
    void observeOnAndSubscribeOn() {
        sameOnBoth(() -> Flowable.range(0, 10_000).subscribeOn(Schedulers.single()).map(this::seen)
                .observeOn(Schedulers.computation()).map(this::seen).map(x -> x * 2).toList().blockingGet());
    }

    @Test
    void intervalDelayAndTimer() {
        sameOnBoth(() -> Flowable.interval(1, TimeUnit.MILLISECONDS).map(this::seen).take(20).toList().blockingGet());
        sameOnBoth(() -> Flowable.range(0, 5).delay(2, TimeUnit.MILLISECONDS).map(this::seen).toList().blockingGet());
        sameOnBoth(() -> Flowable.timer(5, TimeUnit.MILLISECONDS).map(this::seen).blockingFirst());
    }

    @Test
    void timeout() {
        sameOnBoth(() -> Flowable.never().timeout(10, TimeUnit.MILLISECONDS)
                .onErrorResumeNext(e -> e instanceof TimeoutException ? Flowable.just(seen("timed out")) : Flowable.error(e))
                .blockingFirst());
    }

    @Test
    void parallelRunOnAndIo() {
        sameOnBoth(() -> Flowable.range(0, 10_000).parallel(4).runOn(Schedulers.computation()).map(this::seen)
                .map(x -> x * 3L).sequential().toSortedList().blockingGet());
        sameOnBoth(() -> Flowable.range(0, 20).flatMapSingle(i -> Single.fromCallable(() -> {
            Thread.sleep(1);
            return seen(i);
        }).subscribeOn(Schedulers.io()), false, 8).toSortedList().blockingGet());
        RillRx.install(engine);
        assertThat(Single.fromCallable(() -> Thread.currentThread().getName()).subscribeOn(Schedulers.io()).blockingGet())
                .contains("blocking");
        assertThat(Single.fromCallable(() -> Thread.currentThread().getName()).subscribeOn(Schedulers.newThread()).blockingGet())
                .contains("blocking");
    }

    @Test
    void installTwiceWithAClosedEngineAndUninstall() {
        RillRx.install(engine);
        assertThat(RillRx.installed()).isSameAs(engine);
        assertThatThrownBy(() -> RillRx.install(engine)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already installed");
        assertThat(RillRx.uninstall()).isTrue();
        assertThat(RillRx.uninstall()).isFalse();
        assertThat(Single.fromCallable(() -> Thread.currentThread().getName()).subscribeOn(Schedulers.computation())
                .blockingGet()).startsWith("RxComputation");
        Engine closed = Engine.builder().workers(1).name("closed").build();
        closed.close();
        assertThatThrownBy(() -> RillRx.install(closed)).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }
}
