package dev.rill.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BlockingPoolTest {

    @Test
    void growsToTheCapAndNotPastItThenShrinksWhenIdle() throws Exception {
        try (Engine engine = Engine.builder().workers(1).name("bp-grow").blockingThreads(4)
                .blockingKeepAlive(Duration.ofMillis(50)).build()) {
            ExecutorService pool = engine.blocking();
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch started = new CountDownLatch(4);
            CountDownLatch allDone = new CountDownLatch(10);
            for (int i = 0; i < 10; i++) {
                pool.execute(() -> {
                    started.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    allDone.countDown();
                });
            }
            assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
            EngineMetrics m = engine.metrics();
            assertThat(m.blockingThreads()).isEqualTo(4);
            assertThat(m.blockingActive()).isEqualTo(4);
            assertThat(m.blockingQueued()).isEqualTo(6);
            assertThat(TestSupport.rillThreadsAlive("rill-bp-grow-blocking-")).isEqualTo(4);
            release.countDown();
            assertThat(allDone.await(5, TimeUnit.SECONDS)).isTrue();
            TestSupport.awaitTrue(Duration.ofSeconds(10), "idle threads leave",
                    () -> engine.metrics().blockingThreads() == 0);
        }
    }

    @Test
    void rejectsPastTheQueueLimitNamingIt() throws Exception {
        try (Engine engine = Engine.builder().workers(1).name("bp-limit").blockingThreads(2)
                .blockingQueueLimit(3).build()) {
            CountDownLatch release = new CountDownLatch(1);
            for (int i = 0; i < 5; i++) {
                engine.blocking().execute(() -> {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
            assertThatThrownBy(() -> engine.blocking().execute(() -> { }))
                    .isInstanceOf(RejectedExecutionException.class)
                    .hasMessageContaining("2 threads").hasMessageContaining("queue limit of 3");
            release.countDown();
        }
    }

    @Test
    void aThrowingTaskGoesToTheHandlerAndTheThreadServesTheNext() throws Exception {
        List<String> errors = new CopyOnWriteArrayList<>();
        try (Engine engine = Engine.builder().workers(1).name("bp-err").blockingThreads(1)
                .onError((t, e) -> errors.add(t.getName() + ": " + e.getMessage())).build()) {
            engine.blocking().execute(() -> {
                throw new IllegalStateException("io failed");
            });
            CountDownLatch next = new CountDownLatch(1);
            engine.blocking().execute(next::countDown);
            assertThat(next.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(errors).containsExactly("rill-bp-err-blocking-0: io failed");
            assertThat(engine.blocking().submit(() -> "ok").get()).isEqualTo("ok");
        }
    }

    @Test
    void closesWithItsEngineOnly() throws Exception {
        Engine engine = Engine.builder().workers(1).name("bp-close").build();
        CountDownLatch ran = new CountDownLatch(1);
        engine.blocking().execute(ran::countDown);
        assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
        assertThatThrownBy(() -> engine.blocking().shutdown()).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("closes with it");
        engine.close();
        assertThat(TestSupport.rillThreadsAlive("rill-bp-close-")).isZero();
        assertThatThrownBy(() -> engine.blocking().execute(() -> { }))
                .isInstanceOf(RejectedExecutionException.class).hasMessageContaining("closed");
        assertThatThrownBy(() -> engine.blocking().execute(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void builderRejectsBadSizes() {
        assertThatThrownBy(() -> Engine.builder().blockingThreads(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0");
        assertThatThrownBy(() -> Engine.builder().blockingQueueLimit(-2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-2");
        assertThatThrownBy(() -> Engine.builder().blockingKeepAlive(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
