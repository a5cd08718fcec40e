package dev.rill.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** {@link LifoSlot} under real threads: every task put is handed out exactly once. */
class LifoSlotTest {

    @Test
    void everyTaskIsHandedOutOnceUnderThieves() throws Exception {
        int n = 2_000_000;
        LifoSlot slot = new LifoSlot();
        AtomicIntegerArray seen = new AtomicIntegerArray(n);
        AtomicBoolean ownerDone = new AtomicBoolean();
        CountDownLatch thievesDone = new CountDownLatch(2);
        for (int k = 0; k < 2; k++) {
            Thread thief = new Thread(() -> {
                while (!ownerDone.get()) {
                    Object t = slot.steal();
                    if (t != null) {
                        seen.incrementAndGet((Integer) t);
                    }
                }
                thievesDone.countDown();
            });
            thief.setDaemon(true);
            thief.start();
        }
        for (int i = 0; i < n; i++) {
            Object displaced = slot.put(i);
            if (displaced != null) {
                seen.incrementAndGet((Integer) displaced);
            }
            if ((i & 1) == 0) {
                Object t = slot.take();
                if (t != null) {
                    seen.incrementAndGet((Integer) t);
                }
            }
        }
        Object last = slot.take();
        if (last != null) {
            seen.incrementAndGet((Integer) last);
        }
        ownerDone.set(true);
        assertThat(thievesDone.await(10, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < n; i++) {
            if (seen.get(i) != 1) {
                throw new AssertionError("task " + i + " handed out " + seen.get(i) + " times");
            }
        }
    }
}
