package dev.rill.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WorkerTimersTest {

    /** A driver on a tick clock the test moves; what a takeover fires runs at once. */
    private static final class FakeDriver implements WorkerTimers.Driver {
        final AtomicLong tick = new AtomicLong();
        final AtomicInteger notices = new AtomicInteger();

        @Override
        public long nanoTime() {
            return tick.get() * TimerHost.TICK_NANOS;
        }

        @Override
        public void dispatch(ScheduledTask<?> t) {
            t.run();
        }

        @Override
        public void noticeDue(long due) {
            notices.incrementAndGet();
        }

        @Override
        public void wakeThread() {
        }
    }

    private static TimerHost host(WorkerTimers timers) {
        return WorkerTimersFakes.host(timers);
    }

    private static ScheduledTask<Void> timer(TimerHost host, long dueTick, Runnable work) {
        return new ScheduledTask<>(host, null, work, null, dueTick * TimerHost.TICK_NANOS, 0);
    }

    private final FakeDriver driver = new FakeDriver();
    private final WorkerTimers timers = new WorkerTimers(Thread.currentThread(), driver, ScheduledTask::run);
    private final TimerHost host = host(timers);

    @Test
    void aTimerFiresWhenTheOwnerAdvancesPastItsDeadlineNotBefore() {
        AtomicInteger ran = new AtomicInteger();
        assertThat(timers.arm(timer(host, 30, ran::incrementAndGet))).isTrue();
        timers.advance(29);
        assertThat(ran).hasValue(0);
        timers.advance(30);
        assertThat(ran).hasValue(1);
        assertThat(timers.fired).isEqualTo(1);
    }

    @Test
    void aTimerAlreadyDueFiresAsItIsArmed() {
        timers.arm(timer(host, 50, () -> { }));
        timers.advance(50); // the wheel's time moves as it fires (an empty wheel is not even looked at)
        AtomicInteger ran = new AtomicInteger();
        assertThat(timers.arm(timer(host, 40, ran::incrementAndGet))).isTrue();
        assertThat(ran).hasValue(1);
    }

    @Test
    void theOwnersCancelUnlinksAtOnceAnotherThreadsWaitsForTheNextHolder() throws Exception {
        ScheduledTask<Void> own = timer(host, 100, () -> { });
        ScheduledTask<Void> remote = timer(host, 100, () -> { });
        timers.arm(own);
        timers.arm(remote);
        assertThat(own.cancel(false)).isTrue();
        assertThat(own.wheel).isNull(); // unlinked: unreachable from the wheel already
        Thread other = new Thread(() -> remote.cancel(false));
        other.start();
        other.join();
        assertThat(remote.wheel).isNotNull(); // posted, not applied yet
        assertThat(timers.pending()).isZero(); // a free wheel applies what was posted
        assertThat(remote.wheel).isNull();
        assertThat(timers.cancelled).isEqualTo(2);
    }

    @Test
    void theDueTickIsTheNextExpirationPlusGraceWhileAwakeAndExactBeforeParking() {
        assertThat(timers.due()).isEqualTo(Long.MAX_VALUE);
        timers.arm(timer(host, 5, () -> { }));
        assertThat(timers.due()).isEqualTo(5 + WorkerTimers.LATE_TICKS);
        assertThat(timers.beforePark()).isFalse();
        assertThat(timers.due()).isEqualTo(5);
        assertThat(driver.notices.get()).isPositive(); // told the timer thread, which may sleep past it
        driver.tick.set(5);
        assertThat(timers.takeOverIfDue(5)).isEqualTo(Long.MAX_VALUE);
        assertThat(timers.fired).isEqualTo(1);
        assertThat(timers.takeovers).isEqualTo(1);
    }

    @Test
    void aTakeoverLeavesAWheelAloneBeforeItsDueTick() {
        AtomicInteger ran = new AtomicInteger();
        timers.arm(timer(host, 5, ran::incrementAndGet));
        assertThat(timers.takeOverIfDue(5 + WorkerTimers.LATE_TICKS - 1)).isEqualTo(5 + WorkerTimers.LATE_TICKS);
        assertThat(ran).hasValue(0); // the owner is awake and within its grace
        timers.takeOverIfDue(5 + WorkerTimers.LATE_TICKS);
        assertThat(ran).hasValue(1);
    }

    @Test
    void whileAnotherThreadHoldsTheWheelTheOwnerArmsElsewhere() {
        assertThat(timers.tryLock()).isTrue(); // as a takeover would
        try {
            assertThat(timers.arm(timer(host, 5, () -> { }))).isFalse();
            assertThat(timers.advance(5)).isTrue(); // empty: nothing to skip
        } finally {
            timers.unlock();
        }
    }

    @Test
    void closeDropsEveryLinkedTimerAndTakesNoMore() {
        List<TimerEntry> dropped = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            timers.arm(timer(host, 10 + i * 1000L, () -> { }));
        }
        timers.close(dropped::add);
        assertThat(dropped).hasSize(100).allMatch(e -> e.wheel == null);
        assertThat(timers.arm(timer(host, 10, () -> { }))).isFalse();
        assertThat(timers.due()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void removeIfSweepsTheMatchingTimersOnly() {
        List<ScheduledTask<Void>> all = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            ScheduledTask<Void> t = timer(host, 10 + i, () -> { });
            all.add(t);
            timers.arm(t);
        }
        List<ScheduledTask<?>> hits = new ArrayList<>();
        timers.removeIf(e -> all.indexOf(e) % 3 == 0, hits);
        assertThat(hits).hasSize(10);
        assertThat(timers.pending()).isEqualTo(20);
    }

    /**
     * Conservation: an owner arming and cancelling, two threads cancelling, a thread taking the
     * wheel over and a clock moving, all at once. Every timer ends exactly one way (ran once, or
     * cancelled and never ran), none runs before its deadline, none is lost, and the wheel's
     * counters agree: every timer armed left the wheel fired or cancelled.
     */
    @Test
    void everyTimerRunsOnceOrIsCancelledUnderOwnerOthersAndTakeovers() throws Exception {
        conservation(false);
    }

    /** The same with timers whose start the wheel sets from a reading shared by a window of arms. */
    @Test
    void everyDeferredTimerRunsOnceNeverEarlyOrIsCancelledUnderOwnerOthersAndTakeovers() throws Exception {
        conservation(true);
    }

    /**
     * The same with an owner that flushes only every 4,096 arms: its buffer spans several chunks
     * ({@link TimerBuffer}), is compacted and doubled as it fills, lets its chunks go at each flush
     * and allocates them again, while takeovers claim from it.
     */
    @Test
    void everyDeferredTimerRunsOnceOrIsCancelledWhileTheBufferSpansChunksUnderOwnerOthersAndTakeovers()
            throws Exception {
        conservation(true, 4095);
    }

    @Test
    void aDeferredTimerCountsFromTheWindowsReadingPlusASlackTick() {
        driver.tick.set(100);
        ScheduledTask<Void> t = deferred(host(timers), 5 * TimerHost.TICK_NANOS, () -> { });
        assertThat(timers.arm(t)).isTrue();
        assertThat(t.deadline).isEqualTo(100 + 1 + 5);
        driver.tick.set(150); // the window outlives its slack: its timers move later as it closes
        ScheduledTask<Void> u = deferred(host(timers), 5 * TimerHost.TICK_NANOS, () -> { });
        assertThat(timers.arm(u)).isTrue();
        assertThat(timers.advance(150)).isTrue();
        assertThat(t.deadline).isEqualTo(150 + 5);
        assertThat(u.deadline).isEqualTo(150 + 5);
        assertThat(t.isDone() || u.isDone()).isFalse();
    }

    @Test
    void aFullWindowIsCheckedAndTheNextCountsFromTheClosingReading() {
        driver.tick.set(10);
        TimerHost h = host(timers);
        ScheduledTask<?>[] ts = new ScheduledTask<?>[WorkerTimers.WINDOW + 1];
        for (int i = 0; i < WorkerTimers.WINDOW; i++) {
            ts[i] = deferred(h, TimerHost.TICK_NANOS, () -> { });
            assertThat(timers.arm(ts[i])).isTrue();
        }
        driver.tick.set(20);
        ts[WorkerTimers.WINDOW] = deferred(h, TimerHost.TICK_NANOS, () -> { });
        assertThat(timers.arm(ts[WorkerTimers.WINDOW])).isTrue();
        assertThat(ts[0].deadline).isEqualTo(20 + 1);
        assertThat(ts[WorkerTimers.WINDOW].deadline).isEqualTo(20 + 1 + 1);
    }

    @Test
    void theOwnerBuffersADeferredTimerAndACancelBeforeTheFlushNeverLinksIt() {
        ScheduledTask<Void> kept = deferred(host, 50 * TimerHost.TICK_NANOS, () -> { });
        ScheduledTask<Void> dropped = deferred(host, 50 * TimerHost.TICK_NANOS, () -> { });
        assertThat(timers.arm(kept)).isTrue();
        assertThat(timers.arm(dropped)).isTrue();
        assertThat(kept.wheel).isNull(); // buffered, not linked
        assertThat(dropped.cancel(false)).isTrue();
        assertThat(timers.pending()).isEqualTo(1);
        assertThat(timers.advance(0)).isTrue(); // the flush
        assertThat(kept.wheel).isNotNull();
        assertThat(dropped.wheel).isNull();
        assertThat(timers.cancelled).isEqualTo(1);
        assertThat(timers.pending()).isEqualTo(1);
    }

    /**
     * The owner blocks with timers in its buffer: a takeover at the buffer's due tick claims and
     * fires them; one buffered after that claim, without lowering the due tick, is found by the
     * next look {@link WorkerTimers#LATE_TICKS} later; the owner's flush links nothing twice.
     */
    @Test
    void aTakeoverClaimsTheBufferAtItsDueTickAndLooksAgainUntilTheOwnerFlushes() throws Exception {
        AtomicInteger ran = new AtomicInteger();
        ScheduledTask<Void> first = deferred(host, 5 * TimerHost.TICK_NANOS, ran::incrementAndGet);
        assertThat(timers.arm(first)).isTrue();
        long due = 6 + WorkerTimers.LATE_TICKS; // one slack tick, then the owner's grace
        assertThat(timers.due()).isEqualTo(due);
        assertThat(timers.takeOverIfDue(due - 1)).isEqualTo(due); // not yet: the owner may still come
        driver.tick.set(due);
        // Claimed from the open window: counted from the claim's reading, as a window closed then is.
        assertThat(timers.takeOverIfDue(due)).isEqualTo(due + 5);
        assertThat(ran).hasValue(0);
        long look = due + 5;
        driver.tick.set(look);
        assertThat(timers.takeOverIfDue(look)).isEqualTo(look + WorkerTimers.LATE_TICKS); // served: look again
        assertThat(ran).hasValue(1);
        ScheduledTask<Void> later = deferred(host, 20 * TimerHost.TICK_NANOS, ran::incrementAndGet);
        ScheduledTask<Void> far = deferred(host, 500 * TimerHost.TICK_NANOS, ran::incrementAndGet);
        assertThat(timers.arm(later)).isTrue(); // the same window: no lower due tick, nothing told
        assertThat(timers.arm(far)).isTrue();
        look += WorkerTimers.LATE_TICKS;
        assertThat(timers.due()).isEqualTo(look);
        driver.tick.set(look);
        timers.takeOverIfDue(look);
        assertThat(later.wheel).isNotNull(); // claimed, and moved to count from the claim's reading
        assertThat(later.deadline).isEqualTo(look + 20);
        assertThat(timers.pending()).isEqualTo(2);
        assertThat(timers.advance(look)).isTrue(); // the owner is back: its flush
        assertThat(timers.pending()).isEqualTo(2); // linked once each
        assertThat(timers.due()).isEqualTo(later.deadline + WorkerTimers.LATE_TICKS);
        driver.tick.set(later.deadline);
        timers.advance(later.deadline);
        assertThat(ran).hasValue(2);
        assertThat(timers.pending()).isEqualTo(1);
    }

    // ---------------------------------------------------------------- outside wheels

    /**
     * An outside wheel buffers every one-shot arm: a cancel before the timer thread's look is the
     * state change alone; the look, due at the earliest deadline and at most {@link
     * WorkerTimers#OUTSIDE_LOOK_TICKS} after the first arm, links the live timers and drops the
     * cancelled ones, which are then unreachable from the wheel.
     */
    @Test
    void anOutsideWheelBuffersEveryArmAndItsLookLinksTheLiveAndDropsTheCancelled() {
        WorkerTimers outside = WorkerTimers.outside(driver, ScheduledTask::run);
        TimerHost h = host(outside);
        driver.tick.set(100);
        AtomicInteger ran = new AtomicInteger();
        ScheduledTask<Void> kept = timer(h, 100 + 5_000, ran::incrementAndGet);
        ScheduledTask<Void> gone = timer(h, 100 + 3_000, ran::incrementAndGet);
        assertThat(outside.arm(kept)).isTrue();
        assertThat(outside.arm(gone)).isTrue();
        assertThat(kept.wheel).isNull();
        assertThat(gone.wheel).isNull();
        long look = 100 + WorkerTimers.OUTSIDE_LOOK_TICKS;
        assertThat(outside.due()).isEqualTo(look); // far deadlines: the look bound
        assertThat(driver.notices.get()).isEqualTo(1); // the first arm told the timer thread; the second did not lower it
        assertThat(gone.cancel(false)).isTrue();
        assertThat(outside.pending()).isEqualTo(1);
        assertThat(outside.takeOverIfDue(look - 1)).isEqualTo(look);
        assertThat(kept.wheel).isNull();
        driver.tick.set(look);
        // The buffer emptied: the wheel's own due tick (a cascade's, no later than the deadline)
        assertThat(outside.takeOverIfDue(look)).isGreaterThan(look).isLessThanOrEqualTo(100 + 5_000);
        assertThat(kept.wheel).isNotNull();
        assertThat(gone.wheel).isNull();
        assertThat(outside.cancelled).isEqualTo(1);
        assertThat(outside.pending()).isEqualTo(1);
        for (long t = look + 1; t <= 100 + 5_000; t++) {
            driver.tick.set(t);
            outside.takeOverIfDue(t);
            assertThat(ran).as("at tick %d", t).hasValue(t < 100 + 5_000 ? 0 : 1);
        }
        assertThat(outside.due()).isEqualTo(Long.MAX_VALUE);
    }

    /** A near deadline is the look itself, and an earlier arm lowers it (and tells the timer thread). */
    @Test
    void anOutsideWheelsLookIsItsEarliestBufferedDeadline() {
        WorkerTimers outside = WorkerTimers.outside(driver, ScheduledTask::run);
        TimerHost h = host(outside);
        AtomicInteger ran = new AtomicInteger();
        assertThat(outside.arm(timer(h, 30, ran::incrementAndGet))).isTrue();
        assertThat(outside.due()).isEqualTo(30);
        assertThat(outside.arm(timer(h, 20, ran::incrementAndGet))).isTrue();
        assertThat(outside.due()).isEqualTo(20);
        assertThat(driver.notices.get()).isEqualTo(2);
        driver.tick.set(20);
        assertThat(outside.takeOverIfDue(20)).isEqualTo(30);
        assertThat(ran).hasValue(1);
        driver.tick.set(30);
        outside.takeOverIfDue(30);
        assertThat(ran).hasValue(2);
    }

    /**
     * Cancelled timers do not pile up in a full buffer: it is compacted before it grows, and a
     * periodic task skips the buffer (linked at once, so a period is never dispatched twice).
     */
    @Test
    void anOutsideWheelsFullBufferDropsWhatWasCancelledBeforeItGrows() {
        WorkerTimers outside = WorkerTimers.outside(driver, ScheduledTask::run);
        TimerHost h = host(outside);
        for (int round = 0; round < 10; round++) {
            for (int i = 0; i < WorkerTimers.INITIAL_BUFFER; i++) {
                ScheduledTask<Void> t = timer(h, 1_000_000, () -> { });
                assertThat(outside.arm(t)).isTrue();
                assertThat(t.cancel(false)).isTrue();
            }
        }
        // The eleventh round's first arm finds the buffer full of cancelled timers.
        assertThat(outside.arm(timer(h, 1_000_000, () -> { }))).isTrue();
        assertThat(outside.cancelled).isEqualTo(10L * WorkerTimers.INITIAL_BUFFER); // each full buffer compacted by the next arm
        assertThat(outside.pending()).isEqualTo(1);
        ScheduledTask<Void> periodic = new ScheduledTask<>(h, null, () -> { }, null, 1_000_000 * TimerHost.TICK_NANOS,
                TimerHost.TICK_NANOS);
        assertThat(periodic.isPeriodic()).isTrue();
        assertThat(outside.arm(periodic)).isTrue();
        assertThat(periodic.wheel).isNotNull();
    }

    /**
     * A buffer grown for a burst comes back down once the burst was cancelled: the next
     * compaction comes after a few hundred arms, not after as many as the burst had.
     */
    @Test
    void anOutsideWheelsBufferShrinksAfterABurstItGrewForWasCancelled() {
        WorkerTimers outside = WorkerTimers.outside(driver, ScheduledTask::run);
        TimerHost h = host(outside);
        int burst = 16 * WorkerTimers.INITIAL_BUFFER;
        List<ScheduledTask<Void>> live = new ArrayList<>();
        for (int i = 0; i < burst; i++) { // all live: the buffer doubles up to the burst
            ScheduledTask<Void> t = timer(h, 1_000_000, () -> { });
            assertThat(outside.arm(t)).isTrue();
            live.add(t);
        }
        live.forEach(t -> t.cancel(false));
        assertThat(outside.arm(timer(h, 1_000_000, () -> { }))).isTrue(); // full: compacted, shrinks
        assertThat(outside.cancelled).isEqualTo(burst);
        for (int i = 1; i <= WorkerTimers.INITIAL_BUFFER; i++) { // one live (above), the rest cancelled
            ScheduledTask<Void> t = timer(h, 1_000_000, () -> { });
            assertThat(outside.arm(t)).isTrue();
            if (i < WorkerTimers.INITIAL_BUFFER) {
                t.cancel(false);
            }
        }
        // The loop's last arm found the buffer full (256) and compacted the 255 cancelled before it.
        assertThat(outside.cancelled).isEqualTo(burst + WorkerTimers.INITIAL_BUFFER - 1);
        assertThat(outside.pending()).isEqualTo(2);
    }

    @Test
    void closingAnOutsideWheelDropsWhatItBufferedAndTakesNoMore() {
        WorkerTimers outside = WorkerTimers.outside(driver, ScheduledTask::run);
        TimerHost h = host(outside);
        for (int i = 0; i < 10; i++) {
            assertThat(outside.arm(timer(h, 50 + i, () -> { }))).isTrue();
        }
        List<TimerEntry> dropped = new ArrayList<>();
        outside.close(dropped::add);
        assertThat(dropped).hasSize(10);
        assertThat(outside.arm(timer(h, 10, () -> { }))).isFalse();
        assertThat(outside.pending()).isZero();
    }

    /**
     * Conservation on an outside wheel: two threads arming (every arm buffered under the lock) and
     * cancelling, two more cancelling, a thread taking the wheel over as the timer thread does and
     * a clock moving, all at once. Every timer ran once or was cancelled and never ran; none ran
     * early; none is left; the counters agree.
     */
    @Test
    void everyOutsideTimerRunsOnceNeverEarlyOrIsCancelledUnderArmersCancellersAndLooks() throws Exception {
        final int perArmer = 250_000;
        final int n = 2 * perArmer;
        WorkerTimers w = WorkerTimers.outside(driver, ScheduledTask::run);
        TimerHost h = host(w);
        AtomicReferenceArray<ScheduledTask<?>> armed = new AtomicReferenceArray<>(n);
        AtomicReferenceArray<ScheduledTask<?>> recent = new AtomicReferenceArray<>(64);
        AtomicIntegerArray runs = new AtomicIntegerArray(n);
        AtomicInteger early = new AtomicInteger();
        AtomicInteger armedSoFar = new AtomicInteger();
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> armers = new ArrayList<>();
        for (int a = 0; a < 2; a++) {
            int base = a * perArmer;
            armers.add(new Thread(() -> {
                try {
                    SplittableRandom rnd = new SplittableRandom(base + 1);
                    for (int i = base; i < base + perArmer; i++) {
                        int id = i;
                        long dueTick = driver.tick.get() + 1 + rnd.nextInt(2_000);
                        ScheduledTask<Void> t = timer(h, dueTick, () -> {
                            if (driver.tick.get() < dueTick) {
                                early.incrementAndGet();
                            }
                            runs.incrementAndGet(id);
                        });
                        while (!w.arm(t)) {
                            Thread.onSpinWait(); // the engine would use the inbox; here we keep count
                        }
                        armed.set(i, t);
                        recent.set(i & (recent.length() - 1), t);
                        armedSoFar.incrementAndGet();
                        if (rnd.nextInt(2) == 0) {
                            t.cancel(false); // the common case: cancelled before the look
                        }
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }));
        }
        List<Thread> others = new ArrayList<>();
        for (int k = 0; k < 2; k++) {
            int seed = 10 + k;
            others.add(new Thread(() -> {
                SplittableRandom rnd = new SplittableRandom(seed);
                while (!done.get()) {
                    // Mostly the latest arms: those a look may be linking right now.
                    ScheduledTask<?> t = rnd.nextBoolean() ? recent.get(rnd.nextInt(recent.length()))
                            : armed.get(rnd.nextInt(n));
                    if (t != null && rnd.nextInt(4) == 0) {
                        t.cancel(false);
                    }
                }
            }));
        }
        others.add(new Thread(() -> {
            while (!done.get()) {
                long now = driver.tick.incrementAndGet();
                w.takeOverIfDue(now);
                Thread.onSpinWait();
            }
        }));
        others.forEach(Thread::start);
        armers.forEach(Thread::start);
        for (Thread t : armers) {
            t.join(TimeUnit.SECONDS.toMillis(40));
        }
        done.set(true);
        for (Thread t : others) {
            t.join(TimeUnit.SECONDS.toMillis(10));
        }
        assertThat(failure.get()).isNull();
        assertThat(armedSoFar).hasValue(n);
        int live = 0;
        for (int i = 0; i < n; i++) {
            if (runs.get(i) == 0 && !armed.get(i).isCancelled()) {
                live++;
            }
        }
        // Before the last look: a cancel that raced with a link left nothing linked.
        assertThat(w.pending()).isEqualTo(live);
        long end = driver.tick.addAndGet(10_000);
        assertThat(w.tryTakeOver(end)).isTrue();
        assertEachEndedOneWay(w, armed, runs, early, n);
    }

    private static ScheduledTask<Void> deferred(TimerHost host, long delayNanos, Runnable work) {
        ScheduledTask<Void> t = new ScheduledTask<>(host, null, work, null, delayNanos, 0);
        t.deadline = TimerEntry.UNRESOLVED; // as ScheduledTask.oneShot makes it for TimerHost.DEFERRED
        return t;
    }

    private void conservation(boolean deferredStart) throws Exception {
        conservation(deferredStart, 63);
    }

    /** {@code advanceMask}: the owner advances its wheel (and flushes its buffer) when {@code (i & advanceMask) == 0}. */
    private void conservation(boolean deferredStart, int advanceMask) throws Exception {
        final int n = 200_000;
        AtomicReferenceArray<ScheduledTask<?>> armed = new AtomicReferenceArray<>(n);
        AtomicIntegerArray runs = new AtomicIntegerArray(n);
        AtomicInteger early = new AtomicInteger();
        AtomicInteger count = new AtomicInteger();
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        ConcurrentLinkedQueue<Thread> threads = new ConcurrentLinkedQueue<>();
        CountDownLatch started = new CountDownLatch(1);
        WorkerTimers[] box = new WorkerTimers[1];
        Thread owner = new Thread(() -> {
            try {
                started.await();
                SplittableRandom rnd = new SplittableRandom(1);
                WorkerTimers w = box[0];
                TimerHost h = host(w);
                for (int i = 0; i < n; i++) {
                    int id = i;
                    long startTick = driver.tick.get(); // read before the arm, as a caller would start it
                    long dueTick = startTick + 1 + rnd.nextInt(40);
                    Runnable work = () -> {
                        if (driver.tick.get() < dueTick) {
                            early.incrementAndGet();
                        }
                        runs.incrementAndGet(id);
                    };
                    ScheduledTask<Void> t = deferredStart
                            ? deferred(h, (dueTick - startTick) * TimerHost.TICK_NANOS, work)
                            : timer(h, dueTick, work);
                    while (!w.arm(t)) {
                        Thread.onSpinWait(); // the engine would use the shared wheel; here we keep count
                    }
                    armed.set(i, t);
                    count.set(i + 1);
                    if (rnd.nextInt(3) == 0) {
                        ScheduledTask<?> c = armed.get(rnd.nextInt(i + 1));
                        c.cancel(false);
                    }
                    if ((i & advanceMask) == 0) {
                        w.advance(driver.tick.get());
                    }
                }
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            }
        });
        box[0] = new WorkerTimers(owner, driver, ScheduledTask::run);
        WorkerTimers w = box[0];
        threads.add(owner);
        for (int k = 0; k < 2; k++) {
            int seed = 10 + k;
            threads.add(new Thread(() -> {
                SplittableRandom rnd = new SplittableRandom(seed);
                while (!done.get()) {
                    int c = count.get();
                    if (c > 0) {
                        armed.get(rnd.nextInt(c)).cancel(false);
                    }
                }
            }));
        }
        threads.add(new Thread(() -> {
            while (!done.get()) {
                long now = driver.tick.incrementAndGet(); // the clock, and a takeover now and then
                if ((now & 7) == 0) {
                    w.tryTakeOver(now);
                }
                Thread.onSpinWait();
            }
        }));
        for (Thread t : threads) {
            t.start();
        }
        started.countDown();
        owner.join(TimeUnit.SECONDS.toMillis(40));
        done.set(true);
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(10));
        }
        assertThat(failure.get()).isNull();
        assertThat(owner.isAlive()).isFalse();
        long end = driver.tick.addAndGet(1000);
        assertThat(w.tryTakeOver(end)).isTrue(); // whatever is left is due now, but a window still
        end = driver.tick.addAndGet(1000);        // open moves its timers to count from then
        assertThat(w.tryTakeOver(end)).isTrue();
        assertEachEndedOneWay(w, armed, runs, early, n);
    }

    /**
     * After a conservation run: none ran early; each of the {@code n} timers ran once and was not
     * cancelled, or was cancelled and never ran; none is left; the wheel's counters agree.
     */
    private static void assertEachEndedOneWay(WorkerTimers w, AtomicReferenceArray<ScheduledTask<?>> armed,
                                              AtomicIntegerArray runs, AtomicInteger early, int n) {
        assertThat(early).hasValue(0);
        for (int i = 0; i < n; i++) {
            ScheduledTask<?> t = armed.get(i);
            int r = runs.get(i);
            assertThat(r == 1 ? !t.isCancelled() : r == 0 && t.isCancelled())
                    .as("timer %d ran %d times, cancelled %b", i, r, t.isCancelled()).isTrue();
        }
        assertThat(w.pending()).isZero();
        assertThat(w.armed).isEqualTo(n);
        assertThat(w.fired + w.cancelled).isEqualTo(n);
    }
}
