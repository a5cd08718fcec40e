package dev.rill.tck;

import org.reactivestreams.Subscriber;
import org.reactivestreams.tck.SubscriberBlackboxVerification;

/**
 * The TCK's {@link SubscriberBlackboxVerification} of the {@link SubscriberUnderTest} being
 * checked; the subject arrives through {@link ConformanceRunner#current()}.
 *
 * <p>Threading: built and run by TestNG on the runner's daemon thread; the TCK feeds the
 * subscriber from its own executor.
 */
final class BlackboxConformance extends SubscriberBlackboxVerification<Object> {

    private final TckRun run;
    private final SubscriberUnderTest<Object> subject;

    public BlackboxConformance() {
        this(ConformanceRunner.current());
    }

    private BlackboxConformance(TckRun run) {
        super(run.environment());
        this.run = run;
        this.subject = run.subject(SubscriberUnderTest.class);
    }

    @Override
    public Subscriber<Object> createSubscriber() {
        run.skipIfAbandoned();
        return subject.create();
    }

    @Override
    public Object createElement(int element) {
        return subject.element(element);
    }

    @Override
    public void triggerRequest(Subscriber<? super Object> subscriber) {
        subject.triggerRequest(subscriber);
    }
}
