package dev.rill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class RillBackpressureTest {

    @Test
    void bufferKeepsEverythingForALateSubscriber() throws Exception {
        TestSubscriber<Integer> ts = new TestSubscriber<>(0);
        List<Long> upstreamRequests = new CopyOnWriteArrayList<>();
        Rill.range(0, 1000).doOnRequest(upstreamRequests::add).onBackpressureBuffer().subscribe(ts);
        assertThat(upstreamRequests).containsExactly(Long.MAX_VALUE);
        assertThat(ts.values).isEmpty();
        ts.request(10);
        assertThat(ts.values).hasSize(10);
        ts.request(Long.MAX_VALUE);
        ts.await().assertComplete();
        assertThat(ts.values).hasSize(1000).startsWith(0, 1, 2).endsWith(999);
    }

    @Test
    void bufferDeliversAnErrorAfterTheBufferedValues() throws Exception {
        TestSubscriber<Integer> ts = new TestSubscriber<>(0);
        Rill.range(0, 3).concatWith(Rill.error(new IllegalStateException("late"))).onBackpressureBuffer().subscribe(ts);
        assertThat(ts.errors).isEmpty();
        ts.request(3);
        ts.await();
        ts.assertValues(0, 1, 2);
        assertThat(ts.error()).hasMessage("late");
    }

    @Test
    void boundedBufferFailsOnOverflowAfterItsValues() throws Exception {
        List<Integer> dropped = new ArrayList<>();
        TestSubscriber<Integer> ts = new TestSubscriber<>(0);
        Rill.range(0, 10).onBackpressureBuffer(4, BufferOverflow.ERROR, dropped::add).subscribe(ts);
        ts.request(100);
        ts.await();
        ts.assertValues(0, 1, 2, 3);
        assertThat(ts.error()).isInstanceOf(IllegalStateException.class).hasMessageContaining("full");
        assertThat(dropped).containsExactly(4);
    }

    @Test
    void boundedBufferDropsLatestOrOldest() {
        List<Integer> droppedLatest = new ArrayList<>();
        TestSubscriber<Integer> latest = new TestSubscriber<>(0);
        Rill.range(0, 10).onBackpressureBuffer(3, BufferOverflow.DROP_LATEST, droppedLatest::add).subscribe(latest);
        latest.request(100);
        latest.assertValues(0, 1, 2);
        assertThat(droppedLatest).containsExactly(3, 4, 5, 6, 7, 8, 9);

        List<Integer> droppedOldest = new ArrayList<>();
        TestSubscriber<Integer> oldest = new TestSubscriber<>(0);
        Rill.range(0, 10).onBackpressureBuffer(3, BufferOverflow.DROP_OLDEST, droppedOldest::add).subscribe(oldest);
        oldest.request(100);
        oldest.assertValues(7, 8, 9);
        assertThat(droppedOldest).containsExactly(0, 1, 2, 3, 4, 5, 6);
    }

    @Test
    void dropPassesOnlyWhatWasRequested() {
        List<Integer> dropped = new ArrayList<>();
        TestSubscriber<Integer> ts = new TestSubscriber<>(2);
        Rill.range(0, 5).onBackpressureDrop(dropped::add).subscribe(ts);
        ts.assertValues(0, 1);
        assertThat(dropped).containsExactly(2, 3, 4);
        ts.assertComplete();
    }

    @Test
    void latestKeepsTheNewestValue() {
        TestSubscriber<Integer> ts = new TestSubscriber<>(1);
        Rill.range(0, 5).onBackpressureLatest().subscribe(ts);
        ts.assertValues(0);
        assertThat(ts.completions).isZero(); // 4 is still held
        ts.request(5);
        ts.assertValues(0, 4);
        ts.assertComplete();
    }

    @Test
    void limitRateCapsUpstreamRequests() {
        List<Long> requests = new CopyOnWriteArrayList<>();
        List<Integer> out = Rill.range(0, 100).doOnRequest(requests::add).hide().limitRate(8).collectList().blockLast();
        assertThat(out).hasSize(100);
        assertThat(requests).first().isEqualTo(8L);
        assertThat(requests).allMatch(n -> n <= 8);
    }

    @Test
    void badCapacitiesFailAtAssembly() {
        assertThatThrownBy(() -> Rill.range(0, 1).onBackpressureBuffer(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Rill.range(0, 1).limitRate(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Rill.range(0, 1).onBackpressureBuffer(1, null)).isInstanceOf(NullPointerException.class);
    }
}
