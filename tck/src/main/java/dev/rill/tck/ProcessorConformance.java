package dev.rill.tck;

import java.util.concurrent.ExecutorService;
import org.reactivestreams.Processor;
import org.reactivestreams.Publisher;
import org.reactivestreams.tck.IdentityProcessorVerification;

/**
 * The TCK's {@link IdentityProcessorVerification} of the {@link ProcessorUnderTest} being checked;
 * the TCK's helper publishers run on the run's executor.
 *
 * <p>Threading: built and run by TestNG on the runner's daemon thread.
 */
final class ProcessorConformance extends IdentityProcessorVerification<Object> {

    private final TckRun run;
    private final ProcessorUnderTest<Object> subject;

    public ProcessorConformance() {
        this(ConformanceRunner.current());
    }

    private ProcessorConformance(TckRun run) {
        super(run.environment(), run.gcTimeoutMillis());
        this.run = run;
        this.subject = run.subject(ProcessorUnderTest.class);
    }

    @Override
    public Processor<Object, Object> createIdentityProcessor(int bufferSize) {
        run.skipIfAbandoned();
        return subject.create(bufferSize);
    }

    @Override
    public Publisher<Object> createFailedPublisher() {
        run.skipIfAbandoned();
        return subject.failed();
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
