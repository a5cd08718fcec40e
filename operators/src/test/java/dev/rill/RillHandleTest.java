package dev.rill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rill.signal.QueueSubscription;
import dev.rill.test.StepVerifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.reactivestreams.Subscription;

class RillHandleTest {

    @RegisterExtension
    final DroppedErrors dropped = DroppedErrors.noneAllowed();

    @Test
    void mapsAndFiltersInOneFunction() {
        StepVerifier.create(Rill.range(1, 6).<String>handle((v, sink) -> {
            if (v % 2 == 0) {
                sink.next("e" + v);
            }
        })).expectNext("e2", "e4", "e6").verifyComplete();
    }

    @Test
    void droppedValuesDoNotUseUpDemand() {
        StepVerifier.create(Rill.range(1, 10).hide().<Integer>handle((v, sink) -> {
            if (v > 5) {
                sink.next(v);
            }
        }), 2).expectNext(6, 7).thenRequest(3).expectNext(8, 9, 10).verifyComplete();
    }

    @Test
    void completeEndsTheStreamAfterAValueEmittedInTheSameCallAndCancelsTheSource() {
        Push<Integer> push = new Push<>();
        TestSubscriber<Integer> ts = TestSubscriber.unbounded();
        push.rill.<Integer>handle((v, sink) -> {
            sink.next(v);
            if (v == 2) {
                sink.complete();
            }
        }).subscribe(ts);
        push.next(1).next(2).next(3);
        ts.assertValues(1, 2);
        ts.assertComplete();
        assertThat(push.cancelled()).isTrue();
    }

    @Test
    void errorFailsTheStreamAndCancelsTheSource() {
        Push<Integer> push = new Push<>();
        TestSubscriber<Integer> ts = TestSubscriber.unbounded();
        push.rill.<Integer>handle((v, sink) -> {
            if (v == 2) {
                sink.error(new IllegalStateException("h"));
            } else {
                sink.next(v);
            }
        }).subscribe(ts);
        push.next(1).next(2);
        ts.assertValues(1);
        assertThat(ts.error()).hasMessage("h");
        assertThat(push.cancelled()).isTrue();
    }

    @Test
    void misuseOfTheSinkFailsTheStream() {
        StepVerifier.create(Rill.range(1, 3).<Integer>handle((v, sink) -> {
            sink.next(v);
            sink.next(v);
        })).expectNext(1) // the first value goes down, then the misuse ends the stream
                .expectErrorMatches(e -> e instanceof IllegalStateException && e.getMessage().contains("more than one")).verify();
        StepVerifier.create(Rill.range(1, 3).<Integer>handle((v, sink) -> {
            sink.complete();
            sink.next(v);
        })).expectError(IllegalStateException.class).verify();
        StepVerifier.create(Rill.range(1, 3).<Integer>handle((v, sink) -> sink.next(null)))
                .expectError(NullPointerException.class).verify();
        StepVerifier.create(Rill.range(1, 3).<Integer>handle((v, sink) -> {
            throw new IllegalArgumentException("thrown");
        })).expectErrorMessage("thrown").verify();
    }

    /** The fused (SYNC) path gives what the signal path gives, the end decided by the handler included. */
    @Test
    void fusedAndUnfusedAgree() {
        java.util.function.BiConsumer<Integer, dev.rill.publishers.SynchronousSink<Integer>> completing = (v, sink) -> {
            if (v % 3 != 0) {
                sink.next(v * 10);
            }
            if (v == 7) {
                sink.complete();
            }
        };
        java.util.function.BiConsumer<Integer, dev.rill.publishers.SynchronousSink<Integer>> failing = (v, sink) -> {
            sink.next(v);
            if (v == 3) {
                sink.error(new IllegalStateException("three"));
            }
        };
        assertThat(polled(Rill.range(1, 10).handle(completing))).containsExactly(10, 20, 40, 50, 70, "end");
        assertThat(pushed(Rill.range(1, 10).hide().handle(completing))).containsExactly(10, 20, 40, 50, 70, "end");
        assertThat(polled(Rill.range(1, 10).handle(failing))).containsExactly(1, 2, 3, "three");
        assertThat(pushed(Rill.range(1, 10).hide().handle(failing))).containsExactly(1, 2, 3, "three");
    }

    /** The values by SYNC poll, then "end" or the error's message. */
    private static List<Object> polled(Rill<Integer> r) {
        List<Object> out = new ArrayList<>();
        r.subscribe(new Signals(out) {
            @Override
            @SuppressWarnings("unchecked")
            public void onSubscribe(Subscription s) {
                QueueSubscription<Integer> q = (QueueSubscription<Integer>) s;
                assertThat(q.requestFusion(QueueSubscription.ANY)).isEqualTo(QueueSubscription.SYNC);
                try {
                    for (Integer v; (v = q.poll()) != null; ) {
                        out.add(v);
                    }
                    out.add("end");
                } catch (RuntimeException e) {
                    out.add(e.getMessage());
                }
            }
        });
        return out;
    }

    /** The values by onNext, then "end" or the error's message. */
    private static List<Object> pushed(Rill<Integer> r) {
        List<Object> out = new ArrayList<>();
        r.subscribe(new Signals(out));
        return out;
    }

    private static class Signals implements dev.rill.signal.CoreSubscriber<Integer> {
        final List<Object> out;

        Signals(List<Object> out) {
            this.out = out;
        }

        @Override
        public void onSubscribe(Subscription s) {
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(Integer t) {
            out.add(t);
        }

        @Override
        public void onError(Throwable t) {
            out.add(t.getMessage());
        }

        @Override
        public void onComplete() {
            out.add("end");
        }
    }

    /** Polled directly: the value emitted with the completion comes out, then the queue is empty. */
    @Test
    void syncFusionEndsWhenTheHandlerCompletes() {
        List<Integer> polled = new ArrayList<>();
        Rill.range(1, 10).<Integer>handle((v, sink) -> {
            sink.next(v);
            if (v == 2) {
                sink.complete();
            }
        }).subscribe(new dev.rill.signal.CoreSubscriber<Integer>() {
            @Override
            @SuppressWarnings("unchecked")
            public void onSubscribe(Subscription s) {
                QueueSubscription<Integer> q = (QueueSubscription<Integer>) s;
                assertThat(q.requestFusion(QueueSubscription.SYNC)).isEqualTo(QueueSubscription.SYNC);
                for (Integer v; (v = q.poll()) != null; ) {
                    polled.add(v);
                }
                assertThat(q.isEmpty()).isTrue();
            }

            @Override
            public void onNext(Integer t) {
            }

            @Override
            public void onError(Throwable t) {
            }

            @Override
            public void onComplete() {
            }
        });
        assertThat(polled).containsExactly(1, 2);
    }

    @Test
    void asyncFusionIsRefused() {
        int[] mode = {-1};
        Rill.range(1, 3).publishOn(dev.rill.engine.Engine.common()).<Integer>handle((v, s) -> s.next(v))
                .subscribe(new dev.rill.signal.CoreSubscriber<Integer>() {
                    @Override
                    public void onSubscribe(Subscription s) {
                        mode[0] = ((QueueSubscription<?>) s).requestFusion(QueueSubscription.ANY);
                        s.cancel();
                    }

                    @Override
                    public void onNext(Integer t) {
                    }

                    @Override
                    public void onError(Throwable t) {
                    }

                    @Override
                    public void onComplete() {
                    }
                });
        assertThat(mode[0]).isEqualTo(QueueSubscription.NONE);
    }
}
