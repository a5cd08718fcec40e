package dev.rill.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BlockingWorkTest {

    @Test
    void blockingCallsRunOnTheBlockingPoolAndResultsOnTheWorkers() {
        BlockingWork.Result r = BlockingWork.run(new Out().stream);
        assertThat(r.titles()).hasSize(64).contains("PAGE 0", "PAGE 63");
        assertThat(r.fetchThreads()).allMatch(n -> n.contains("-blocking-")).hasSizeGreaterThan(1);
        assertThat(r.processThreads()).allMatch(n -> n.startsWith("rill-blocking-worker-"));
        assertThat(r.millis()).as("16 at a time, not one by one").isGreaterThanOrEqualTo(40);
    }
}
