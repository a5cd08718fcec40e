package dev.rill.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TimerBufferTest {

    private static final TimerHost HOST = WorkerTimersFakes.host(
            new WorkerTimers(Thread.currentThread(), null, t -> { }));

    private static ScheduledTask<Void> timer() {
        return new ScheduledTask<>(HOST, null, () -> { }, null, TimerHost.TICK_NANOS, 0);
    }

    @Test
    void slotsAcrossChunksKeepWhatWasWrittenUpToItsSize() {
        TimerBuffer b = new TimerBuffer(4 * TimerBuffer.CHUNK);
        assertThat(b.max()).isEqualTo(4 * TimerBuffer.CHUNK);
        ScheduledTask<?>[] written = new ScheduledTask<?>[b.max()];
        for (int i = 0; i < b.max(); i++) {
            written[i] = timer();
            b.set(i, written[i]);
        }
        for (int i = 0; i < b.max(); i++) {
            assertThat((Object) b.get(i)).isSameAs(written[i]);
        }
        assertThatThrownBy(() -> b.set(b.max(), timer())).isInstanceOf(ArrayIndexOutOfBoundsException.class);
    }

    @Test
    void forgettingClearsTheFirstChunkAndLetsTheOthersGoToBeAllocatedAgain() {
        TimerBuffer b = new TimerBuffer(3 * TimerBuffer.CHUNK);
        for (int i = 0; i < 2 * TimerBuffer.CHUNK + 5; i++) {
            b.set(i, timer());
        }
        b.forget(TimerBuffer.CHUNK + 1); // fewer than were written (a compaction left the rest): all chunks go
        assertThat((Object) b.get(0)).isNull();
        assertThat((Object) b.get(TimerBuffer.CHUNK - 1)).isNull();
        assertThatThrownBy(() -> b.get(TimerBuffer.CHUNK)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> b.get(2 * TimerBuffer.CHUNK)).isInstanceOf(NullPointerException.class);
        ScheduledTask<?> t = timer();
        b.set(2 * TimerBuffer.CHUNK + 3, t);
        assertThat((Object) b.get(2 * TimerBuffer.CHUNK + 3)).isSameAs(t);
        assertThat((Object) b.get(2 * TimerBuffer.CHUNK)).isNull();
    }
}
