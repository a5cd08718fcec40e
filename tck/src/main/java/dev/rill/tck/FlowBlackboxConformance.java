package dev.rill.tck;

import java.util.concurrent.Flow;
import org.reactivestreams.FlowAdapters;
import org.reactivestreams.Subscriber;
import org.reactivestreams.tck.SubscriberBlackboxVerification;

/**
 * The TCK's blackbox subscriber verification of the {@link FlowSubscriberUnderTest} being checked,
 * each subscriber seen through {@link FlowAdapters}; as {@link BlackboxConformance} (and see
 * {@link FlowPublisherConformance} for why not the TCK's Flow class).
 *
 * <p>Threading: built and run by TestNG on the runner's daemon thread.
 */
final class FlowBlackboxConformance extends SubscriberBlackboxVerification<Object> {

    private final TckRun run;
    private final FlowSubscriberUnderTest<Object> subject;

    public FlowBlackboxConformance() {
        this(ConformanceRunner.current());
    }

    private FlowBlackboxConformance(TckRun run) {
        super(run.environment());
        this.run = run;
        this.subject = run.subject(FlowSubscriberUnderTest.class);
    }

    @Override
    public Subscriber<Object> createSubscriber() {
        run.skipIfAbandoned();
        return FlowAdapters.toSubscriber(subject.create());
    }

    @Override
    public Object createElement(int element) {
        return subject.element(element);
    }

    @Override
    public void triggerRequest(Subscriber<? super Object> subscriber) {
        subject.triggerRequest(FlowAdapters.toFlowSubscriber(subscriber));
    }
}
