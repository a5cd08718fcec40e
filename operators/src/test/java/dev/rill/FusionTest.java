package dev.rill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rill.signal.CoreSubscriber;
import dev.rill.signal.QueueSubscription;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;

/** Fusion is really negotiated where it is safe, and refused where it is not. */
class FusionTest {

    /** Asks for fusion in onSubscribe; in SYNC mode drains by poll() without requesting. */
    static final class FusingSubscriber<T> implements CoreSubscriber<T> {
        final int ask;
        int mode = -1;
        final List<T> polled = new ArrayList<>();
        final List<T> pushed = new ArrayList<>();
        boolean completed;

        FusingSubscriber(int ask) {
            this.ask = ask;
        }

        @Override
        @SuppressWarnings("unchecked")
        public void onSubscribe(Subscription s) {
            if (s instanceof QueueSubscription) {
                QueueSubscription<T> qs = (QueueSubscription<T>) s;
                mode = qs.requestFusion(ask);
                if (mode == QueueSubscription.SYNC) {
                    for (T v; (v = qs.poll()) != null; ) {
                        polled.add(v);
                    }
                    completed = true;
                    return;
                }
            } else {
                mode = QueueSubscription.NONE;
            }
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(T t) {
            pushed.add(t);
        }

        @Override
        public void onError(Throwable t) {
            throw new AssertionError(t);
        }

        @Override
        public void onComplete() {
            completed = true;
        }
    }

    @Test
    void aSynchronousChainFusesIntoOnePollLoop() {
        AtomicInteger mapped = new AtomicInteger();
        FusingSubscriber<Integer> s = new FusingSubscriber<>(QueueSubscription.ANY);
        Rill.range(0, 10).map(x -> {
            mapped.incrementAndGet();
            return x * 3;
        }).filter(x -> x % 2 == 0).skipWhile(x -> x < 6).subscribe(s);
        assertThat(s.mode).isEqualTo(QueueSubscription.SYNC);
        assertThat(s.polled).containsExactly(6, 12, 18, 24);
        assertThat(s.pushed).isEmpty();
        assertThat(s.completed).isTrue();
        assertThat(mapped.get()).isEqualTo(10);
    }

    @Test
    void userCodeNeverFusesAcrossAThreadBoundary() {
        FusingSubscriber<Integer> s = new FusingSubscriber<>(QueueSubscription.ANY | QueueSubscription.THREAD_BOUNDARY);
        Rill.range(0, 5).map(x -> x + 1).subscribe(s);
        assertThat(s.mode).isEqualTo(QueueSubscription.NONE);
        assertThat(s.pushed).containsExactly(1, 2, 3, 4, 5);
    }

    @Test
    void hideAndCountingStagesRefuseFusion() {
        for (Rill<Integer> r : List.of(Rill.range(0, 5).hide(), Rill.range(0, 5).take(5), Rill.range(0, 5).scan(Integer::sum))) {
            FusingSubscriber<Integer> s = new FusingSubscriber<>(QueueSubscription.ANY);
            r.subscribe(s);
            assertThat(s.mode).isEqualTo(QueueSubscription.NONE);
            assertThat(s.pushed).hasSize(5);
            assertThat(s.completed).isTrue();
        }
    }

    @Test
    void sourcesOfferSyncFusionDirectly() {
        for (Rill<Integer> r : List.of(Rill.range(0, 3), Rill.just(0, 1, 2), Rill.fromIterable(List.of(0, 1, 2)))) {
            FusingSubscriber<Integer> s = new FusingSubscriber<>(QueueSubscription.SYNC);
            r.subscribe(s);
            assertThat(s.mode).isEqualTo(QueueSubscription.SYNC);
            assertThat(s.polled).containsExactly(0, 1, 2);
        }
    }
}
