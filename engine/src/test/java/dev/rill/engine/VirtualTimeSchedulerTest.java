package dev.rill.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class VirtualTimeSchedulerTest {

    private final VirtualTimeScheduler vts = VirtualTimeScheduler.create();

    @Test
    void nothingRunsUntilTimeMovesAndThenExactlyOnTime() {
        List<Long> at = new ArrayList<>();
        vts.schedule(() -> at.add(vts.now(TimeUnit.MILLISECONDS)), 250, TimeUnit.MILLISECONDS);
        vts.advanceTimeBy(Duration.ofMillis(249));
        assertThat(at).isEmpty();
        vts.advanceTimeBy(Duration.ofMillis(1));
        assertThat(at).containsExactly(250L);
        assertThat(vts.pending()).isZero();
    }

    @Test
    void dueTasksRunAtOnceOnTheSchedulingThread() {
        List<String> seen = new ArrayList<>();
        vts.schedule(() -> seen.add("now"));
        vts.schedule(() -> seen.add("negative"), -5, TimeUnit.SECONDS);
        assertThat(seen).containsExactly("now", "negative");
    }

    /**
     * One million timers over 0–2 s of virtual time fire exactly once each, at their deadline, in
     * deadline order (same-millisecond ties in scheduling order); with every other one cancelled,
     * the cancelled never fire.
     */
    @Test
    void aMillionTimersFireOnceInDeadlineOrder() {
        for (boolean cancelHalf : new boolean[] {false, true}) {
            VirtualTimeScheduler s = VirtualTimeScheduler.create();
            final int n = 1_000_000;
            SplittableRandom rnd = new SplittableRandom(1);
            long[] due = new long[n];
            int[] fires = new int[n];
            long[] firedAt = new long[n];
            List<Integer> order = new ArrayList<>(n);
            Cancellable[] handles = new Cancellable[n];
            for (int i = 0; i < n; i++) {
                int id = i;
                due[i] = 1 + rnd.nextLong(2000);
                handles[i] = s.schedule(() -> {
                    fires[id]++;
                    firedAt[id] = s.now(TimeUnit.MILLISECONDS);
                    order.add(id);
                }, due[i], TimeUnit.MILLISECONDS);
            }
            if (cancelHalf) {
                for (int i = 0; i < n; i += 2) {
                    handles[i].cancel();
                }
            }
            s.advanceTimeBy(Duration.ofSeconds(3));
            for (int i = 0; i < n; i++) {
                boolean cancelled = cancelHalf && i % 2 == 0;
                if (fires[i] != (cancelled ? 0 : 1) || (!cancelled && firedAt[i] != due[i])) {
                    throw new AssertionError("timer " + i + " due " + due[i] + " fired " + fires[i]
                            + " times, at " + firedAt[i]);
                }
            }
            for (int k = 1; k < order.size(); k++) {
                int a = order.get(k - 1);
                int b = order.get(k);
                assertThat(due[a] < due[b] || (due[a] == due[b] && a < b)).isTrue();
            }
            assertThat(order).hasSize(cancelHalf ? n / 2 : n);
        }
    }

    @Test
    void hoursWeeksAndYearsAway() {
        long[] delaysMs = {TimeUnit.HOURS.toMillis(3), TimeUnit.DAYS.toMillis(40), TimeUnit.DAYS.toMillis(5 * 365)};
        List<Long> firedAt = new ArrayList<>();
        for (long d : delaysMs) {
            vts.schedule(() -> firedAt.add(vts.now(TimeUnit.MILLISECONDS)), d, TimeUnit.MILLISECONDS);
        }
        vts.advanceTimeBy(Duration.ofDays(6 * 365));
        assertThat(firedAt).containsExactly(delaysMs[0], delaysMs[1], delaysMs[2]);
    }

    @Test
    void aThousandPeriodsOfOneMillisecondLandOnTheirTicks() {
        List<Long> at = new ArrayList<>();
        Cancellable c = vts.schedulePeriodically(() -> at.add(vts.now(TimeUnit.MILLISECONDS)), 1, 1,
                TimeUnit.MILLISECONDS);
        vts.advanceTimeBy(Duration.ofMillis(1000));
        c.cancel();
        vts.advanceTimeBy(Duration.ofMillis(100));
        assertThat(at).hasSize(1000);
        for (int i = 0; i < 1000; i++) {
            assertThat(at.get(i)).isEqualTo(i + 1L);
        }
    }

    /** A run that overruns its period: the missed runs follow at once, then the grid resumes. */
    @Test
    void anOverrunningPeriodicTaskCatchesUpWithoutLosingPeriods() {
        List<Long> at = new ArrayList<>();
        AtomicInteger runs = new AtomicInteger();
        vts.schedulePeriodically(() -> {
            at.add(vts.now(TimeUnit.MILLISECONDS));
            if (runs.incrementAndGet() == 3) {
                vts.advanceTimeBy(Duration.ofMillis(35)); // this run "takes" 35 ms
            }
        }, 10, 10, TimeUnit.MILLISECONDS);
        vts.advanceTimeTo(100, TimeUnit.MILLISECONDS);
        // The runs for 40, 50 and 60 ms come at 65 ms, back to back; 70 ms is on the grid again.
        assertThat(at).containsExactly(10L, 20L, 30L, 65L, 65L, 65L, 70L, 80L, 90L, 100L);
    }

    /** Seconds behind (a suspended process): the stale runs are skipped, not fired in a burst. */
    @Test
    void aPeriodicTaskFarBehindSkipsToTheGrid() {
        List<Long> at = new ArrayList<>();
        AtomicInteger runs = new AtomicInteger();
        vts.schedulePeriodically(() -> {
            at.add(vts.now(TimeUnit.MILLISECONDS));
            if (runs.incrementAndGet() == 2) {
                vts.advanceTimeBy(Duration.ofMillis(5_005)); // this run "takes" 5 s
            }
        }, 10, 10, TimeUnit.MILLISECONDS);
        vts.advanceTimeTo(5_040, TimeUnit.MILLISECONDS);
        assertThat(at).containsExactly(10L, 20L, 5_025L, 5_030L, 5_040L);
    }

    @Test
    void aPeriodicTaskThatThrowsStopsAndTheErrorSurfaces() {
        AtomicInteger runs = new AtomicInteger();
        Cancellable c = vts.schedulePeriodically(() -> {
            if (runs.incrementAndGet() == 2) {
                throw new IllegalStateException("second run fails");
            }
        }, 1, 1, TimeUnit.MILLISECONDS);
        assertThatThrownBy(() -> vts.advanceTimeBy(Duration.ofMillis(10))).hasMessage("second run fails");
        vts.advanceTimeBy(Duration.ofMillis(10));
        assertThat(runs.get()).isEqualTo(2);
        assertThat(((TimerHandle<?>) c).isDone()).isTrue();
    }

    @Test
    void workerKeepsOrderAndItsCancelDropsEverything() {
        Scheduler.Worker w = vts.createWorker();
        List<String> seen = new ArrayList<>();
        w.schedule(() -> seen.add("later"), 5, TimeUnit.MILLISECONDS);
        w.schedule(() -> seen.add("a"));
        w.schedule(() -> seen.add("b"));
        w.schedulePeriodically(() -> seen.add("tick"), 2, 2, TimeUnit.MILLISECONDS);
        vts.advanceTimeBy(Duration.ofMillis(5));
        assertThat(seen).containsExactly("a", "b", "tick", "tick", "later");
        w.cancel();
        vts.advanceTimeBy(Duration.ofMillis(50));
        assertThat(seen).hasSize(5);
        assertThatThrownBy(() -> w.schedule(() -> { })).isInstanceOf(RejectedExecutionException.class);
    }

    @Test
    void badInput() {
        assertThatThrownBy(() -> vts.schedule(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> vts.schedule(() -> { }, 1, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> vts.schedulePeriodically(() -> { }, 1, 0, TimeUnit.SECONDS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("period");
        assertThatThrownBy(() -> vts.advanceTimeBy(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
        vts.close();
        assertThatThrownBy(() -> vts.schedule(() -> { })).isInstanceOf(RejectedExecutionException.class);
    }
}
