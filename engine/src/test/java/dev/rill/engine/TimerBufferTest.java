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
    void forgettingLetsEveryChunkGoToBeAllocatedAgainOnWrite() {
        TimerBuffer b = new TimerBuffer(3 * TimerBuffer.CHUNK);
        for (int i = 0; i < 2 * TimerBuffer.CHUNK + 5; i++) {
            b.set(i, timer());
        }
        b.forget();
        for (int i : new int[] {0, TimerBuffer.CHUNK - 1, TimerBuffer.CHUNK, 2 * TimerBuffer.CHUNK}) {
            assertThatThrownBy(() -> b.get(i)).as("slot %d", i).isInstanceOf(NullPointerException.class);
        }
        ScheduledTask<?> t = timer();
        b.set(0, t);
        assertThat((Object) b.get(0)).isSameAs(t);
        assertThat((Object) b.get(1)).isNull(); // a fresh chunk
        b.set(TimerBuffer.CHUNK, t);
        assertThat((Object) b.get(TimerBuffer.CHUNK + 1)).isNull();
    }

    @Test
    void detachedChunksKeepTheirTimersWhileTheBufferStartsOverInYoungOnes() {
        TimerBuffer b = new TimerBuffer(4 * TimerBuffer.CHUNK);
        int n = 2 * TimerBuffer.CHUNK + 3;
        ScheduledTask<?>[] written = new ScheduledTask<?>[n];
        for (int i = 0; i < n; i++) {
            written[i] = timer();
            b.set(i, written[i]);
        }
        ScheduledTask<?>[][] from = b.detach(n);
        for (int i = 0, k = 0; i < n; i++) {
            assertThat((Object) TimerBuffer.get(from, i)).isSameAs(written[i]);
            if (i % 3 == 0) {
                b.set(k++, TimerBuffer.get(from, i)); // a compaction's survivors
            }
        }
        assertThat((Object) b.get(0)).isSameAs(written[0]);
        assertThat((Object) b.get(1)).isSameAs(written[3]);
        assertThat((Object) TimerBuffer.get(from, 1)).isSameAs(written[1]); // the detached chunk is not written
        assertThatThrownBy(() -> b.get(2 * TimerBuffer.CHUNK)).isInstanceOf(NullPointerException.class);
    }
}
