package dev.rill.tck;

import org.reactivestreams.FlowAdapters;
import org.reactivestreams.Subscriber;
import org.reactivestreams.tck.SubscriberWhiteboxVerification;

/**
 * The TCK's whitebox subscriber verification of the {@link FlowWhiteboxSubscriberUnderTest} being
 * checked: each subscriber is seen through {@link FlowAdapters} and wrapped in a
 * {@link ProbedSubscriber} (see {@link FlowPublisherConformance} for why not the TCK's Flow class).
 *
 * <p>Threading: built and run by TestNG on the runner's daemon thread.
 */
final class FlowWhiteboxConformance extends SubscriberWhiteboxVerification<Object> {

    private final TckRun run;
    private final FlowWhiteboxSubscriberUnderTest<Object> subject;

    public FlowWhiteboxConformance() {
        this(ConformanceRunner.current());
    }

    private FlowWhiteboxConformance(TckRun run) {
        super(run.environment());
        this.run = run;
        this.subject = run.subject(FlowWhiteboxSubscriberUnderTest.class);
    }

    @Override
    public Subscriber<Object> createSubscriber(WhiteboxSubscriberProbe<Object> probe) {
        run.skipIfAbandoned();
        return new ProbedSubscriber<>(FlowAdapters.toSubscriber(subject.create()), probe);
    }

    @Override
    public Object createElement(int element) {
        return subject.element(element);
    }
}
