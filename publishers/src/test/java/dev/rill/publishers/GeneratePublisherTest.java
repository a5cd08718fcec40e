package dev.rill.publishers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/** {@code generate}: a state machine called once per requested value, its state disposed once on every ending. */
class GeneratePublisherTest {

    private static final BiFunction<Integer, SynchronousSink<Integer>, Integer> UP_TO_5 = (i, sink) -> {
        if (i == 5) {
            sink.complete();
        } else {
            sink.next(i);
        }
        return i + 1;
    };

    @Test
    void theStateIsDisposedOnceWhenItCompletesAndWhenCancelled() throws Exception {
        List<Integer> disposed = new CopyOnWriteArrayList<>();
        Recorder<Integer> all = Recorder.unbounded();
        new GeneratePublisher<>(() -> 0, UP_TO_5, disposed::add).subscribe(all);
        all.await().assertCompletedWith(List.of(0, 1, 2, 3, 4));

        Recorder<Integer> two = new Recorder<>(2);
        new GeneratePublisher<>(() -> 0, UP_TO_5, disposed::add).subscribe(two);
        two.cancel();
        two.cancel();
        assertThat(two.values).containsExactly(0, 1);
        assertThat(disposed).containsExactly(6, 2);
    }

    @Test
    void twoValuesInOneCallFailTheStream() throws Exception {
        Recorder<Integer> r = Recorder.unbounded();
        new GeneratePublisher<Integer, Integer>(() -> 0, (i, sink) -> {
            sink.next(1);
            sink.next(2);
            return i;
        }, i -> { }).subscribe(r);
        r.await();
        assertThat(r.error()).isInstanceOf(IllegalStateException.class).hasMessageContaining("more than once");
    }

    @Test
    void anErrorFromTheSinkOrTheGeneratorEndsTheStreamAndDisposesTheState() throws Exception {
        List<Integer> disposed = new CopyOnWriteArrayList<>();
        Recorder<Integer> viaSink = Recorder.unbounded();
        new GeneratePublisher<Integer, Integer>(() -> 7, (i, sink) -> {
            sink.error(new IllegalStateException("gen"));
            return i;
        }, disposed::add).subscribe(viaSink);
        assertThat(viaSink.await().error()).hasMessage("gen");

        Recorder<Integer> thrown = Recorder.unbounded();
        new GeneratePublisher<Integer, Integer>(() -> 8, (i, sink) -> {
            throw new IllegalArgumentException("boom");
        }, disposed::add).subscribe(thrown);
        assertThat(thrown.await().error()).hasMessage("boom");
        assertThat(disposed).containsExactly(7, 8);
    }
}
