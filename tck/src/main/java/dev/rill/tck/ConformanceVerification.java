package dev.rill.tck;

import org.reactivestreams.Publisher;
import org.reactivestreams.tck.PublisherVerification;
import org.reactivestreams.tck.TestEnvironment;

/**
 * The TCK's {@link PublisherVerification} of whatever {@link Conformance} is checking now. TestNG
 * instantiates it by class, so the subject reaches it through {@link Conformance#current}; one
 * check runs at a time.
 *
 * <p>Threading: built and run by TestNG inside {@link Conformance#check}, which holds its lock.
 */
public class ConformanceVerification extends PublisherVerification<Object> {

    private final PublisherUnderTest<Object> subject;

    public ConformanceVerification() {
        this(Conformance.current());
    }

    private ConformanceVerification(Conformance.Run run) {
        super(new TestEnvironment(run.timeoutMillis(), run.timeoutMillis(), run.timeoutMillis()),
                run.gcTimeoutMillis());
        @SuppressWarnings("unchecked")
        PublisherUnderTest<Object> s = (PublisherUnderTest<Object>) run.subject();
        this.subject = s;
    }

    @Override
    public Publisher<Object> createPublisher(long elements) {
        return subject.create(elements);
    }

    @Override
    public Publisher<Object> createFailedPublisher() {
        return subject.failed();
    }

    @Override
    public long maxElementsFromPublisher() {
        return subject.maxElements();
    }
}
