package dev.rill.tck;

import java.util.function.IntFunction;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import org.reactivestreams.FlowAdapters;
import org.reactivestreams.Processor;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;

/**
 * Telling what a subject is (which verification, plain or Flow) from the interface it implements,
 * and reaching any subject as Reactive Streams types (the warm-up of {@link Calibration} works on
 * those).
 *
 * <p>Threading: stateless.
 */
final class Subjects {

    static final String ACCEPTED = "PublisherUnderTest, SubscriberUnderTest, WhiteboxSubscriberUnderTest, "
            + "ProcessorUnderTest or their Flow twins (FlowPublisherUnderTest, FlowSubscriberUnderTest, "
            + "FlowWhiteboxSubscriberUnderTest, FlowProcessorUnderTest)";

    private Subjects() {
    }

    /** The verification for {@code subject}; IllegalArgumentException naming the accepted interfaces otherwise. */
    static Verification verificationOf(Object subject) {
        if (subject instanceof PublisherUnderTest<?> || subject instanceof FlowPublisherUnderTest<?>) {
            return Verification.PUBLISHER;
        }
        if (subject instanceof SubscriberUnderTest<?> || subject instanceof FlowSubscriberUnderTest<?>) {
            return Verification.SUBSCRIBER_BLACKBOX;
        }
        if (subject instanceof WhiteboxSubscriberUnderTest<?> || subject instanceof FlowWhiteboxSubscriberUnderTest<?>) {
            return Verification.SUBSCRIBER_WHITEBOX;
        }
        if (subject instanceof ProcessorUnderTest<?> || subject instanceof FlowProcessorUnderTest<?>) {
            return Verification.PROCESSOR;
        }
        throw new IllegalArgumentException("subject: " + (subject == null ? "null" : subject.getClass().getName())
                + " implements none of " + ACCEPTED);
    }

    /** True if {@code subject} implements one of the Flow twins. */
    static boolean isFlow(Object subject) {
        return subject instanceof FlowPublisherUnderTest<?> || subject instanceof FlowSubscriberUnderTest<?>
                || subject instanceof FlowWhiteboxSubscriberUnderTest<?> || subject instanceof FlowProcessorUnderTest<?>;
    }

    /** A publisher subject's factory, as Reactive Streams publishers. */
    @SuppressWarnings("unchecked")
    static LongFunction<Publisher<Object>> publishers(Object subject) {
        if (subject instanceof FlowPublisherUnderTest<?> f) {
            return n -> FlowAdapters.toPublisher(((FlowPublisherUnderTest<Object>) f).create(n));
        }
        return ((PublisherUnderTest<Object>) subject)::create;
    }

    /** A publisher subject's {@code maxElements()}. */
    static long maxElements(Object subject) {
        return subject instanceof FlowPublisherUnderTest<?> f ? f.maxElements() : ((PublisherUnderTest<?>) subject).maxElements();
    }

    /** A (blackbox or whitebox) subscriber subject's factory, as Reactive Streams subscribers. */
    @SuppressWarnings("unchecked")
    static Supplier<Subscriber<Object>> subscribers(Object subject) {
        if (subject instanceof FlowSubscriberUnderTest<?> f) {
            return () -> FlowAdapters.toSubscriber(((FlowSubscriberUnderTest<Object>) f).create());
        }
        if (subject instanceof FlowWhiteboxSubscriberUnderTest<?> f) {
            return () -> FlowAdapters.toSubscriber(((FlowWhiteboxSubscriberUnderTest<Object>) f).create());
        }
        if (subject instanceof SubscriberUnderTest<?> s) {
            return ((SubscriberUnderTest<Object>) s)::create;
        }
        return ((WhiteboxSubscriberUnderTest<Object>) subject)::create;
    }

    /** A processor subject's factory, as Reactive Streams processors. */
    @SuppressWarnings("unchecked")
    static IntFunction<Processor<Object, Object>> processors(Object subject) {
        if (subject instanceof FlowProcessorUnderTest<?> f) {
            return size -> FlowAdapters.toProcessor(((FlowProcessorUnderTest<Object>) f).create(size));
        }
        return ((ProcessorUnderTest<Object>) subject)::create;
    }

    /** The element generator of a subscriber or processor subject. */
    static IntFunction<Object> elements(Object subject) {
        if (subject instanceof SubscriberUnderTest<?> s) {
            return s::element;
        }
        if (subject instanceof FlowSubscriberUnderTest<?> s) {
            return s::element;
        }
        if (subject instanceof WhiteboxSubscriberUnderTest<?> s) {
            return s::element;
        }
        if (subject instanceof FlowWhiteboxSubscriberUnderTest<?> s) {
            return s::element;
        }
        if (subject instanceof ProcessorUnderTest<?> s) {
            return s::element;
        }
        return ((FlowProcessorUnderTest<?>) subject)::element;
    }
}
