package dev.rill.tck;

import org.reactivestreams.Subscriber;
import org.reactivestreams.tck.SubscriberWhiteboxVerification;

/**
 * The TCK's {@link SubscriberWhiteboxVerification} of the {@link WhiteboxSubscriberUnderTest}
 * being checked: each subscriber is wrapped in a {@link ProbedSubscriber}, so the user writes no
 * probe.
 *
 * <p>Threading: built and run by TestNG on the runner's daemon thread.
 */
final class WhiteboxConformance extends SubscriberWhiteboxVerification<Object> {

    private final TckRun run;
    private final WhiteboxSubscriberUnderTest<Object> subject;

    public WhiteboxConformance() {
        this(ConformanceRunner.current());
    }

    private WhiteboxConformance(TckRun run) {
        super(run.environment());
        this.run = run;
        this.subject = run.subject(WhiteboxSubscriberUnderTest.class);
    }

    @Override
    public Subscriber<Object> createSubscriber(WhiteboxSubscriberProbe<Object> probe) {
        run.skipIfAbandoned();
        return new ProbedSubscriber<>(subject.create(), probe);
    }

    @Override
    public Object createElement(int element) {
        return subject.element(element);
    }
}
