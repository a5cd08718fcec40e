package dev.rill.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class FirstPipelineTest {

    @Test
    void computesTheSumHopsToTheEngineAndTicks() {
        Out out = new Out();
        FirstPipeline.Result r = FirstPipeline.run(out.stream);
        long expected = LongStream.rangeClosed(1, 999_999).map(i -> i * 2).filter(i -> i % 3 == 0).sum();
        assertThat(r.sum()).isEqualTo(expected);
        assertThat(r.shouted()).hasSize(3).allMatch(s -> s.contains(" on rill-first-worker-"));
        assertThat(r.ticks()).isEqualTo(List.of(0L, 1L, 2L, 3L, 4L));
        assertThat(out.text()).contains("ticks: [0, 1, 2, 3, 4]");
    }
}
