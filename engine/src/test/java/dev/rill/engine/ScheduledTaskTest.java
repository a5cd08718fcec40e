package dev.rill.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

class ScheduledTaskTest {

    /** A host whose clock stands still and whose wheel takes nothing: the task alone is measured. */
    private static final TimerHost STILL = new TimerHost() {
        @Override
        public long nanoTime() {
            return 0;
        }

        @Override
        public void arm(ScheduledTask<?> task) {
        }

        @Override
        public void disarm(ScheduledTask<?> task) {
        }

        @Override
        public void reportError(Throwable error) {
        }
    };

    @Test
    void aPendingOneShotTimerTakesAtMost64Bytes() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long me = Thread.currentThread().getId();
        Runnable work = () -> { };
        Object[] keep = new Object[100_000];
        double perTimer = Double.MAX_VALUE;
        for (int round = 0; round < 3; round++) { // the first round may count a class load or a TLAB refill
            long before = mx.getThreadAllocatedBytes(me);
            for (int i = 0; i < keep.length; i++) {
                keep[i] = new ScheduledTask<Void>(STILL, null, work, null, i, 0);
            }
            perTimer = Math.min(perTimer, (mx.getThreadAllocatedBytes(me) - before) / (double) keep.length);
        }
        assertThat(perTimer).isLessThanOrEqualTo(64.0);
    }

    @Test
    void aCallableThatIsAlsoARunnableIsCalled() throws Exception {
        class Both implements Runnable, java.util.concurrent.Callable<String> {
            final AtomicInteger runs = new AtomicInteger();

            @Override
            public void run() {
                runs.incrementAndGet();
            }

            @Override
            public String call() {
                return "called";
            }
        }
        Both both = new Both();
        ScheduledTask<String> t = new ScheduledTask<>(STILL, null, null, both, 0, 0);
        t.run();
        assertThat(t.get()).isEqualTo("called");
        assertThat(both.runs).hasValue(0);
        assertThat(t.task()).isNull();
    }

    @Test
    void aCancelledPeriodicTaskStaysPeriodicAndDropsItsWork() {
        ScheduledTask<?> t = new ScheduledTask<Void>(STILL, null, () -> { }, null, 0, 1_000);
        assertThat(t.task()).isNotNull();
        assertThat(t.cancel(false)).isTrue();
        assertThat(t.isPeriodic()).isTrue();
        assertThat(t.task()).isNull();
        Assertions.assertThatThrownBy(t::get).isInstanceOf(CancellationException.class);
    }

    @Test
    void aFailedOneShotRunnableShowsItsError() {
        ScheduledTask<?> t = new ScheduledTask<Void>(STILL, null, () -> {
            throw new IllegalStateException("boom");
        }, null, 0, 0);
        t.run();
        Assertions.assertThatThrownBy(t::get).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(IllegalStateException.class);
    }
}
