package dev.rill.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rill.engine.Engine;
import dev.rill.engine.rxjava.RillRx;
import io.reactivex.rxjava3.core.Flowable;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class WorkloadTest {

    /** Requests 0 to 3 (0 makes the blocking call): each streams its page, on the scheduler named. */
    private static void eachRequestStreamsItsPageOn(String threadPrefix) {
        for (int id = 0; id < 4; id++) {
            List<String> items = Flowable.fromPublisher(Workload.rxJavaRequest(id))
                    .map(v -> v + "@" + Thread.currentThread().getName())
                    .test()
                    .awaitDone(5, TimeUnit.SECONDS)
                    .assertComplete()
                    .values();
            assertThat(items).hasSize(Workload.PAGE);
            assertThat(items).extracting(s -> Integer.parseInt(s.substring(0, s.indexOf('@'))))
                    .containsExactlyElementsOf(IntStream.range(id, id + Workload.PAGE).boxed()
                            .collect(Collectors.toList()));
            assertThat(items).allSatisfy(s -> assertThat(s.substring(s.indexOf('@') + 1)).startsWith(threadPrefix));
        }
    }

    @Test
    void theRxJavaRequestRunsOnRxJavasOwnSchedulers() {
        eachRequestStreamsItsPageOn("RxComputationThreadPool-");
    }

    @Test
    void theSameRxJavaRequestRunsOnRillOnceInstalled() {
        try (Engine engine = Engine.builder().workers(2).name("wl").build()) {
            RillRx.install(engine);
            try {
                eachRequestStreamsItsPageOn("rill-wl-worker-");
            } finally {
                RillRx.uninstall();
            }
        }
        assertThat(RillRx.installed()).isNull();
    }
}
