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
 * reaching any subject as Reactive Streams types (the warm-up of {@link Calibration} works on
 * those), and seeing a Reactive Streams subject as its Flow twin.
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

    /**
     * {@code subject} as its Flow twin: a Reactive Streams subject seen through {@link FlowAdapters}
     * (so the Flow verification runs on it), a Flow subject as it is.
     */
    @SuppressWarnings("unchecked")
    static Object toFlow(Object subject) {
        if (isFlow(subject)) {
            return subject;
        }
        if (subject instanceof PublisherUnderTest<?> p) {
            return flowPublisher((PublisherUnderTest<Object>) p);
        }
        if (subject instanceof ProcessorUnderTest<?> p) {
            return flowProcessor((ProcessorUnderTest<Object>) p);
        }
        IntFunction<Object> elements = elements(subject);
        Supplier<Subscriber<Object>> subscribers = subscribers(subject);
        if (subject instanceof SubscriberUnderTest<?> b) {
            SubscriberUnderTest<Object> blackbox = (SubscriberUnderTest<Object>) b;
            return new FlowSubscriberUnderTest<Object>() {
                @Override
                public java.util.concurrent.Flow.Subscriber<Object> create() {
                    return FlowAdapters.toFlowSubscriber(subscribers.get());
                }

                @Override
                public Object element(int i) {
                    return elements.apply(i);
                }

                @Override
                public void triggerRequest(java.util.concurrent.Flow.Subscriber<? super Object> s) {
                    blackbox.triggerRequest(FlowAdapters.toSubscriber(s));
                }
            };
        }
        return FlowWhiteboxSubscriberUnderTest.of(() -> FlowAdapters.toFlowSubscriber(subscribers.get()), elements);
    }

    private static FlowPublisherUnderTest<Object> flowPublisher(PublisherUnderTest<Object> p) {
        return new FlowPublisherUnderTest<>() {
            @Override
            public java.util.concurrent.Flow.Publisher<Object> create(long elements) {
                return FlowAdapters.toFlowPublisher(p.create(elements));
            }

            @Override
            public long maxElements() {
                return p.maxElements();
            }

            @Override
            public java.util.concurrent.Flow.Publisher<Object> failed() {
                Publisher<Object> failed = p.failed();
                return failed == null ? null : FlowAdapters.toFlowPublisher(failed);
            }
        };
    }

    private static FlowProcessorUnderTest<Object> flowProcessor(ProcessorUnderTest<Object> p) {
        return new FlowProcessorUnderTest<>() {
            @Override
            public java.util.concurrent.Flow.Processor<Object, Object> create(int bufferSize) {
                return FlowAdapters.toFlowProcessor(p.create(bufferSize));
            }

            @Override
            public Object element(int i) {
                return p.element(i);
            }

            @Override
            public java.util.concurrent.Flow.Publisher<Object> failed() {
                Publisher<Object> failed = p.failed();
                return failed == null ? null : FlowAdapters.toFlowPublisher(failed);
            }

            @Override
            public long maxElements() {
                return p.maxElements();
            }

            @Override
            public long maxSubscribers() {
                return p.maxSubscribers();
            }

            @Override
            public boolean coordinatedEmission() {
                return p.coordinatedEmission();
            }
        };
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
