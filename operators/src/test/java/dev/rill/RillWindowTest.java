package dev.rill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class RillWindowTest {

    @Test
    void aWindowOpensWithItsFirstValueAndPassesValuesAsTheyArrive() throws Exception {
        Push<Integer> src = new Push<>();
        TestSubscriber<Rill<Integer>> outer = TestSubscriber.unbounded();
        src.rill.window(3).subscribe(outer);
        assertThat(outer.values).isEmpty();
        src.next(1);
        assertThat(outer.values).hasSize(1);
        TestSubscriber<Integer> first = TestSubscriber.unbounded();
        outer.values.get(0).subscribe(first);
        first.assertValues(1); // buffered until subscribed, then at once
        src.next(2);
        first.assertValues(1, 2); // live, before the window is full
        src.next(3);
        first.await().assertComplete();
        src.next(4);
        assertThat(outer.values).hasSize(2);
        src.complete();
        TestSubscriber<Integer> second = TestSubscriber.unbounded();
        outer.values.get(1).subscribe(second);
        second.await().assertComplete();
        second.assertValues(4);
        outer.await().assertComplete();
    }

    @Test
    void everyValueIsInExactlyOneWindowInOrder() {
        List<List<Integer>> windows = Rill.range(0, 10).window(3).concatMap(Rill::collectList).collectList().blockLast();
        assertThat(windows).containsExactly(List.of(0, 1, 2), List.of(3, 4, 5), List.of(6, 7, 8), List.of(9));
        assertThat(Rill.range(0, 100_000).hide().window(7).flatMap(w -> w.count()).reduce(0L, Long::sum).blockLast())
                .isEqualTo(100_000L);
    }

    @Test
    void cancellingTheOuterStreamLetsTheOpenWindowFinishThenReleasesTheSource() throws Exception {
        Push<Integer> src = new Push<>();
        TestSubscriber<Rill<Integer>> outer = new TestSubscriber<>(1);
        src.rill.window(3).subscribe(outer);
        src.next(1);
        outer.subscription.cancel();
        assertThat(src.cancelled()).as("the open window still needs the source").isFalse();
        TestSubscriber<Integer> w = TestSubscriber.unbounded();
        outer.values.get(0).subscribe(w);
        src.next(2).next(3);
        w.await().assertComplete();
        w.assertValues(1, 2, 3);
        assertThat(src.cancelled()).isTrue();
        assertThat(outer.values).hasSize(1);
    }

    @Test
    void cancellingTheOuterStreamAndTheOpenWindowCancelsTheSource() {
        Push<Integer> src = new Push<>();
        TestSubscriber<Rill<Integer>> outer = TestSubscriber.unbounded();
        src.rill.window(5).subscribe(outer);
        src.next(1);
        TestSubscriber<Integer> w = TestSubscriber.unbounded();
        outer.values.get(0).subscribe(w);
        w.subscription.cancel();
        assertThat(src.cancelled()).isFalse();
        outer.subscription.cancel();
        assertThat(src.cancelled()).isTrue();
    }

    @Test
    void anErrorReachesTheOpenWindowAndTheOuterStream() throws Exception {
        Push<Integer> src = new Push<>();
        TestSubscriber<Rill<Integer>> outer = TestSubscriber.unbounded();
        src.rill.window(5).subscribe(outer);
        src.next(1);
        TestSubscriber<Integer> w = TestSubscriber.unbounded();
        outer.values.get(0).subscribe(w);
        src.error(new IOException("boom"));
        assertThat(w.await().error()).isInstanceOf(IOException.class);
        assertThat(outer.await().error()).isInstanceOf(IOException.class);
        w.assertValues(1);
    }

    @Test
    void aWindowTakesOneSubscriberAndWindowsFollowDemand() throws Exception {
        TestSubscriber<Rill<Integer>> outer = new TestSubscriber<>(1);
        Rill.range(0, 10).window(4).subscribe(outer);
        assertThat(outer.values).hasSize(1); // 1 window asked for: 4 values asked of the source
        Rill<Integer> w = outer.values.get(0);
        TestSubscriber<Integer> first = TestSubscriber.unbounded();
        w.subscribe(first);
        first.await().assertComplete();
        first.assertValues(0, 1, 2, 3);
        TestSubscriber<Integer> again = TestSubscriber.unbounded();
        w.subscribe(again);
        assertThat(again.await().error()).isInstanceOf(IllegalStateException.class).hasMessageContaining("one subscriber");
        outer.request(5);
        outer.await().assertComplete();
        assertThat(outer.values).hasSize(3);
        assertThatThrownBy(() -> Rill.just(1).window(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
