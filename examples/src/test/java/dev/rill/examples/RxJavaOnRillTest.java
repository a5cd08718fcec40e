package dev.rill.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rill.engine.rxjava.RillRx;
import org.junit.jupiter.api.Test;

class RxJavaOnRillTest {

    @Test
    void theSameApplicationGivesTheSameAnswerOnRill() {
        RxJavaOnRill.Result r = RxJavaOnRill.run(new Out().stream);
        assertThat(r.ownSchedulers()).containsExactly(1L, 11L, 21L, 31L, 41L, 51L, 61L, 71L, 81L, 91L);
        assertThat(r.onRill()).isEqualTo(r.ownSchedulers());
        assertThat(r.rillThread()).startsWith("rill-rx-app-worker-");
        assertThat(RillRx.installed()).isNull();
    }
}
