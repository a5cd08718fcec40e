package dev.rill.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** On a lock file of its own: holding JMH's real lock here would make other JMH runs on the machine fail. */
class JmhLockTest {

    @Test
    void aHeldLockIsNotGivenTwiceUntilItIsClosed(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("jmh.lock");
        try (JmhLock.Held first = JmhLock.acquire(file, Duration.ofSeconds(5))) {
            assertThat(first).isNotNull();
            assertThat(JmhLock.acquire(file, Duration.ofMillis(120))).isNull();
        }
        try (JmhLock.Held again = JmhLock.acquire(file, Duration.ofSeconds(5))) {
            assertThat(again).isNotNull();
        }
    }
}
