package dev.rill.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EngineTimerTest {

    private final AtomicReference<Throwable> errors = new AtomicReference<>();
    private final Engine engine = Engine.builder().workers(2).name("timers")
            .onError((t, e) -> errors.compareAndSet(null, e)).build();

    @AfterEach
    void close() {
        engine.close();
    }

    @Test
    void aTimerIsNeverEarly() throws Exception {
        final int n = 300;
        CountDownLatch done = new CountDownLatch(n);
        AtomicInteger early = new AtomicInteger();
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(3);
        for (int i = 0; i < n; i++) {
            long delayMicros = rnd.nextLong(40_000);
            long start = System.nanoTime();
            engine.schedule(() -> {
                if (System.nanoTime() - start < delayMicros * 1000) {
                    early.incrementAndGet();
                }
                done.countDown();
            }, delayMicros, TimeUnit.MICROSECONDS);
        }
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(early.get()).isZero();
    }

    @Test
    void expiredTasksRunOnWorkersNotOnTheTimerThread() throws Exception {
        AtomicReference<String> thread = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        engine.schedule(() -> {
            thread.set(Thread.currentThread().getName());
            done.countDown();
        }, 5, TimeUnit.MILLISECONDS);
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(thread.get()).startsWith("rill-timers-worker-");
    }

    /** Cancel racing with expiry, from another thread: exactly one of "ran" and "cancelled". */
    @Test
    void cancelRacingExpiryHasExactlyOneOutcome() throws Exception {
        final int rounds = 100_000;
        AtomicIntegerArray ran = new AtomicIntegerArray(rounds);
        boolean[] cancelled = new boolean[rounds];
        List<TimerHandle<?>> handles = Collections.synchronizedList(new ArrayList<>(rounds));
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(5);
        for (int batch = 0; batch < rounds; batch += 1000) {
            List<TimerHandle<?>> mine = new ArrayList<>(1000);
            for (int i = batch; i < batch + 1000; i++) {
                int id = i;
                mine.add(engine.schedule(() -> ran.incrementAndGet(id), rnd.nextLong(1500), TimeUnit.MICROSECONDS));
            }
            int base = batch;
            Thread canceller = new Thread(() -> {
                for (int k = 0; k < mine.size(); k++) {
                    cancelled[base + k] = mine.get(k).cancel(false);
                }
            });
            canceller.start();
            canceller.join();
            handles.addAll(mine);
        }
        TestSupport.awaitTrue(Duration.ofSeconds(20), "every timer ran or was cancelled",
                () -> handles.stream().allMatch(Future::isDone));
        int ranCount = 0;
        int cancelCount = 0;
        for (int i = 0; i < rounds; i++) {
            int r = ran.get(i);
            assertThat(r).isLessThanOrEqualTo(1);
            if ((r == 1) == cancelled[i]) {
                throw new AssertionError("timer " + i + ": ran=" + r + " cancelled=" + cancelled[i]);
            }
            ranCount += r;
            cancelCount += cancelled[i] ? 1 : 0;
        }
        assertThat(ranCount + cancelCount).isEqualTo(rounds);
        assertThat(ranCount).isPositive();
        assertThat(cancelCount).isPositive();
        // Counted by the timer thread as it meets them; a timer with no delay skips the wheel and a
        // fired one may still be cancelled before it runs, so the two need not add up to `rounds`.
        TestSupport.awaitTrue(Duration.ofSeconds(5), "metrics count both outcomes",
                () -> engine.metrics().timersCancelled() > 0 && engine.metrics().timersFired() > 0);
    }

    /** Real time: 1,000 timers of 10 ms are late by less than a generous bound. */
    @Test
    void lateness() throws Exception {
        final int n = 1000;
        long[] late = new long[n];
        CountDownLatch done = new CountDownLatch(n);
        for (int i = 0; i < n; i++) {
            int id = i;
            long due = System.nanoTime() + 10_000_000L;
            engine.schedule(() -> {
                late[id] = System.nanoTime() - due;
                done.countDown();
            }, 10, TimeUnit.MILLISECONDS);
        }
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        long[] sorted = late.clone();
        java.util.Arrays.sort(sorted);
        System.out.printf("timer lateness at 10 ms (idle engine): p50 %.3f ms, p99 %.3f ms, max %.3f ms%n",
                sorted[n / 2] / 1e6, sorted[n * 99 / 100] / 1e6, sorted[n - 1] / 1e6);
        assertThat(sorted[0]).isGreaterThanOrEqualTo(0);
        assertThat(sorted[n * 99 / 100]).isLessThan(TimeUnit.MILLISECONDS.toNanos(50));
    }

    @Test
    void periodicRunsUntilCancelled() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        TimerHandle<?> h = engine.schedulePeriodically(runs::incrementAndGet, 0, 2, TimeUnit.MILLISECONDS);
        TestSupport.awaitTrue(Duration.ofSeconds(5), "5 periods", () -> runs.get() >= 5);
        assertThat(h.cancel(false)).isTrue();
        TestSupport.awaitTrue(Duration.ofSeconds(5), "cancel settles", h::isDone);
        int after = runs.get();
        CountDownLatch later = new CountDownLatch(1);
        engine.schedule(later::countDown, 20, TimeUnit.MILLISECONDS);
        assertThat(later.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(runs.get()).isLessThanOrEqualTo(after + 1); // at most the run in progress
        assertThatThrownBy(h::get).isInstanceOf(CancellationException.class);
    }

    @Test
    void periodicTaskThatThrowsEndsAndGoesToTheHook() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        TimerHandle<?> h = engine.schedulePeriodically(() -> {
            if (runs.incrementAndGet() == 3) {
                throw new IllegalStateException("third fails");
            }
        }, 0, 1, TimeUnit.MILLISECONDS);
        assertThatThrownBy(() -> h.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasRootCauseMessage("third fails");
        assertThat(errors.get()).hasMessage("third fails");
        assertThat(runs.get()).isEqualTo(3);
    }

    @Test
    void fixedDelayMeasuresFromTheEndOfEachRun() throws Exception {
        List<Long> starts = new CopyOnWriteArrayList<>();
        CountDownLatch three = new CountDownLatch(3);
        TimerHandle<?> h = engine.scheduleWithFixedDelay(() -> {
            starts.add(System.nanoTime());
            busy(Duration.ofMillis(5));
            three.countDown();
        }, 0, 5, TimeUnit.MILLISECONDS);
        assertThat(three.await(5, TimeUnit.SECONDS)).isTrue();
        h.cancel();
        for (int i = 1; i < 3; i++) {
            assertThat(starts.get(i) - starts.get(i - 1)).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    @Test
    void worksAsAScheduledExecutorService() throws Exception {
        ScheduledExecutorService ses = engine;
        assertThat(ses.schedule(() -> 42, 3, TimeUnit.MILLISECONDS).get(5, TimeUnit.SECONDS)).isEqualTo(42);
        Callable<String> fails = () -> {
            throw new IllegalArgumentException("nope");
        };
        assertThatThrownBy(() -> ses.schedule(fails, 1, TimeUnit.MILLISECONDS).get())
                .isInstanceOf(ExecutionException.class).hasRootCauseMessage("nope");
        List<Future<Integer>> all = ses.invokeAll(List.of(() -> 1, () -> 2, () -> 3));
        assertThat(all.get(0).get() + all.get(1).get() + all.get(2).get()).isEqualTo(6);
        List<Callable<String>> one = List.of(() -> "x");
        assertThat(ses.invokeAny(one)).isEqualTo("x");
        TimerHandle<?> far = engine.schedule(() -> { }, 1, TimeUnit.HOURS);
        assertThat(far.getDelay(TimeUnit.MINUTES)).isBetween(58L, 60L);
        assertThat(far.compareTo(engine.schedule(() -> { }, 2, TimeUnit.HOURS))).isNegative();
        assertThatThrownBy(() -> far.get(10, TimeUnit.MILLISECONDS))
                .isInstanceOf(java.util.concurrent.TimeoutException.class);
        ses.shutdown();
        assertThat(ses.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        assertThat(ses.isTerminated()).isTrue();
        assertThat(far.isCancelled()).as("pending timers are cancelled by close").isTrue();
    }

    @Test
    void workerDelayedTasksRunInOrderWithItsOtherTasks() throws Exception {
        Scheduler.Worker w = engine.createWorker();
        List<String> seen = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        AtomicBoolean overlap = new AtomicBoolean();
        AtomicInteger inside = new AtomicInteger();
        Runnable step = () -> {
            if (inside.incrementAndGet() != 1) {
                overlap.set(true);
            }
            inside.decrementAndGet();
        };
        w.schedule(() -> {
            step.run();
            seen.add("delayed");
            done.countDown();
        }, 20, TimeUnit.MILLISECONDS);
        w.schedule(() -> {
            step.run();
            seen.add("now");
        });
        Cancellable ticks = w.schedulePeriodically(step, 0, 1, TimeUnit.MILLISECONDS);
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        ticks.cancel();
        assertThat(seen).containsExactly("now", "delayed");
        assertThat(overlap).isFalse();
    }

    @Test
    void cancelledWorkerNeverRunsItsDelayedTasks() throws Exception {
        Scheduler.Worker w = engine.createWorker();
        AtomicBoolean ran = new AtomicBoolean();
        Cancellable t = w.schedule(() -> ran.set(true), 10, TimeUnit.MILLISECONDS);
        AtomicInteger ticks = new AtomicInteger();
        w.schedulePeriodically(ticks::incrementAndGet, 1, 1, TimeUnit.MILLISECONDS);
        w.cancel();
        CountDownLatch later = new CountDownLatch(1);
        engine.schedule(later::countDown, 30, TimeUnit.MILLISECONDS);
        assertThat(later.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(ran).isFalse();
        assertThat(t.isCancelled()).isTrue();
        assertThat(ticks.get()).isLessThanOrEqualTo(1);
        assertThatThrownBy(() -> w.schedule(() -> { }, 1, TimeUnit.MILLISECONDS))
                .isInstanceOf(RejectedExecutionException.class);
    }

    /**
     * A sweep by task: the matching timers leave the wheel at once (pending drops by exactly their
     * number), their handles say cancelled, a task that is itself Cancellable is cancelled too, and
     * the other timers still fire.
     */
    @Test
    void cancelTimersSweepsTheMatchingTimersAndTellsTheirTasks() throws Exception {
        final class Tagged implements Runnable, Cancellable {
            final AtomicBoolean cancelled = new AtomicBoolean();

            @Override
            public void run() {
                throw new AssertionError("a swept timer ran");
            }

            @Override
            public void cancel() {
                cancelled.set(true);
            }

            @Override
            public boolean isCancelled() {
                return cancelled.get();
            }
        }
        List<Tagged> tagged = new ArrayList<>();
        List<TimerHandle<?>> handles = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            Tagged t = new Tagged();
            tagged.add(t);
            handles.add(engine.schedule(t, 1 + i % 500, TimeUnit.SECONDS));
        }
        CountDownLatch others = new CountDownLatch(100);
        for (int i = 0; i < 100; i++) {
            engine.schedule(others::countDown, 20 + i % 30, TimeUnit.MILLISECONDS);
        }
        assertThat(engine.cancelTimers(r -> r instanceof Tagged)).isEqualTo(5_000);
        assertThat(handles).allMatch(TimerHandle::isCancelled);
        assertThat(tagged).allMatch(Tagged::isCancelled);
        assertThat(others.await(5, TimeUnit.SECONDS)).isTrue();
        TestSupport.awaitTrue(Duration.ofSeconds(5), "no timer pending", () -> engine.metrics().timersPending() == 0);
        assertThat(engine.cancelTimers(r -> true)).isZero();
        assertThatThrownBy(() -> engine.cancelTimers(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("which");
        assertThat(errors.get()).isNull();
    }

    /**
     * A task arms a timer on its worker's own wheel and then blocks that worker: the timer still
     * fires, taken over by the timer thread once the worker is past its due tick. The blocked task
     * waits for that very timer, so without the takeover it would wait out its 10 s bound.
     */
    @Test
    void aTimerArmedByATaskThatThenBlocksItsWorkerStillFires() throws Exception {
        CountDownLatch fired = new CountDownLatch(1);
        AtomicBoolean firedWhileBlocked = new AtomicBoolean();
        CountDownLatch done = new CountDownLatch(1);
        engine.execute(() -> {
            engine.schedule(fired::countDown, 5, TimeUnit.MILLISECONDS);
            try {
                firedWhileBlocked.set(fired.await(10, TimeUnit.SECONDS)); // blocks the worker
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            done.countDown();
        });
        assertThat(done.await(15, TimeUnit.SECONDS)).isTrue();
        assertThat(firedWhileBlocked).isTrue();
        assertThat(engine.timers.takeovers()).isPositive();
    }

    /** Timers on workers' own wheels: a cancel from another thread, the sweep, and the counts. */
    @Test
    void timersArmedOnWorkersAreCancelledFromAnyThreadAndSwept() throws Exception {
        List<TimerHandle<?>> handles = new CopyOnWriteArrayList<>();
        AtomicInteger ran = new AtomicInteger();
        CountDownLatch armed = new CountDownLatch(1);
        engine.execute(() -> {
            for (int i = 0; i < 100; i++) {
                handles.add(engine.schedule(() -> {
                    ran.incrementAndGet();
                }, 1, TimeUnit.HOURS));
            }
            armed.countDown();
        });
        assertThat(armed.await(5, TimeUnit.SECONDS)).isTrue();
        // Buffered by the worker until it flushes (at its maintenance tick, or as it parks, soon after).
        TestSupport.awaitTrue(Duration.ofSeconds(5), "linked into the worker's wheel", () -> handles.stream()
                .allMatch(h -> ((TimerEntry) h).wheel != null && ((TimerEntry) h).wheel.owner != null));
        for (int i = 0; i < 40; i++) {
            assertThat(handles.get(i).cancel(false)).isTrue(); // from this thread: posted to the worker
        }
        TestSupport.awaitTrue(Duration.ofSeconds(5), "60 pending", () -> engine.metrics().timersPending() == 60);
        assertThat(engine.cancelTimers(r -> true)).isEqualTo(60);
        assertThat(handles).allMatch(TimerHandle::isCancelled);
        assertThat(engine.metrics().timersPending()).isZero();
        assertThat(ran).hasValue(0);
    }

    /**
     * Timers armed outside the engine go into an outside wheel's buffer, not linked: a cancel from
     * any thread is the state change alone and the entry is never linked; those left are linked by
     * the timer thread's look (at most {@link WorkerTimers#OUTSIDE_LOOK_TICKS} after the first arm),
     * after which a cancel from the arming thread unlinks at once; and they fire on the workers,
     * never early.
     */
    @Test
    void timersArmedOutsideAreBufferedLinkedByTheTimerThreadAndFireOnTheWorkers() throws Exception {
        List<TimerHandle<?>> far = new ArrayList<>();
        long armedAt = System.nanoTime();
        for (int i = 0; i < 50; i++) {
            far.add(engine.schedule(() -> { }, 1, TimeUnit.HOURS));
        }
        boolean beforeTheLook = System.nanoTime() - armedAt
                < WorkerTimers.OUTSIDE_LOOK_TICKS * TimerHost.TICK_NANOS / 2;
        if (beforeTheLook) { // else a stalled test thread let the timer thread's look link them
            assertThat(far).allMatch(h -> ((TimerEntry) h).wheel == null); // buffered
        }
        assertThat(engine.metrics().timersPending()).isEqualTo(50);
        for (int i = 0; i < 20; i++) {
            assertThat(far.get(i).cancel(false)).isTrue(); // never linked: nothing to unlink
        }
        assertThat(engine.metrics().timersPending()).isEqualTo(30);
        TestSupport.awaitTrue(Duration.ofSeconds(5), "the live ones linked by the timer thread's look",
                () -> far.subList(20, 50).stream().allMatch(h -> ((TimerEntry) h).wheel != null
                        && ((TimerEntry) h).wheel.owner instanceof WorkerTimers w && w.owner == null));
        assertThat(far.subList(0, 20)).allMatch(h -> ((TimerEntry) h).wheel == null);
        for (int i = 20; i < 40; i++) {
            assertThat(far.get(i).cancel(false)).isTrue();
            assertThat(((TimerEntry) far.get(i)).wheel).isNull(); // unlinked by the cancel itself
        }
        CountDownLatch cancelled = new CountDownLatch(1);
        engine.execute(() -> {
            far.subList(40, 50).forEach(h -> h.cancel(false));
            cancelled.countDown();
        });
        assertThat(cancelled.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(engine.metrics().timersPending()).isZero();
        CountDownLatch ran = new CountDownLatch(20);
        AtomicInteger early = new AtomicInteger();
        AtomicInteger onWorker = new AtomicInteger();
        for (int i = 0; i < 20; i++) {
            long start = System.nanoTime();
            engine.schedule(() -> {
                if (System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(5)) {
                    early.incrementAndGet();
                }
                if (Thread.currentThread() instanceof WorkerThread) {
                    onWorker.incrementAndGet();
                }
                ran.countDown();
            }, 5, TimeUnit.MILLISECONDS);
        }
        assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(early).hasValue(0);
        assertThat(onWorker).hasValue(20);
    }

    /** A closing engine drops the timers on its workers' wheels too, and tells their tasks. */
    @Test
    void timersArmedOnWorkersAreToldWhenTheEngineCloses() throws Exception {
        Engine e = Engine.builder().workers(2).name("worker-timers-close").build();
        CountDownLatch told = new CountDownLatch(10);
        final class Told implements Rejectable {
            @Override
            public void run() {
                throw new AssertionError("an hour went by?");
            }

            @Override
            public void rejected(RejectedExecutionException cause) {
                told.countDown();
            }
        }
        CountDownLatch armed = new CountDownLatch(1);
        e.execute(() -> {
            for (int i = 0; i < 10; i++) {
                e.schedule(new Told(), 1, TimeUnit.HOURS);
            }
            armed.countDown();
        });
        assertThat(armed.await(5, TimeUnit.SECONDS)).isTrue();
        e.close();
        assertThat(told.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void badInput() throws Exception {
        CountDownLatch ranAtOnce = new CountDownLatch(1);
        engine.schedule(ranAtOnce::countDown, -10, TimeUnit.SECONDS);
        assertThat(ranAtOnce.await(5, TimeUnit.SECONDS)).isTrue();
        assertThatThrownBy(() -> engine.schedulePeriodically(() -> { }, 0, 0, TimeUnit.MILLISECONDS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("period");
        assertThatThrownBy(() -> engine.scheduleWithFixedDelay(() -> { }, 0, -1, TimeUnit.MILLISECONDS))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> engine.schedule((Runnable) null, 1, TimeUnit.SECONDS))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> engine.schedule(() -> { }, 1, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> engine.createWorker().schedule(null, 1, TimeUnit.SECONDS))
                .isInstanceOf(NullPointerException.class);
        TimerHandle<?> huge = engine.schedule(() -> { }, Long.MAX_VALUE, TimeUnit.DAYS);
        assertThat(huge.getDelay(TimeUnit.DAYS)).isPositive();
        engine.close();
        assertThatThrownBy(() -> engine.schedule(() -> { }, 1, TimeUnit.SECONDS))
                .isInstanceOf(RejectedExecutionException.class);
        assertThatThrownBy(() -> engine.schedulePeriodically(() -> { }, 1, 1, TimeUnit.SECONDS))
                .isInstanceOf(RejectedExecutionException.class);
        assertThat(huge.isCancelled()).isTrue();
    }

    @Test
    void closeLeavesNoTimerOrWorkerThread() {
        Engine e = Engine.builder().workers(2).name("timer-close").build();
        e.schedule(() -> { }, 1, TimeUnit.HOURS);
        e.schedulePeriodically(() -> { }, 0, 1, TimeUnit.MILLISECONDS);
        assertThat(TestSupport.rillThreadsAlive("rill-timer-close-timer")).isEqualTo(1);
        e.close();
        assertThat(TestSupport.rillThreadsAlive("rill-timer-close-")).isZero();
    }

    @Test
    void nowIsMonotonic() {
        long prev = engine.now(TimeUnit.NANOSECONDS);
        for (int i = 0; i < 10_000; i++) {
            long n = engine.now(TimeUnit.NANOSECONDS);
            assertThat(n).isGreaterThanOrEqualTo(prev);
            prev = n;
        }
    }

    private static void busy(Duration d) {
        long end = System.nanoTime() + d.toNanos();
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }
}
