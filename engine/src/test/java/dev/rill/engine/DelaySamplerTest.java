package dev.rill.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DelaySamplerTest {

    @Test
    void aSampledTaskIsRecordedOnceWhenItRunsAndOthersAreNot() {
        DelaySampler s = new DelaySampler();
        Runnable sampled = () -> { };
        Runnable other = () -> { };
        long before = System.nanoTime();
        s.submitted(sampled);
        s.submitted(other); // the slot is taken: not sampled
        s.ran(other);
        assertThat(s.samples()).isZero();
        s.ran(sampled);
        long bound = System.nanoTime() - before;
        s.ran(sampled); // a second run of the same object is not another sample
        assertThat(s.samples()).isEqualTo(1);
        assertThat(s.totalNanos()).isBetween(0L, bound);
        s.submitted(other); // the slot is free again
        s.ran(other);
        assertThat(s.samples()).isEqualTo(2);
    }

    @Test
    void anOutsideThreadsTurnComesAboutOnceEveryInterval() {
        int turns = 0;
        for (long i = 0; i < 200L * DelaySampler.INTERVAL; i++) {
            turns += DelaySampler.isOutsideTurn() ? 1 : 0;
        }
        assertThat(turns).isBetween(120, 280); // 200 expected; outside this is over 5 standard deviations
    }

    @Test
    void submissionsFromOutsideAndFromWorkersAreSampled() throws Exception {
        int n = 20 * DelaySampler.INTERVAL;
        try (Engine engine = Engine.builder().workers(2).name("delay-sampling").build()) {
            CountDownLatch outside = new CountDownLatch(n);
            for (int i = 0; i < n; i++) {
                engine.execute(outside::countDown);
            }
            assertThat(outside.await(30, TimeUnit.SECONDS)).isTrue();
            long fromOutside = engine.metrics().scheduleDelaySamples();
            assertThat(fromOutside).isPositive();

            CountDownLatch local = new CountDownLatch(n);
            engine.execute(() -> {
                for (int i = 0; i < n; i++) {
                    engine.execute(local::countDown); // from a worker: its own countdown
                }
            });
            assertThat(local.await(30, TimeUnit.SECONDS)).isTrue();
            TestSupport.awaitTrue(Duration.ofSeconds(10), "a sample from a worker's submissions",
                    () -> engine.metrics().scheduleDelaySamples() > fromOutside);
            EngineMetrics m = engine.metrics();
            assertThat(m.scheduleDelaySamples()).isLessThanOrEqualTo(2L * n / DelaySampler.INTERVAL + 2);
            assertThat(m.scheduleDelayTotalNanos()).isPositive();
        }
    }

    @Test
    void anEngineBuiltWithoutSamplingRunsEveryTaskAndReportsNoSample() throws Exception {
        int n = 8 * DelaySampler.INTERVAL;
        try (Engine engine = Engine.builder().workers(2).name("no-sampling").scheduleDelaySampling(false).build()) {
            CountDownLatch all = new CountDownLatch(2 * n);
            for (int i = 0; i < n; i++) {
                engine.execute(all::countDown);
            }
            engine.execute(() -> {
                for (int i = 0; i < n; i++) {
                    engine.execute(all::countDown);
                }
            });
            assertThat(all.await(30, TimeUnit.SECONDS)).isTrue();
            EngineMetrics m = engine.metrics();
            assertThat(m.scheduleDelaySamples()).isZero();
            assertThat(m.scheduleDelayTotalNanos()).isZero();
            assertThat(m.tasksRun()).isGreaterThanOrEqualTo(2L * n);
        }
    }
}
