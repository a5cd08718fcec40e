package dev.rill.tck;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Flow;
import org.reactivestreams.FlowAdapters;
import org.reactivestreams.Processor;
import org.reactivestreams.Publisher;
import org.reactivestreams.tck.IdentityProcessorVerification;

/**
 * The TCK's identity processor verification of the {@link FlowProcessorUnderTest} being checked,
 * each processor seen through {@link FlowAdapters}; as {@link ProcessorConformance} (and see
 * {@link FlowPublisherConformance} for why not the TCK's Flow class).
 *
 * <p>Threading: built and run by TestNG on the runner's daemon thread.
 */
final class FlowProcessorConformance extends IdentityProcessorVerification<Object> {

    private final TckRun run;
    private final FlowProcessorUnderTest<Object> subject;

    public FlowProcessorConformance() {
        this(ConformanceRunner.current());
    }

    private FlowProcessorConformance(TckRun run) {
        super(run.environment(), run.gcTimeoutMillis());
        this.run = run;
        this.subject = run.subject(FlowProcessorUnderTest.class);
    }

    @Override
    public Processor<Object, Object> createIdentityProcessor(int bufferSize) {
        run.skipIfAbandoned();
        return FlowAdapters.toProcessor(subject.create(bufferSize));
    }

    @Override
    public Publisher<Object> createFailedPublisher() {
        run.skipIfAbandoned();
        Flow.Publisher<Object> failed = subject.failed();
        return failed == null ? null : FlowAdapters.toPublisher(failed);
    }

    @Override
    public Object createElement(int element) {
        return subject.element(element);
    }

    @Override
    public ExecutorService publisherExecutorService() {
        return run.helpers();
    }

    @Override
    public long maxElementsFromPublisher() {
        return subject.maxElements();
    }

    @Override
    public long maxSupportedSubscribers() {
        return subject.maxSubscribers();
    }

    @Override
    public boolean doesCoordinatedEmission() {
        return subject.coordinatedEmission();
    }
}
