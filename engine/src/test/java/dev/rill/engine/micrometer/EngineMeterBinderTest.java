package dev.rill.engine.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rill.engine.Engine;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class EngineMeterBinderTest {

    private static final List<String> PER_WORKER = List.of("rill.engine.tasks.run", "rill.engine.steals",
            "rill.engine.steals.tasks", "rill.engine.parks", "rill.engine.budget.yields", "rill.engine.busy",
            "rill.engine.queue.local");
    private static final List<String> PER_ENGINE = List.of("rill.engine.queue.global", "rill.engine.workers.parked",
            "rill.engine.stuck.incidents", "rill.engine.timers.armed", "rill.engine.timers.fired",
            "rill.engine.timers.cancelled", "rill.engine.timers.pending", "rill.engine.blocking.threads",
            "rill.engine.blocking.active", "rill.engine.blocking.queued", "rill.engine.schedule.delay");

    @Test
    void everyMeterIsBoundWithBoundedTags() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (Engine engine = Engine.builder().workers(3).name("tags").build()) {
            new EngineMeterBinder(engine, Tags.of("app", "orders")).bindTo(registry);
            for (String name : PER_WORKER) {
                Collection<Meter> meters = registry.find(name).meters();
                assertThat(meters).as(name).hasSize(3);
                Set<String> workers = meters.stream().map(m -> m.getId().getTag("worker")).collect(Collectors.toSet());
                assertThat(workers).as(name).containsExactlyInAnyOrder("0", "1", "2");
                assertThat(meters).as(name).allSatisfy(m -> {
                    assertThat(m.getId().getTag("engine")).isEqualTo("tags");
                    assertThat(m.getId().getTag("app")).isEqualTo("orders");
                });
            }
            for (String name : PER_ENGINE) {
                Meter m = registry.find(name).meter();
                assertThat(m).as(name).isNotNull();
                assertThat(m.getId().getTags()).as(name).containsExactlyInAnyOrder(
                        io.micrometer.core.instrument.Tag.of("engine", "tags"),
                        io.micrometer.core.instrument.Tag.of("app", "orders"));
            }
            assertThat(registry.getMeters()).hasSize(3 * PER_WORKER.size() + PER_ENGINE.size());
        }
    }

    @Test
    void theCountsFollowTheEnginesWork() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        int tasks = 5_000;
        int timers = 7;
        try (Engine engine = Engine.builder().workers(2).name("counts").build()) {
            new EngineMeterBinder(engine).bindTo(registry);
            CountDownLatch ran = new CountDownLatch(tasks);
            for (int i = 0; i < tasks; i++) {
                engine.execute(ran::countDown);
            }
            CountDownLatch fired = new CountDownLatch(timers);
            for (int i = 0; i < timers; i++) {
                engine.schedule(fired::countDown, 1, TimeUnit.MILLISECONDS);
            }
            engine.schedule(() -> { }, 1, TimeUnit.HOURS).cancel();
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch blocked = new CountDownLatch(1);
            engine.blocking().execute(() -> {
                blocked.countDown();
                await(release);
            });
            assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(fired.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(blocked.await(10, TimeUnit.SECONDS)).isTrue();

            // Snapshots are kept for a moment: poll until the scrape sees the work.
            awaitTrue("tasks run", () -> sum(registry, "rill.engine.tasks.run") >= tasks + timers);
            awaitTrue("timers", () -> counter(registry, "rill.engine.timers.fired") == timers
                    && counter(registry, "rill.engine.timers.cancelled") == 1
                    && counter(registry, "rill.engine.timers.armed") == timers + 1);
            assertThat(gauge(registry, "rill.engine.blocking.active")).isEqualTo(1);
            assertThat(gauge(registry, "rill.engine.blocking.threads")).isEqualTo(1);
            assertThat(gauge(registry, "rill.engine.blocking.queued")).isZero();
            assertThat(counter(registry, "rill.engine.stuck.incidents")).isZero();
            assertThat(sum(registry, "rill.engine.busy")).isPositive();
            FunctionTimer delay = registry.find("rill.engine.schedule.delay").functionTimer();
            assertThat(delay.count()).isPositive(); // 5,000 from outside: at least four samples
            assertThat(delay.totalTime(TimeUnit.NANOSECONDS)).isPositive();
            release.countDown();
            awaitTrue("blocking done", () -> gauge(registry, "rill.engine.blocking.active") == 0);
        }
    }

    private static double sum(SimpleMeterRegistry registry, String name) {
        return registry.find(name).functionCounters().stream().mapToDouble(FunctionCounter::count).sum();
    }

    private static double counter(SimpleMeterRegistry registry, String name) {
        return registry.find(name).functionCounter().count();
    }

    private static double gauge(SimpleMeterRegistry registry, String name) {
        Gauge g = registry.find(name).gauge();
        return g.value();
    }

    private static void awaitTrue(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - end).as("timed out waiting for " + what).isNegative();
            Thread.sleep(5); // polling interval, bounded overall
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
