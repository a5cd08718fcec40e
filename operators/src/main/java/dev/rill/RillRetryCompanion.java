package dev.rill;

import dev.rill.engine.VirtualTimeScheduler;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;

/**
 * {@code retryWhen(Retry.from(companion))}: each error of the source goes to the companion as a
 * {@link Retry.RetrySignal}; each value the companion emits subscribes to the source again; the
 * companion's completion or error ends the stream the same way, cancelling the source; the
 * source's completion ends it. Reactor's {@code Flux.retryWhen} over a custom {@code Retry}; the
 * machinery is {@link CompanionSubscriber}'s.
 *
 * <p>Threading: see {@link CompanionSubscriber}.
 */
final class RillRetryCompanion<T> extends Rill<T> {

    private final Rill<T> source;
    private final Function<Rill<Retry.RetrySignal>, ? extends Publisher<?>> factory;
    /** The virtual time this stage was assembled under, if any, for the companions made later. */
    private final VirtualTimeScheduler virtualTime;

    RillRetryCompanion(Rill<T> source, Function<Rill<Retry.RetrySignal>, ? extends Publisher<?>> factory) {
        this.source = source;
        this.factory = factory;
        this.virtualTime = VirtualTimeScheduler.assembling();
    }

    @Override
    protected void subscribeActual(Subscriber<? super T> s) {
        new RetryCompanionSubscriber<>(s, source).start(factory, virtualTime, "retryWhen: the Retry.from function");
    }

    static final class RetryCompanionSubscriber<T> extends CompanionSubscriber<T, Retry.RetrySignal> {
        private long totalRetries;
        private long retriesInARow;

        RetryCompanionSubscriber(Subscriber<? super T> downstream, Rill<T> source) {
            super(downstream, source);
        }

        @Override
        public void onNext(T t) {
            retriesInARow = 0;
            super.onNext(t);
        }

        @Override
        public void onError(Throwable t) {
            Retry.RetrySignal signal = new Retry.Signal(totalRetries++, retriesInARow++, t);
            signal(signal);
        }

        @Override
        public void onComplete() {
            end(null);
        }
    }
}
