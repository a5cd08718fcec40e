package dev.rill.engine.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class StripedCounterTest {

    @Test
    void cellsAreAPowerOfTwoAtLeastTwiceTheThreads() {
        assertThat(new StripedCounter(1).cellCount()).isEqualTo(2);
        assertThat(new StripedCounter(3).cellCount()).isEqualTo(8);
        assertThat(new StripedCounter(6).cellCount()).isEqualTo(16);
        assertThat(new StripedCounter(8).cellCount()).isEqualTo(16);
    }

    @Test
    void addsFromOneThreadSumExactly() {
        StripedCounter c = new StripedCounter(2);
        c.add(5);
        c.add(-2);
        assertThat(c.sum()).isEqualTo(3);
    }

    /**
     * Conservation: threads add and subtract at random, some adding what others later take away (a
     * task counted on the thread that submits it and uncounted on the one that runs it); once all
     * have stopped, the sum is exactly what they added in total.
     */
    @Test
    void manyThreadsAddingAndSubtractingConserveTheTotal() throws InterruptedException {
        StripedCounter c = new StripedCounter(2);
        int threads = 8;
        int rounds = 200_000;
        AtomicLong expected = new AtomicLong();
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(threads);
        List<Thread> all = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread th = new Thread(() -> {
                long mine = 0;
                try {
                    start.await();
                    ThreadLocalRandom r = ThreadLocalRandom.current();
                    for (int i = 0; i < rounds; i++) {
                        long x = r.nextInt(7) - 3;
                        c.add(x);
                        mine += x;
                        if (i % 1024 == 0) {
                            assertThat(c.sum()).isBetween(Long.MIN_VALUE / 2, Long.MAX_VALUE / 2); // a racing read never breaks
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    expected.addAndGet(mine);
                    done.countDown();
                }
            });
            all.add(th);
            th.start();
        }
        start.countDown();
        assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
        for (Thread th : all) {
            th.join(10_000);
        }
        assertThat(c.sum()).isEqualTo(expected.get());
    }

    /**
     * A sum never falls below the count of some moment of the read. One task stays counted the
     * whole time; others are counted up on one thread and down on another (submitted here, run
     * there), handed over through a queue, while a reader sums without pause. Each sum must
     * include the task that stays: with one signed value per cell, read in cell order, a sum could
     * read a hand-over's down before its up and show 0 here.
     */
    @Test
    void aSumNeverMissesATaskThatStaysCountedWhileOthersMoveBetweenThreads() throws InterruptedException {
        StripedCounter c = new StripedCounter(4);
        c.add(1); // the task that stays, on the test thread's cell
        ArrayBlockingQueue<Integer> handOver = new ArrayBlockingQueue<>(64);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong belowOne = new AtomicLong();
        AtomicLong sums = new AtomicLong();
        List<Thread> runners = new ArrayList<>();
        List<Thread> submitters = new ArrayList<>();
        for (int k = 0; k < 2; k++) { // submitters and runners, on cells of their own
            Thread runner = new Thread(() -> {
                while (!stop.get() || !handOver.isEmpty()) {
                    if (handOver.poll() != null) {
                        c.add(-1);
                    }
                }
            });
            Thread submitter = new Thread(() -> {
                for (int i = 0; i < 300_000; i++) {
                    c.add(1);
                    while (!handOver.offer(i)) {
                        Thread.onSpinWait();
                    }
                }
            });
            runners.add(runner);
            submitters.add(submitter);
        }
        Thread reader = new Thread(() -> {
            while (!stop.get()) {
                sums.incrementAndGet();
                if (c.sum() < 1) {
                    belowOne.incrementAndGet();
                }
            }
        });
        runners.forEach(Thread::start);
        submitters.forEach(Thread::start);
        reader.start();
        for (Thread t : submitters) {
            t.join(60_000);
            assertThat(t.isAlive()).isFalse();
        }
        stop.set(true);
        for (Thread t : runners) {
            t.join(10_000);
            assertThat(t.isAlive()).isFalse();
        }
        reader.join(10_000);
        assertThat(sums.get()).isPositive();
        assertThat(belowOne).as("sums below the task that stayed, of %d", sums.get()).hasValue(0);
        assertThat(c.sum()).isEqualTo(1);
    }

    @Test
    void theFirstThreadToAddOwnsItsCell() {
        StripedCounter c = new StripedCounter(2);
        assertThat(c.ownedCells()).isZero();
        c.add(1);
        assertThat(c.ownedCells()).isEqualTo(1);
        c.add(1);
        assertThat(c.ownedCells()).isEqualTo(1);
        assertThat(c.sum()).isEqualTo(2);
    }

    /**
     * Conservation across owners that end: 64 short-lived threads, eight at a time, on four cells,
     * so most find their cell owned by a thread that is running or has ended, add to the shared
     * cell, and at times take an ended owner's cell over. Nothing an ended owner added is lost, and
     * no two threads ever write one cell (the sum would lose updates).
     */
    @Test
    void cellsOfThreadsThatEndedAreTakenOverAndNothingIsLost() throws InterruptedException {
        StripedCounter c = new StripedCounter(2);
        AtomicLong expected = new AtomicLong();
        for (int wave = 0; wave < 8; wave++) {
            List<Thread> all = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                Thread th = new Thread(() -> {
                    ThreadLocalRandom r = ThreadLocalRandom.current();
                    long mine = 0;
                    for (int i = 0; i < 20_000; i++) {
                        long x = r.nextInt(5) - 1; // more up than down: a lost add shows
                        c.add(x);
                        mine += x;
                    }
                    expected.addAndGet(mine);
                });
                all.add(th);
                th.start();
            }
            for (Thread th : all) {
                th.join(30_000);
                assertThat(th.isAlive()).isFalse();
            }
            assertThat(c.sum()).as("after wave %d", wave).isEqualTo(expected.get());
        }
        assertThat(c.ownedCells()).isEqualTo(c.cellCount());
    }
}
