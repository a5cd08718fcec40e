package dev.rill.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rill.engine.reactor.RillReactor;
import org.junit.jupiter.api.Test;

class ReactorOnRillTest {

    @Test
    void theSameApplicationGivesTheSameAnswerOnRill() {
        ReactorOnRill.Result r = ReactorOnRill.run(new Out().stream);
        assertThat(r.ownSchedulers()).containsExactly("#1", "#100", "#121", "#144", "#16");
        assertThat(r.onRill()).isEqualTo(r.ownSchedulers());
        assertThat(r.rillThread()).startsWith("rill-reactor-app-worker-");
        assertThat(RillReactor.installed()).as("uninstalled afterwards").isNull();
    }
}
