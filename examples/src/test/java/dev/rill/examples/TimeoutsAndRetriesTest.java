package dev.rill.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TimeoutsAndRetriesTest {

    @Test
    void retriesPastTwoTimeoutsFallsBackAndDebounces() {
        Out out = new Out();
        TimeoutsAndRetries.Result r = TimeoutsAndRetries.run(out.stream);
        assertThat(r.answer()).isEqualTo("42");
        assertThat(r.attempts()).isEqualTo(3);
        assertThat(r.fallback()).containsExactly("fresh-1", "cached-2", "cached-3");
        assertThat(r.debounced()).containsExactly("rill");
        assertThat(out.text()).contains("unrescued: java.util.concurrent.TimeoutException");
    }
}
