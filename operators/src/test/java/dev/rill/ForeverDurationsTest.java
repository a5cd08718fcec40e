package dev.rill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.rill.engine.BlockingScheduler;
import dev.rill.engine.Cancellable;
import dev.rill.engine.Engine;
import dev.rill.engine.TimerHandle;
import dev.rill.engine.VirtualTimeScheduler;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;

/**
 * "Forever" durations ({@code ChronoUnit.FOREVER}, {@code Duration.ofMillis(Long.MAX_VALUE)},
 * {@code Long.MAX_VALUE} days) work everywhere a duration goes in: a timer that never fires, a wait
 * without limit. They used to fail with a bare {@code ArithmeticException: long overflow}.
 */
class ForeverDurationsTest {

    static final List<Duration> FOREVERS = List.of(ChronoUnit.FOREVER.getDuration(),
            Duration.ofMillis(Long.MAX_VALUE), Duration.ofSeconds(Long.MAX_VALUE));

    private final Engine engine = Engine.builder().workers(1).name("forever").build();

    @AfterEach
    void close() {
        engine.close();
    }

    private Map<String, Function<Duration, Publisher<?>>> entryPoints() {
        Map<String, Function<Duration, Publisher<?>>> m = new LinkedHashMap<>();
        m.put("timer", d -> Rill.timer(d, engine));
        m.put("interval(period)", d -> Rill.interval(d, engine));
        m.put("interval(initialDelay, period)", d -> Rill.interval(d, d, engine));
        m.put("timeout", d -> Rill.never().timeout(d, engine));
        m.put("timeout(fallback)", d -> Rill.never().timeout(d, Rill.just(1), engine));
        m.put("delayElements", d -> Rill.just(1).delayElements(d, engine));
        m.put("delaySubscription", d -> Rill.just(1).delaySubscription(d, engine));
        m.put("take(Duration)", d -> Rill.never().take(d, engine));
        m.put("sample", d -> Rill.never().sample(d, engine));
        m.put("debounce", d -> Rill.just(1).concatWith(Rill.never()).debounce(d, engine));
        m.put("throttleFirst", d -> Rill.just(1).concatWith(Rill.never()).throttleFirst(d, engine));
        m.put("buffer(Duration)", d -> Rill.never().buffer(d, engine));
        m.put("replay(Duration)", d -> Rill.never().replay(d, engine).autoConnect());
        m.put("delaySequence", d -> Rill.just(1).delaySequence(d, engine));
        m.put("bufferTimeout", d -> Rill.just(1).concatWith(Rill.never()).bufferTimeout(2, d, engine));
        m.put("window(Duration)", d -> Rill.never().window(d, engine));
        m.put("windowTimeout", d -> Rill.just(1).concatWith(Rill.never()).windowTimeout(2, d, engine));
        m.put("retryWhen(fixedDelay)", d -> Rill.error(new IllegalStateException("again"))
                .retryWhen(Retry.fixedDelay(1, d).scheduler(engine)));
        m.put("retryWhen(backoff)", d -> Rill.error(new IllegalStateException("again"))
                .retryWhen(Retry.backoff(1, d).maxBackoff(d).scheduler(engine)));
        return m;
    }

    @Test
    void everyTimedOperatorTakesForeverAsNever() {
        for (Duration forever : FOREVERS) {
            entryPoints().forEach((name, make) -> {
                TestSubscriber<Object> ts = TestSubscriber.unbounded();
                assertThatCode(() -> make.apply(forever).subscribe(ts)).as(name + " " + forever)
                        .doesNotThrowAnyException();
                assertThat(ts.errors).as(name + " " + forever).isEmpty();
                assertThat(ts.completions).as(name + " " + forever).isZero();
                ts.subscription.cancel();
            });
        }
    }

    @Test
    void blockingWithAForeverTimeoutWaitsAsLongAsItTakes() {
        for (Duration forever : FOREVERS) {
            assertThat(Rill.just(7).publishOn(engine).blockLast(forever)).isEqualTo(7);
            assertThat(Rill.just(8).publishOn(engine).blockFirst(forever)).isEqualTo(8);
        }
    }

    @Test
    void schedulersTakeTheLongestDelaysAndWaits() throws Exception {
        Runnable nothing = () -> { };
        List<Cancellable> handles = List.of(
                engine.schedule(nothing, Long.MAX_VALUE, TimeUnit.DAYS),
                engine.schedulePeriodically(nothing, Long.MAX_VALUE, Long.MAX_VALUE, TimeUnit.DAYS),
                engine.scheduleWithFixedDelay(nothing, Long.MAX_VALUE, Long.MAX_VALUE, TimeUnit.DAYS),
                engine.createWorker().schedule(nothing, Long.MAX_VALUE, TimeUnit.DAYS),
                engine.blocking().schedule(nothing, Long.MAX_VALUE, TimeUnit.DAYS));
        assertThat(((TimerHandle<?>) handles.get(0)).getDelay(TimeUnit.DAYS)).isGreaterThan(365L * 100);
        handles.forEach(h -> assertThat(h.isCancelled()).isFalse());
        handles.forEach(Cancellable::cancel);

        BlockingScheduler limited = engine.blocking().limited(1, 1);
        limited.shutdown();
        assertThat(limited.awaitTermination(Long.MAX_VALUE, TimeUnit.DAYS)).isTrue(); // was false at once

        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        vts.schedule(nothing, 1, TimeUnit.SECONDS);
        assertThatCode(() -> vts.advanceTimeBy(ChronoUnit.FOREVER.getDuration())).doesNotThrowAnyException();
    }
}
