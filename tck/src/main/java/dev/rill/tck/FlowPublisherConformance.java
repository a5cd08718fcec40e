package dev.rill.tck;

import java.util.concurrent.Flow;
import org.reactivestreams.FlowAdapters;
import org.reactivestreams.Publisher;
import org.reactivestreams.tck.PublisherVerification;

/**
 * The TCK's publisher verification of the {@link FlowPublisherUnderTest} being checked, each
 * publisher seen through {@link FlowAdapters}; as {@link PublisherConformance}. (The TCK's own Flow
 * twins, in {@code reactive-streams-tck-flow}, are this same adaptation; that jar repeats a package
 * of the TCK's, so a named module cannot read both.)
 *
 * <p>Threading: built and run by TestNG on the runner's daemon thread.
 */
final class FlowPublisherConformance extends PublisherVerification<Object> {

    private final TckRun run;
    private final FlowPublisherUnderTest<Object> subject;

    public FlowPublisherConformance() {
        this(ConformanceRunner.current());
    }

    private FlowPublisherConformance(TckRun run) {
        super(run.environment(), run.gcTimeoutMillis());
        this.run = run;
        this.subject = run.subject(FlowPublisherUnderTest.class);
    }

    @Override
    public Publisher<Object> createPublisher(long elements) {
        run.skipIfAbandoned();
        return toPublisher(subject.create(elements));
    }

    @Override
    public Publisher<Object> createFailedPublisher() {
        run.skipIfAbandoned();
        return toPublisher(subject.failed());
    }

    private static Publisher<Object> toPublisher(Flow.Publisher<Object> p) {
        return p == null ? null : FlowAdapters.toPublisher(p);
    }

    @Override
    public long maxElementsFromPublisher() {
        return subject.maxElements();
    }
}
