package dev.rill.tck;

import org.reactivestreams.Publisher;
import org.reactivestreams.tck.PublisherVerification;
import org.reactivestreams.tck.TestEnvironment;
import org.testng.SkipException;

/**
 * The TCK's {@link PublisherVerification} of whatever {@link Conformance} is checking now. TestNG
 * instantiates it by class, so the subject reaches it through {@link Conformance#current}; one
 * check runs at a time.
 *
 * <p>Threading: built and run by TestNG on the daemon thread {@link Conformance#check} starts, while
 * the check holds its lock. If the check abandons the run (a rule blocked for good), the run may
 * outlive the check; should it ever come unstuck it skips the rules it has left.
 */
public class ConformanceVerification extends PublisherVerification<Object> {

    private final PublisherUnderTest<Object> subject;
    private final Conformance.Run run;

    public ConformanceVerification() {
        this(Conformance.current());
    }

    private ConformanceVerification(Conformance.Run run) {
        super(new TestEnvironment(run.timeoutMillis(), run.timeoutMillis(), run.timeoutMillis()),
                run.gcTimeoutMillis());
        @SuppressWarnings("unchecked")
        PublisherUnderTest<Object> s = (PublisherUnderTest<Object>) run.subject();
        this.subject = s;
        this.run = run;
    }

    /**
     * After the check gave up on this run it reports nothing more, so the rules left skip as soon
     * as they ask for a publisher. (A check in the method rather than a TestNG {@code @BeforeMethod}:
     * this public class's API must not name TestNG's annotations, which its module does not export.)
     */
    private void skipIfAbandoned() {
        if (run.abandoned().get()) {
            throw new SkipException("the check was abandoned");
        }
    }

    @Override
    public Publisher<Object> createPublisher(long elements) {
        skipIfAbandoned();
        return subject.create(elements);
    }

    @Override
    public Publisher<Object> createFailedPublisher() {
        skipIfAbandoned();
        return subject.failed();
    }

    @Override
    public long maxElementsFromPublisher() {
        return subject.maxElements();
    }
}
