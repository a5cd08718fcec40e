package dev.rill.engine.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.Test;

class TaskSetTest {

    private static final AdaptedTask.Owner OWNER = new AdaptedTask.Owner() {
        private final Generation generation = new Generation();

        @Override
        public boolean isClosed() {
            return false;
        }

        @Override
        public Generation generation() {
            return generation;
        }

        @Override
        public void finished(AdaptedTask task, boolean started) {
        }

        @Override
        public void failed(Throwable error) {
        }
    };

    private static AdaptedTask task(boolean periodic) {
        return new AdaptedTask(() -> { }, OWNER, periodic) { };
    }

    @Test
    void cancelAllCancelsTheSlotAndTheSetButNotRemovedTasks() {
        TaskSet set = new TaskSet();
        AdaptedTask a = task(false);
        AdaptedTask b = task(true);
        AdaptedTask c = task(false);
        set.add(a); // the slot
        set.add(b); // the set
        set.add(c);
        set.remove(c);
        set.cancelAll(false);
        assertThat(a.isCancelled()).isTrue();
        assertThat(b.isCancelled()).isTrue();
        assertThat(c.isCancelled()).isFalse();
    }

    @Test
    void theSlotIsReusedAfterItsTaskIsRemoved() {
        TaskSet set = new TaskSet();
        AdaptedTask a = task(false);
        AdaptedTask b = task(false);
        set.add(a);
        set.remove(a);
        set.add(b);
        set.cancelAll(false);
        assertThat(a.isCancelled()).isFalse();
        assertThat(b.isCancelled()).isTrue();
    }

    @Test
    void periodicOnlyLeavesOneShotTasksAlone() {
        TaskSet set = new TaskSet();
        AdaptedTask oneShot = task(false);
        AdaptedTask periodic = task(true);
        set.add(oneShot);
        set.add(periodic);
        set.cancelAll(true);
        assertThat(oneShot.isCancelled()).isFalse();
        assertThat(periodic.isCancelled()).isTrue();
    }

    /**
     * Four threads add and remove their own tasks at once, so the slot changes hands under
     * contention; afterwards cancelAll cancels exactly the tasks still in, none twice and none lost.
     */
    @Test
    void concurrentAddsAndRemovesKeepExactlyTheTasksStillIn() throws Exception {
        int threads = 4;
        int perThread = 20_000;
        for (int round = 0; round < 5; round++) {
            TaskSet set = new TaskSet();
            List<List<AdaptedTask>> kept = new ArrayList<>();
            List<List<AdaptedTask>> removed = new ArrayList<>();
            CyclicBarrier start = new CyclicBarrier(threads);
            List<Thread> ts = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                List<AdaptedTask> k = new ArrayList<>();
                List<AdaptedTask> rm = new ArrayList<>();
                kept.add(k);
                removed.add(rm);
                int seed = i;
                Thread t = new Thread(() -> {
                    try {
                        start.await();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    for (int n = 0; n < perThread; n++) {
                        AdaptedTask a = task(n % 2 == 0);
                        set.add(a);
                        if ((n + seed) % 3 != 0) {
                            set.remove(a); // most are removed right away: the slot is contended
                            rm.add(a);
                        } else {
                            k.add(a);
                        }
                    }
                });
                ts.add(t);
                t.start();
            }
            for (Thread t : ts) {
                t.join();
            }
            set.cancelAll(false);
            for (int i = 0; i < threads; i++) {
                for (AdaptedTask a : kept.get(i)) {
                    assertThat(a.isCancelled()).as("a task still in the set").isTrue();
                }
                for (AdaptedTask a : removed.get(i)) {
                    assertThat(a.isCancelled()).as("a removed task").isFalse();
                }
            }
        }
    }
}
