package dev.rill.tck;

import dev.rill.Rill;
import dev.rill.engine.Engine;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.processors.PublishProcessor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import java.util.stream.LongStream;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.AsPublisher;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * What the field's table checks (tck/README.md, {@link FieldTable}): Rill's sources and operators
 * and the same things in Reactor, RxJava, the JDK and Pekko Streams, each as the runner would get it
 * from a user. Only the subjects live here; the runner knows nothing of any library.
 *
 * <p>Finite, collection-backed subjects stop at {@value #COLLECTION} elements (the TCK then skips
 * the §3.17 tests that need {@code Integer.MAX_VALUE}, and says so); ranges run them.
 */
final class FieldSubjects {

    static final int COLLECTION = 1024;
    private static final long INT_RANGE = Integer.MAX_VALUE;

    /** One column of the table: whose it is, what it is, and the check that verifies it. */
    record Subject(String library, String name, Supplier<ConformanceCheck> check) {
    }

    private FieldSubjects() {
    }

    /** Every subject, Rill's first. {@code engine} runs Rill's asynchronous ones. */
    static List<Subject> all(Engine engine) {
        List<Subject> out = new ArrayList<>();
        rill(out, engine);
        reactor(out);
        rxJava(out);
        jdk(out);
        pekko(out);
        return out;
    }

    private static void rill(List<Subject> out, Engine engine) {
        publisher(out, "Rill", "range", INT_RANGE, n -> Rill.range(0, ints(n)), () -> Rill.error(failure()));
        publisher(out, "Rill", "fromIterable", COLLECTION, n -> Rill.fromIterable(list(n)), () -> Rill.error(failure()));
        publisher(out, "Rill", "range.publishOn", INT_RANGE, n -> Rill.range(0, ints(n)).publishOn(engine),
                () -> Rill.<Integer>error(failure()).publishOn(engine));
        publisher(out, "Rill", "range.flatMap(just)", INT_RANGE, n -> Rill.range(0, ints(n)).flatMap(Rill::just),
                () -> Rill.<Integer>error(failure()).flatMap(Rill::just));
        publisher(out, "Rill", "Sinks.many().unicast()", COLLECTION, n -> {
            dev.rill.Sinks.Many<Long> sink = dev.rill.Sinks.many().unicast().onBackpressureBuffer();
            LongStream.range(0, n).forEach(sink::tryEmitNext);
            sink.tryEmitComplete();
            return sink.asRill();
        }, () -> Rill.error(failure()));
    }

    private static void reactor(List<Subject> out) {
        publisher(out, "Reactor 3.8", "Flux.range", INT_RANGE, n -> Flux.range(0, ints(n)), () -> Flux.error(failure()));
        publisher(out, "Reactor 3.8", "Flux.fromIterable", COLLECTION, n -> Flux.fromIterable(list(n)),
                () -> Flux.error(failure()));
        publisher(out, "Reactor 3.8", "Flux.range.publishOn", INT_RANGE,
                n -> Flux.range(0, ints(n)).publishOn(Schedulers.parallel()),
                () -> Flux.<Integer>error(failure()).publishOn(Schedulers.parallel()));
        publisher(out, "Reactor 3.8", "Flux.range.flatMap(just)", INT_RANGE,
                n -> Flux.range(0, ints(n)).flatMap(Flux::just), () -> Flux.<Integer>error(failure()).flatMap(Flux::just));
        publisher(out, "Reactor 3.8", "Sinks.many().unicast()", COLLECTION, n -> {
            reactor.core.publisher.Sinks.Many<Long> sink = reactor.core.publisher.Sinks.many().unicast().onBackpressureBuffer();
            LongStream.range(0, n).forEach(sink::tryEmitNext);
            sink.tryEmitComplete();
            return sink.asFlux();
        }, () -> Flux.error(failure()));
    }

    private static void rxJava(List<Subject> out) {
        publisher(out, "RxJava 3.1", "Flowable.range", INT_RANGE, n -> Flowable.range(0, ints(n)),
                () -> Flowable.error(failure()));
        publisher(out, "RxJava 3.1", "Flowable.range.observeOn", INT_RANGE,
                n -> Flowable.range(0, ints(n)).observeOn(io.reactivex.rxjava3.schedulers.Schedulers.computation()),
                () -> Flowable.<Integer>error(failure()).observeOn(io.reactivex.rxjava3.schedulers.Schedulers.computation()));
        publisher(out, "RxJava 3.1", "Flowable.range.flatMap(just)", INT_RANGE,
                n -> Flowable.range(0, ints(n)).flatMap(Flowable::just),
                () -> Flowable.<Integer>error(failure()).flatMap(Flowable::just));
        out.add(new Subject("RxJava 3.1", "PublishProcessor", () -> Conformance.processor("PublishProcessor",
                ProcessorUnderTest.of(size -> PublishProcessor.<Integer>create(), i -> i))));
    }

    private static void jdk(List<Subject> out) {
        out.add(new Subject("JDK 17", "SubmissionPublisher", () -> Conformance.flowPublisher("SubmissionPublisher",
                new FlowPublisherUnderTest<Long>() {
                    @Override
                    public Flow.Publisher<Long> create(long elements) {
                        return new Submitting(elements);
                    }

                    @Override
                    public long maxElements() {
                        return COLLECTION;
                    }
                })));
    }

    private static void pekko(List<Subject> out) {
        publisher(out, "Pekko Streams 1.7", "Source.range → Sink.asPublisher", INT_RANGE,
                n -> n == 0 ? Source.<Integer>empty().runWith(Sink.asPublisher(AsPublisher.WITHOUT_FANOUT), Pekko.MATERIALIZER)
                        : Source.range(0, ints(n) - 1).runWith(Sink.asPublisher(AsPublisher.WITHOUT_FANOUT), Pekko.MATERIALIZER),
                () -> Source.<Integer>failed(failure()).runWith(Sink.asPublisher(AsPublisher.WITHOUT_FANOUT), Pekko.MATERIALIZER));
    }

    /** Pekko's actor system, started on first use only (the table's run), as a daemon. */
    private static final class Pekko {
        static final ActorSystem SYSTEM = ActorSystem.create("field-table",
                com.typesafe.config.ConfigFactory.parseString("pekko.daemonic = on\npekko.loglevel = WARNING\n"
                        + "pekko.stdout-loglevel = WARNING"));
        static final Materializer MATERIALIZER = Materializer.matFromSystem(SYSTEM);
    }

    private static <T> void publisher(List<Subject> out, String library, String name, long max,
                                      LongFunction<Publisher<T>> make, Supplier<Publisher<T>> failed) {
        String full = library + " " + name;
        out.add(new Subject(library, name, () -> Conformance.publisher(full, new PublisherUnderTest<T>() {
            @Override
            public Publisher<T> create(long elements) {
                return make.apply(elements);
            }

            @Override
            public long maxElements() {
                return max;
            }

            @Override
            public Publisher<T> failed() {
                return failed.get();
            }
        })));
    }

    private static int ints(long n) {
        return (int) Math.min(n, Integer.MAX_VALUE);
    }

    private static List<Long> list(long n) {
        return LongStream.range(0, n).boxed().toList();
    }

    private static RuntimeException failure() {
        return new IllegalStateException("failed on purpose");
    }

    /**
     * The JDK's {@link SubmissionPublisher} as a cold publisher of {@code elements} values: a fresh
     * one per subscriber, fed from a thread of its own (its {@code offer} waits for demand), closed
     * after the last value. It stops feeding once the subscriber has gone.
     */
    private static final class Submitting implements Flow.Publisher<Long> {
        private static final ExecutorService FEEDERS = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "field-submission-feeder");
            t.setDaemon(true);
            return t;
        });
        private final long elements;

        Submitting(long elements) {
            this.elements = elements;
        }

        @Override
        public void subscribe(Flow.Subscriber<? super Long> subscriber) {
            SubmissionPublisher<Long> p = new SubmissionPublisher<>(FEEDERS, Flow.defaultBufferSize());
            p.subscribe(subscriber);
            FEEDERS.execute(() -> {
                for (long i = 0; i < elements && p.hasSubscribers(); i++) {
                    p.offer(i, 10, TimeUnit.SECONDS, (s, item) -> false);
                }
                p.close();
            });
        }
    }
}
