package dev.rill.tck;

import org.reactivestreams.Publisher;
import org.reactivestreams.tck.PublisherVerification;

/**
 * The TCK's {@link PublisherVerification} of the {@link PublisherUnderTest} being checked. TestNG
 * builds it by class, so the subject arrives through {@link ConformanceRunner#current()}.
 *
 * <p>Threading: built and run by TestNG on the runner's daemon thread. If the runner abandons the
 * run (a test blocked for good), the run may outlive the check; should it come unstuck it skips
 * the tests it has left.
 */
final class PublisherConformance extends PublisherVerification<Object> {

    private final TckRun run;
    private final PublisherUnderTest<Object> subject;

    public PublisherConformance() {
        this(ConformanceRunner.current());
    }

    private PublisherConformance(TckRun run) {
        super(run.environment(), run.gcTimeoutMillis());
        this.run = run;
        this.subject = run.subject(PublisherUnderTest.class);
    }

    @Override
    public Publisher<Object> createPublisher(long elements) {
        run.skipIfAbandoned();
        return subject.create(elements);
    }

    @Override
    public Publisher<Object> createFailedPublisher() {
        run.skipIfAbandoned();
        return subject.failed();
    }

    @Override
    public long maxElementsFromPublisher() {
        return subject.maxElements();
    }
}
