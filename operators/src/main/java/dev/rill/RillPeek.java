package dev.rill;

import dev.rill.signal.Exceptions;
import dev.rill.signal.FuseableSubscriber;
import dev.rill.signal.Hooks;
import dev.rill.signal.Subscriptions;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * The {@code doOnXxx} family in one stage: callbacks on values, errors, completion, subscription,
 * requests and cancellation, each optional. Stacked {@code doOn} calls each add a stage. A
 * callback that throws: from {@code onNext}/{@code onComplete}/{@code onSubscribe} it fails the
 * stream (and cancels upstream); from {@code onError} it is added to the error as suppressed; from
 * {@code request}/{@code cancel} it goes to {@link Hooks#onErrorDropped}.
 */
final class RillPeek<T> extends RillOperator<T, T> {

    private final Rill<? extends T> source;
    private final Callbacks<T> callbacks;

    RillPeek(Rill<? extends T> source, Callbacks<T> callbacks) {
        this.source = source;
        this.callbacks = callbacks;
    }

    @Override
    Rill<? extends T> source() {
        return source;
    }

    @Override
    Subscriber<? super T> subscribeOrReturn(Subscriber<? super T> s) {
        return new PeekSubscriber<>(s, callbacks);
    }

    /**
     * The callbacks of one stage, each null when not wanted; made by the named factories (one
     * callback each) or by {@code log}, which sets all six.
     */
    record Callbacks<T>(Consumer<? super T> onNext, Consumer<? super Throwable> onError, Runnable onComplete,
                        Consumer<? super Subscription> onSubscribe, LongConsumer onRequest, Runnable onCancel) {

        static <T> Callbacks<T> onNext(Consumer<? super T> action) {
            return new Callbacks<>(Objects.requireNonNull(action, "action"), null, null, null, null, null);
        }

        static <T> Callbacks<T> onError(Consumer<? super Throwable> action) {
            return new Callbacks<>(null, Objects.requireNonNull(action, "action"), null, null, null, null);
        }

        static <T> Callbacks<T> onComplete(Runnable action) {
            return new Callbacks<>(null, null, Objects.requireNonNull(action, "action"), null, null, null);
        }

        static <T> Callbacks<T> onSubscribe(Consumer<? super Subscription> action) {
            return new Callbacks<>(null, null, null, Objects.requireNonNull(action, "action"), null, null);
        }

        static <T> Callbacks<T> onRequest(LongConsumer action) {
            return new Callbacks<>(null, null, null, null, Objects.requireNonNull(action, "action"), null);
        }

        static <T> Callbacks<T> onCancel(Runnable action) {
            return new Callbacks<>(null, null, null, null, null, Objects.requireNonNull(action, "action"));
        }
    }

    static final class PeekSubscriber<T> extends FuseableSubscriber<T, T> {
        private final Callbacks<T> p;

        PeekSubscriber(Subscriber<? super T> downstream, Callbacks<T> p) {
            super(downstream);
            this.p = p;
        }

        /** The callback runs before the downstream hears of the subscription, as it happens. */
        @Override
        public void onSubscribe(Subscription s) {
            if (p.onSubscribe() != null && upstream == null && s != null) {
                try {
                    p.onSubscribe().accept(s);
                } catch (Throwable e) {
                    Exceptions.throwIfFatal(e);
                    s.cancel();
                    done = true;
                    Subscriptions.error(downstream, e);
                    return;
                }
            }
            super.onSubscribe(s);
        }

        @Override
        public boolean tryOnNext(T t) {
            if (done) {
                return false;
            }
            if (p.onNext() != null) {
                try {
                    p.onNext().accept(t);
                } catch (Throwable e) {
                    fail(e);
                    return true;
                }
            }
            return emit(t);
        }

        @Override
        public void onError(Throwable t) {
            if (done) {
                Hooks.onErrorDropped(t);
                return;
            }
            if (p.onError() != null) {
                try {
                    p.onError().accept(t);
                } catch (Throwable e) {
                    Exceptions.throwIfFatal(e);
                    t.addSuppressed(e);
                }
            }
            super.onError(t);
        }

        @Override
        public void onComplete() {
            if (done) {
                return;
            }
            if (p.onComplete() != null) {
                try {
                    p.onComplete().run();
                } catch (Throwable e) {
                    Exceptions.throwIfFatal(e);
                    super.onError(e);
                    return;
                }
            }
            super.onComplete();
        }

        @Override
        public void request(long n) {
            if (p.onRequest() != null) {
                try {
                    p.onRequest().accept(n);
                } catch (Throwable e) {
                    Exceptions.throwIfFatal(e);
                    Hooks.onErrorDropped(e);
                }
            }
            super.request(n);
        }

        @Override
        public void cancel() {
            if (p.onCancel() != null) {
                try {
                    p.onCancel().run();
                } catch (Throwable e) {
                    Exceptions.throwIfFatal(e);
                    Hooks.onErrorDropped(e);
                }
            }
            super.cancel();
        }

        @Override
        public T poll() {
            T t = qs.poll();
            if (t != null && p.onNext() != null) {
                p.onNext().accept(t);
            }
            if (t == null && sourceMode == SYNC && p.onComplete() != null) {
                p.onComplete().run(); // a SYNC-fused source ends by poll() returning null
            }
            return t;
        }
    }
}
