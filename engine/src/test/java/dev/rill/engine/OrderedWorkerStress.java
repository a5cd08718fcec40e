package dev.rill.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The conservation-and-order stress for anything that calls itself an ordered worker (Rill's own,
 * the blocking pool's, the Reactor and RxJava adapters'): several threads schedule numbered tasks
 * at once; every task must run exactly once, each producer's tasks in its order, never two at
 * once, each seeing the previous one's plain writes.
 */
public final class OrderedWorkerStress {

    private OrderedWorkerStress() {
    }

    /** Runs {@code producers} × {@code each} tasks through {@code schedule} and checks all of the above. */
    public static void run(Consumer<Runnable> schedule, int producers, int each) throws InterruptedException {
        int[] last = new int[producers];
        Arrays.fill(last, -1);
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        AtomicInteger outOfOrder = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(producers * each);
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int id = p;
            threads.add(new Thread(() -> {
                for (int i = 0; i < each; i++) {
                    int seq = i;
                    schedule.accept(() -> {
                        if (inFlight.incrementAndGet() != 1) {
                            overlaps.incrementAndGet();
                        }
                        // A plain array: each task sees the previous task's writes (happens-before).
                        if (last[id] != seq - 1) {
                            outOfOrder.incrementAndGet();
                        }
                        last[id] = seq;
                        inFlight.decrementAndGet();
                        done.countDown();
                    });
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        assertThat(done.await(30, TimeUnit.SECONDS)).as("every task ran").isTrue();
        assertThat(overlaps.get()).as("tasks that overlapped another").isZero();
        assertThat(outOfOrder.get()).as("tasks out of their producer's order").isZero();
        for (int p = 0; p < producers; p++) {
            assertThat(last[p]).isEqualTo(each - 1);
        }
    }
}
