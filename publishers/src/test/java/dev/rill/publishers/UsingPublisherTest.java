package dev.rill.publishers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** {@code using}: the resource is cleaned up exactly once, whichever way the stream ends. */
class UsingPublisherTest {

    private final List<String> log = new CopyOnWriteArrayList<>();

    @Test
    void cleansUpOnceOnCompletionCancelAndError() throws Exception {
        Recorder<Integer> done = Recorder.unbounded();
        new UsingPublisher<Integer, String>(() -> "a", r -> new RangePublisher(0, 3), r -> log.add("cleanup " + r))
                .subscribe(done);
        done.await().assertCompletedWith(List.of(0, 1, 2));

        Recorder<Integer> cancelled = new Recorder<>(1);
        new UsingPublisher<Integer, String>(() -> "b", r -> new RangePublisher(0, 3), r -> log.add("cleanup " + r))
                .subscribe(cancelled);
        cancelled.cancel();
        cancelled.cancel();

        Recorder<Integer> failed = Recorder.unbounded();
        new UsingPublisher<Integer, String>(() -> "c", r -> new ErrorPublisher<>(new IllegalStateException("inner")),
                r -> log.add("cleanup " + r)).subscribe(failed);
        assertThat(failed.await().error()).hasMessage("inner");
        assertThat(log).containsExactly("cleanup a", "cleanup b", "cleanup c");
    }

    @Test
    void aFailingFactoryCleansUpAndFailsTheStream() throws Exception {
        Recorder<Integer> r = Recorder.unbounded();
        new UsingPublisher<Integer, String>(() -> "f", res -> {
            throw new IllegalArgumentException("factory");
        }, res -> log.add("cleanup " + res)).subscribe(r);
        assertThat(r.await().error()).hasMessage("factory");
        assertThat(log).containsExactly("cleanup f");
    }

    @Test
    void aFailingResourceSupplierFailsTheStreamWithNothingToCleanUp() throws Exception {
        Recorder<Integer> r = Recorder.unbounded();
        new UsingPublisher<Integer, String>(() -> {
            throw new IllegalStateException("no resource");
        }, res -> new RangePublisher(0, 1), res -> log.add("cleanup " + res)).subscribe(r);
        assertThat(r.await().error()).hasMessage("no resource");
        assertThat(log).isEmpty();
    }
}
