package dev.rill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rill.engine.Engine;
import dev.rill.engine.VirtualTimeScheduler;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RillSampleTest {

    private static final Duration MS10 = Duration.ofMillis(10);

    @Test
    void emitsTheLatestValueOfEachPeriodAndTheLastOnCompletion() throws Exception {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        Push<Integer> src = new Push<>();
        TestSubscriber<Integer> ts = TestSubscriber.unbounded();
        src.rill.sample(MS10, vts).subscribe(ts);
        src.next(1).next(2);
        vts.advanceTimeBy(MS10);
        ts.assertValues(2);
        vts.advanceTimeBy(MS10); // a period with no value emits nothing
        ts.assertValues(2);
        src.next(3).next(4);
        src.complete();
        ts.await().assertComplete();
        ts.assertValues(2, 4);
        assertThat(vts.pending()).as("the periodic timer is gone").isZero();
    }

    @Test
    void anErrorDropsTheUnfinishedPeriod() throws Exception {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        Push<Integer> src = new Push<>();
        TestSubscriber<Integer> ts = TestSubscriber.unbounded();
        src.rill.sample(MS10, vts).subscribe(ts);
        src.next(1);
        src.error(new IOException("boom"));
        assertThat(ts.await().error()).isInstanceOf(IOException.class);
        assertThat(ts.values).isEmpty();
        assertThat(vts.pending()).isZero();
    }

    @Test
    void aTickWithoutDemandFailsAndCancelsTheSource() throws Exception {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        Push<Integer> src = new Push<>();
        TestSubscriber<Integer> ts = new TestSubscriber<>(1);
        src.rill.sample(MS10, vts).subscribe(ts);
        src.next(1);
        vts.advanceTimeBy(MS10);
        src.next(2);
        vts.advanceTimeBy(MS10);
        assertThat(ts.await().error()).isInstanceOf(IllegalStateException.class).hasMessageContaining("lack of requests");
        ts.assertValues(1);
        assertThat(src.cancelled()).isTrue();
        assertThat(vts.pending()).isZero();
    }

    @Test
    void cancellingStopsTheTimerAndTheSource() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        Push<Integer> src = new Push<>();
        TestSubscriber<Integer> ts = TestSubscriber.unbounded();
        src.rill.sample(MS10, vts).subscribe(ts);
        src.next(1);
        ts.subscription.cancel();
        vts.advanceTimeBy(MS10);
        assertThat(ts.values).isEmpty();
        assertThat(src.cancelled()).isTrue();
        assertThat(vts.pending()).isZero();
    }

    @Test
    void racingTicksNeverDuplicateReorderOrLoseTheLastValue() {
        try (Engine engine = Engine.builder().workers(2).name("sample-race").build()) {
            for (int round = 0; round < 20; round++) {
                int n = 100_000;
                List<Integer> out = Rill.range(0, n).subscribeOn(engine).doOnNext(Push::spin)
                        .sample(Duration.ofNanos(20_000), engine).collectList().blockLast(Duration.ofSeconds(20));
                for (int i = 1; i < out.size(); i++) {
                    assertThat(out.get(i)).isGreaterThan(out.get(i - 1));
                }
                assertThat(out).last().isEqualTo(n - 1);
            }
        }
    }

    @Test
    void theLastValueWaitsForDemandOnceTheSourceCompletes() throws Exception {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        TestSubscriber<Integer> ts = new TestSubscriber<>(0);
        Rill.range(0, 5).sample(MS10, vts).subscribe(ts);
        assertThat(ts.values).isEmpty();
        assertThat(ts.completions).isZero();
        ts.request(1);
        ts.await().assertComplete();
        ts.assertValues(4);
    }

    @Test
    void badArgumentsFailAtAssembly() {
        assertThatThrownBy(() -> Rill.just(1).sample(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sample");
        assertThatThrownBy(() -> Rill.just(1).sample(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Rill.just(1).sample(MS10, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void aClosedEngineIsAnErrorNotAHang() throws Exception {
        Engine engine = Engine.builder().workers(1).name("closed").build();
        engine.close();
        TestSubscriber<Integer> ts = TestSubscriber.unbounded();
        Rill.range(0, 3).sample(MS10, engine).subscribe(ts);
        assertThat(ts.await().error()).isInstanceOf(java.util.concurrent.RejectedExecutionException.class);
    }
}
