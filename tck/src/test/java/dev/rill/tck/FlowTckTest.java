package dev.rill.tck;

import dev.rill.Rill;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.function.LongFunction;
import java.util.stream.LongStream;
import org.reactivestreams.FlowAdapters;
import org.reactivestreams.tck.flow.FlowPublisherVerification;
import org.testng.ITest;
import org.testng.annotations.DataProvider;
import org.testng.annotations.Factory;

/** Rill sources as {@link java.util.concurrent.Flow.Publisher}s, through the Flow TCK. */
public class FlowTckTest extends FlowPublisherVerification<Long> implements ITest {

    private final String name;
    private final LongFunction<Rill<Long>> make;
    private final long max;

    @Factory(dataProvider = "sources")
    public FlowTckTest(String name, long max, LongFunction<Rill<Long>> make) {
        super(Tck.env(), Tck.GC_TIMEOUT_MS);
        this.name = name;
        this.max = max;
        this.make = make;
    }

    @DataProvider(name = "sources")
    public static Object[][] sources() {
        LongFunction<Rill<Long>> range = n -> Rill.range(0L, n);
        LongFunction<Rill<Long>> array = n -> Rill.fromArray(LongStream.range(0, n).boxed().toArray(Long[]::new));
        LongFunction<Rill<Long>> iterable = n -> Rill.fromIterable(List.of(LongStream.range(0, n).boxed().toArray(Long[]::new)));
        LongFunction<Rill<Long>> just = n -> n == 0 ? Rill.empty() : Rill.just(1L);
        LongFunction<Rill<Long>> generate = n -> Rill.generate(() -> 0L, (i, sink) -> {
            if (i == n) {
                sink.complete();
            } else {
                sink.next(i);
            }
            return i + 1;
        }, i -> { });
        return new Object[][] {{"range", Long.MAX_VALUE - 1, range}, {"fromArray", 1024L, array},
                {"fromIterable", 1024L, iterable}, {"just", 1L, just}, {"generate", Long.MAX_VALUE - 1, generate}};
    }

    @Override
    public Flow.Publisher<Long> createFlowPublisher(long elements) {
        return FlowAdapters.toFlowPublisher(make.apply(elements));
    }

    @Override
    public Flow.Publisher<Long> createFailedFlowPublisher() {
        return FlowAdapters.toFlowPublisher(Rill.error(new RuntimeException("failed")));
    }

    @Override
    public long maxElementsFromPublisher() {
        return max;
    }

    @Override
    public String getTestName() {
        return "flow " + name;
    }

    @Override
    public String toString() {
        return getTestName();
    }

    @Override
    @org.testng.annotations.Test
    public void required_spec313_cancelMustMakeThePublisherEventuallyDropAllReferencesToTheSubscriber() throws Throwable {
        Tck.takingTurns(super::required_spec313_cancelMustMakeThePublisherEventuallyDropAllReferencesToTheSubscriber);
    }
}
