package dev.rill.publishers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code create}: pushes beyond demand handled by the chosen overflow; pushes from many threads serialized. */
class CreatePublisherTest {

    @ParameterizedTest
    @EnumSource(Emitter.Overflow.class)
    void pushesBeyondDemandAreBufferedDroppedKeptLatestOrAnError(Emitter.Overflow overflow) throws Exception {
        AtomicReference<Emitter<Integer>> em = new AtomicReference<>();
        Recorder<Integer> r = new Recorder<>(2);
        new CreatePublisher<Integer>(em::set, overflow).subscribe(r);
        for (int i = 0; i < 5; i++) {
            em.get().next(i);
        }
        r.request(10);
        em.get().next(5);
        em.get().complete();
        r.await();
        switch (overflow) {
            case BUFFER -> r.assertCompletedWith(List.of(0, 1, 2, 3, 4, 5));
            case DROP -> r.assertCompletedWith(List.of(0, 1, 5));
            case LATEST -> r.assertCompletedWith(List.of(0, 1, 4, 5));
            case ERROR -> {
                assertThat(r.values).containsExactly(0, 1);
                assertThat(r.error()).isInstanceOf(IllegalStateException.class).hasMessageContaining("ERROR");
            }
        }
    }

    @Test
    void pushesFromManyThreadsArriveOnceEachNeverOverlappingAndCallbacksRunOnce() throws Exception {
        int producers = 4;
        int each = 50_000;
        AtomicInteger cancels = new AtomicInteger();
        AtomicInteger disposals = new AtomicInteger();
        Recorder<Integer> r = Recorder.unbounded();
        new CreatePublisher<Integer>(e -> {
            e.onCancel(cancels::incrementAndGet);
            e.onDispose(disposals::incrementAndGet);
            Thread[] ps = new Thread[producers];
            for (int p = 0; p < producers; p++) {
                int base = p * each;
                ps[p] = new Thread(() -> {
                    for (int i = 0; i < each; i++) {
                        e.next(base + i);
                    }
                });
                ps[p].start();
            }
            new Thread(() -> {
                for (Thread t : ps) {
                    try {
                        t.join();
                    } catch (InterruptedException ex) {
                        return;
                    }
                }
                e.complete();
            }).start();
        }, Emitter.Overflow.BUFFER).subscribe(r);
        r.await();
        assertThat(r.isComplete()).isTrue();
        assertThat(r.values).hasSize(producers * each).doesNotHaveDuplicates();
        assertThat(r.violations).isEmpty();
        assertThat(disposals.get()).isEqualTo(1);
        assertThat(cancels.get()).isZero();
    }

    @Test
    void aCancelRunsTheCancelAndDisposeCallbacksOnceAndDropsLaterPushes() {
        AtomicInteger cancels = new AtomicInteger();
        AtomicInteger disposals = new AtomicInteger();
        AtomicReference<Emitter<Integer>> em = new AtomicReference<>();
        Recorder<Integer> r = Recorder.unbounded();
        new CreatePublisher<Integer>(e -> {
            e.onCancel(cancels::incrementAndGet);
            e.onDispose(disposals::incrementAndGet);
            em.set(e);
        }, Emitter.Overflow.BUFFER).subscribe(r);
        em.get().next(1);
        r.cancel();
        r.cancel();
        em.get().next(2);
        em.get().complete();
        assertThat(r.values).containsExactly(1);
        assertThat(r.isTerminated()).isFalse();
        assertThat(cancels.get()).isEqualTo(1);
        assertThat(disposals.get()).isEqualTo(1);
    }
}
