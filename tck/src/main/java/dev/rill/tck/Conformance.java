package dev.rill.tck;

import java.io.PrintStream;

/**
 * Checks anyone's Reactive Streams (or {@code java.util.concurrent.Flow}) publisher, subscriber or
 * identity processor against the Reactive Streams TCK 1.0.4, the way Rill checks its own, and
 * reports rule by rule what passed, what failed and what it means, and what was skipped and why.
 * Each factory takes a name for the report and the thing under test through a small interface, and
 * returns a {@link ConformanceCheck} to tune or {@link ConformanceCheck#run() run}:
 *
 * <pre>{@code
 * ConformanceReport r = Conformance.publisher("my range", n -> new MyRange(0, n)).run();
 * Conformance.subscriber("my sink", SubscriberUnderTest.of(MySink::new, i -> i)).run();
 * Conformance.whiteboxSubscriber("my sink", WhiteboxSubscriberUnderTest.of(MySink::new, i -> i)).run();
 * Conformance.processor("my relay", ProcessorUnderTest.of(size -> new MyRelay<>(size), i -> i)).run();
 * }</pre>
 *
 * <p>Threading: any thread; the checks themselves take turns (see {@link ConformanceCheck}).
 */
public final class Conformance {

    private Conformance() {
    }

    /** The TCK's publisher verification of {@code subject}. */
    public static <T> ConformanceCheck publisher(String name, PublisherUnderTest<T> subject) {
        return new ConformanceCheck(name, Verification.PUBLISHER, false, subject);
    }

    /** The TCK's Flow publisher verification of {@code subject}. */
    public static <T> ConformanceCheck flowPublisher(String name, FlowPublisherUnderTest<T> subject) {
        return new ConformanceCheck(name, Verification.PUBLISHER, true, subject);
    }

    /** The TCK's blackbox subscriber verification of {@code subject}. */
    public static <T> ConformanceCheck subscriber(String name, SubscriberUnderTest<T> subject) {
        return new ConformanceCheck(name, Verification.SUBSCRIBER_BLACKBOX, false, subject);
    }

    /** The TCK's blackbox Flow subscriber verification of {@code subject}. */
    public static <T> ConformanceCheck flowSubscriber(String name, FlowSubscriberUnderTest<T> subject) {
        return new ConformanceCheck(name, Verification.SUBSCRIBER_BLACKBOX, true, subject);
    }

    /** The TCK's whitebox subscriber verification of {@code subject} (no probe to write: see its interface). */
    public static <T> ConformanceCheck whiteboxSubscriber(String name, WhiteboxSubscriberUnderTest<T> subject) {
        return new ConformanceCheck(name, Verification.SUBSCRIBER_WHITEBOX, false, subject);
    }

    /** The TCK's whitebox Flow subscriber verification of {@code subject}. */
    public static <T> ConformanceCheck flowWhiteboxSubscriber(String name, FlowWhiteboxSubscriberUnderTest<T> subject) {
        return new ConformanceCheck(name, Verification.SUBSCRIBER_WHITEBOX, true, subject);
    }

    /** The TCK's identity processor verification of {@code subject} (as subscriber and as publisher). */
    public static <T> ConformanceCheck processor(String name, ProcessorUnderTest<T> subject) {
        return new ConformanceCheck(name, Verification.PROCESSOR, false, subject);
    }

    /** The TCK's identity Flow processor verification of {@code subject}. */
    public static <T> ConformanceCheck flowProcessor(String name, FlowProcessorUnderTest<T> subject) {
        return new ConformanceCheck(name, Verification.PROCESSOR, true, subject);
    }

    /**
     * The command line is {@code java -jar rill-conformance.jar} (built by {@code mvn package} in
     * {@code tck/}); this entry point only says so, and exits with 2 (bad usage).
     */
    public static void main(String[] args) {
        System.exit(usage(System.err));
    }

    static int usage(PrintStream err) {
        err.println("usage: java -jar tck/target/rill-conformance.jar --publisher <class> --classpath <your.jar>"
                + " (--help for every option)");
        return 2;
    }
}
