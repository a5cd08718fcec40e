package dev.rill.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine's JFR events, recorded with no settings (as {@code jcmd JFR.start} would) and read back. */
class JfrEventsTest {

    @TempDir
    Path dir;

    private static final class Poller implements Runnable {
        @Override
        public void run() {
        }
    }

    @Test
    void theWatchdogsEventsAreRecordedWithTheirFields() throws Exception {
        List<RecordedEvent> events = record(() -> {
            StuckWorkerEvent.commit("rill-app-worker-1", new Poller(), 2_000_000_000L);
            LongTaskRunEvent.commit("rill-app-worker-0", new Poller(), 150_000_000L);
        });
        RecordedEvent stuck = only(events, "dev.rill.StuckWorker");
        assertThat(stuck.getString("worker")).isEqualTo("rill-app-worker-1");
        assertThat(stuck.getString("task")).isEqualTo(Poller.class.getName());
        assertThat(stuck.getDuration("stuckFor")).isEqualTo(Duration.ofSeconds(2));
        RecordedEvent longRun = only(events, "dev.rill.LongTaskRun");
        assertThat(longRun.getString("worker")).isEqualTo("rill-app-worker-0");
        assertThat(longRun.getString("task")).isEqualTo(Poller.class.getName());
        assertThat(longRun.getDuration("runDuration")).isEqualTo(Duration.ofMillis(150));
    }

    /** A real incident: the watchdog records the stuck worker while the run lasts and the whole run when it ends. */
    @Test
    void theWatchdogRecordsAStuckWorkerAndThenItsLongRun() throws Exception {
        Path file = dir.resolve("watchdog.jfr");
        try (Recording r = new Recording();
             Engine engine = Engine.builder().workers(1).name("jfr-stuck").stuckWorkerThreshold(Duration.ofMillis(50))
                     .onStuckWorker(s -> { }).build()) {
            r.start();
            engine.execute(new Sleeper300());
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            List<RecordedEvent> ours = List.of();
            while (ours.stream().noneMatch(e -> e.getEventType().getName().equals("dev.rill.LongTaskRun"))) {
                assertThat(System.nanoTime()).as("the long run is recorded within 10 s").isLessThan(end);
                r.dump(file);
                ours = RecordingFile.readAllEvents(file).stream()
                        .filter(e -> e.getEventType().getName().startsWith("dev.rill.")).collect(Collectors.toList());
            }
            RecordedEvent stuck = only(ours, "dev.rill.StuckWorker");
            assertThat(stuck.getString("worker")).isEqualTo("rill-jfr-stuck-worker-0");
            assertThat(stuck.getString("task")).isEqualTo(Sleeper300.class.getName());
            assertThat(stuck.getDuration("stuckFor")).isGreaterThanOrEqualTo(Duration.ofMillis(50));
            RecordedEvent longRun = only(ours, "dev.rill.LongTaskRun");
            assertThat(longRun.getString("task")).isEqualTo(Sleeper300.class.getName());
            assertThat(longRun.getDuration("runDuration")).isGreaterThanOrEqualTo(Duration.ofMillis(200))
                    .isLessThan(Duration.ofSeconds(5));
            assertThat(engine.metrics().stuckIncidents()).isEqualTo(1);
        }
    }

    /** A task that blocks its worker for 300 ms. */
    private static final class Sleeper300 implements Runnable {
        @Override
        public void run() {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    void aSubmissionToAClosedEngineIsRecordedAsRejected() throws Exception {
        Engine engine = Engine.builder().workers(1).name("jfr-closed").build();
        engine.close();
        List<RecordedEvent> events = record(() -> assertThatThrownBy(() -> engine.execute(new Poller()))
                .isInstanceOf(RejectedExecutionException.class));
        RecordedEvent rejected = only(events, "dev.rill.RejectedTask");
        assertThat(rejected.getString("engine")).isEqualTo("jfr-closed");
        assertThat(rejected.getString("task")).isEqualTo(Poller.class.getName());
        assertThat(rejected.getString("reason")).contains("closed");
    }

    @Test
    void aDroppedTimerIsRecordedAsRejectedUnderItsOwnTaskName() throws Exception {
        List<RecordedEvent> events = record(() -> {
            Engine engine = Engine.builder().workers(1).name("jfr-dropped").build();
            engine.schedule(new Poller(), 1, TimeUnit.HOURS);
            engine.close(); // drops the pending timer, through Dropped.tell
        });
        RecordedEvent rejected = only(events, "dev.rill.RejectedTask");
        assertThat(rejected.getString("engine")).isEqualTo("jfr-dropped");
        assertThat(rejected.getString("task")).isEqualTo(Poller.class.getName());
    }

    /** Runs {@code action} under a recording with default settings; the events of ours it recorded. */
    private List<RecordedEvent> record(Runnable action) throws Exception {
        Path file = dir.resolve("events.jfr");
        try (Recording r = new Recording()) {
            r.start();
            action.run();
            r.stop();
            r.dump(file);
        }
        assertThat(Files.size(file)).isPositive();
        return RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().startsWith("dev.rill."))
                .collect(Collectors.toList());
    }

    private static RecordedEvent only(List<RecordedEvent> events, String name) {
        List<RecordedEvent> found = events.stream().filter(e -> e.getEventType().getName().equals(name))
                .collect(Collectors.toList());
        assertThat(found).as(name).hasSize(1);
        return found.get(0);
    }
}
