package dev.rill;

import java.util.concurrent.Flow;
import org.reactivestreams.Publisher;

/**
 * {@code Rill.fromFlow}: a {@link Flow.Publisher} seen through reactive-streams' {@code
 * FlowAdapters}, remembering the original so that {@code toFlow()} gives it back unwrapped.
 *
 * <p>Threading: immutable; the adapter passes signals as the Flow publisher sends them.
 */
final class RillFromFlow<T> extends Rill.Source<T> {

    final Flow.Publisher<? extends T> flow;

    RillFromFlow(Publisher<? extends T> adapted, Flow.Publisher<? extends T> flow) {
        super(adapted);
        this.flow = flow;
    }
}
