package dev.rill;

import dev.rill.engine.VirtualTimeScheduler;
import java.util.Objects;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;

/**
 * {@code repeatWhen(factory)}: each time the source completes, the companion made by
 * {@code factory} gets the number of values of that attempt; each value the companion emits
 * subscribes to the source again; the companion's completion or error ends the stream the same
 * way, cancelling the source; the source's error ends it at once. Reactor's
 * {@code Flux.repeatWhen}; the machinery is {@link CompanionSubscriber}'s.
 *
 * <p>Threading: see {@link CompanionSubscriber}.
 */
final class RillRepeatWhen<T> extends Rill<T> {

    private final Rill<T> source;
    private final Function<Rill<Long>, ? extends Publisher<?>> factory;
    /** The virtual time this stage was assembled under, if any, for the companions made later. */
    private final VirtualTimeScheduler virtualTime;

    RillRepeatWhen(Rill<T> source, Function<Rill<Long>, ? extends Publisher<?>> factory) {
        this.source = source;
        this.factory = Objects.requireNonNull(factory, "repeatFactory");
        this.virtualTime = VirtualTimeScheduler.assembling();
    }

    @Override
    protected void subscribeActual(Subscriber<? super T> s) {
        new RepeatWhenSubscriber<>(s, source).start(factory, virtualTime, "repeatWhen: the repeatFactory");
    }

    static final class RepeatWhenSubscriber<T> extends CompanionSubscriber<T, Long> {

        RepeatWhenSubscriber(Subscriber<? super T> downstream, Rill<T> source) {
            super(downstream, source);
        }

        @Override
        public void onComplete() {
            signal(producedHere); // read before a synchronous resubscription resets it
        }

        @Override
        public void onError(Throwable t) {
            end(t);
        }
    }
}
