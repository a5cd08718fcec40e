package dev.rill.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.jctools.queues.MpmcUnboundedXaddArrayQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class LocalQueueTest {

    private final MpmcUnboundedXaddArrayQueue<Object> global = new MpmcUnboundedXaddArrayQueue<>(64);

    @Test
    void popsInPushOrder() {
        LocalQueue q = new LocalQueue();
        for (int i = 0; i < 10; i++) {
            assertThat(q.push(i, global)).isFalse();
        }
        assertThat(q.len()).isEqualTo(10);
        for (int i = 0; i < 10; i++) {
            assertThat(q.pop()).isEqualTo(i);
        }
        assertThat(q.pop()).isNull();
        assertThat(q.isEmpty()).isTrue();
    }

    @Test
    void indicesWrapAroundManyTimes() {
        LocalQueue q = new LocalQueue();
        for (int round = 0; round < 10_000; round++) {
            q.push(round, global);
            q.push(-round, global);
            assertThat(q.pop()).isEqualTo(round);
            assertThat(q.pop()).isEqualTo(-round);
        }
        assertThat(global.isEmpty()).isTrue();
    }

    @Test
    void fullRingMovesOlderHalfAndNewTaskToGlobalInOneBatch() {
        LocalQueue q = new LocalQueue();
        for (int i = 0; i < LocalQueue.CAPACITY; i++) {
            assertThat(q.push(i, global)).isFalse();
        }
        assertThat(q.push(LocalQueue.CAPACITY, global)).isTrue();
        assertThat(global.size()).isEqualTo(LocalQueue.HALF + 1);
        for (int i = 0; i < LocalQueue.HALF; i++) {
            assertThat(global.poll()).isEqualTo(i);
        }
        assertThat(global.poll()).isEqualTo(LocalQueue.CAPACITY);
        for (int i = LocalQueue.HALF; i < LocalQueue.CAPACITY; i++) {
            assertThat(q.pop()).isEqualTo(i);
        }
        assertThat(q.pop()).isNull();
    }

    @Test
    void stealTakesHalfRoundedUpAndReturnsOneToRun() {
        LocalQueue victim = new LocalQueue();
        LocalQueue thief = new LocalQueue();
        for (int i = 0; i < 9; i++) {
            victim.push(i, global);
        }
        Object first = victim.stealInto(thief);
        assertThat(thief.lastSteal()).isEqualTo(5);
        assertThat(first).isEqualTo(4); // the last of the batch runs now
        assertThat(thief.len()).isEqualTo(4);
        for (int i = 0; i < 4; i++) {
            assertThat(thief.pop()).isEqualTo(i);
        }
        for (int i = 5; i < 9; i++) {
            assertThat(victim.pop()).isEqualTo(i);
        }
    }

    @Test
    void stealFromEmptyQueueFindsNothing() {
        assertThat(new LocalQueue().stealInto(new LocalQueue())).isNull();
    }

    @Test
    void stealRefusedWhenThiefIsMoreThanHalfFull() {
        LocalQueue victim = new LocalQueue();
        LocalQueue thief = new LocalQueue();
        victim.push("x", global);
        for (int i = 0; i <= LocalQueue.HALF; i++) {
            thief.push(i, global);
        }
        assertThat(victim.stealInto(thief)).isNull();
        assertThat(victim.len()).isEqualTo(1);
    }

    /**
     * The owner pushes and pops while two stealers steal from it: every task is taken exactly once
     * (by the owner, a stealer, or the overflow queue).
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void ownerAndTwoStealersNeverLoseOrDuplicateATask() throws Exception {
        final int total = 2_000_000;
        LocalQueue owner = new LocalQueue();
        AtomicIntegerArray seen = new AtomicIntegerArray(total);
        AtomicBoolean done = new AtomicBoolean();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> stealers = new ArrayList<>();
        long[] stolenBy = new long[2];
        for (int s = 0; s < 2; s++) {
            int id = s;
            Thread t = new Thread(() -> {
                LocalQueue mine = new LocalQueue();
                await(start);
                while (!done.get() || !owner.isEmpty()) {
                    Object got = owner.stealInto(mine);
                    if (got != null) {
                        seen.incrementAndGet((Integer) got);
                        stolenBy[id] += mine.lastSteal();
                        for (Object o; (o = mine.pop()) != null; ) {
                            seen.incrementAndGet((Integer) o);
                        }
                    } else {
                        Thread.onSpinWait();
                    }
                }
            }, "stealer-" + s);
            t.start();
            stealers.add(t);
        }
        start.countDown();
        for (int i = 0; i < total; i++) {
            owner.push(i, global);
            if ((i & 3) == 0) { // pop less often than we push, so the ring fills and overflows too
                Object o = owner.pop();
                if (o != null) {
                    seen.incrementAndGet((Integer) o);
                }
            }
        }
        done.set(true);
        for (Object o; (o = owner.pop()) != null; ) {
            seen.incrementAndGet((Integer) o);
        }
        for (Thread t : stealers) {
            t.join();
        }
        for (Object o; (o = global.poll()) != null; ) {
            seen.incrementAndGet((Integer) o);
        }
        for (int i = 0; i < total; i++) {
            if (seen.get(i) != 1) {
                throw new AssertionError("task " + i + " was taken " + seen.get(i) + " times");
            }
        }
        assertThat(stolenBy[0] + stolenBy[1]).as("the stealers really stole").isPositive();
    }

    private static void await(CountDownLatch l) {
        try {
            l.await();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
