package dev.rill.tck;

import dev.rill.Rill;
import java.util.function.BiFunction;
import org.reactivestreams.Publisher;
import org.reactivestreams.tck.PublisherVerification;
import org.testng.ITest;
import org.testng.annotations.DataProvider;
import org.testng.annotations.Factory;

/**
 * One TCK publisher verification of a Rill source or operator chain: {@code make.apply(n, hidden)}
 * must build a publisher of exactly {@code n} elements; with {@code hidden} the chain puts
 * {@code hide()} between stages so fusion is off. Instances come from the table in {@link Chains}.
 */
public class ChainTckTest extends PublisherVerification<Object> implements ITest {

    private final String name;
    private final BiFunction<Long, Boolean, Publisher<?>> make;
    private final long max;
    private final boolean hidden;

    /** One instance per row of {@link Chains#all()}. */
    @Factory(dataProvider = "chains")
    public ChainTckTest(String name, long max, boolean hidden, BiFunction<Long, Boolean, Publisher<?>> make) {
        super(Tck.env(), Tck.GC_TIMEOUT_MS);
        this.name = name + (hidden ? " (hidden)" : " (fused)");
        this.max = max;
        this.hidden = hidden;
        this.make = make;
    }

    @DataProvider(name = "chains")
    public static Object[][] chains() {
        return Chains.all();
    }

    @Override
    public String getTestName() {
        return name;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Publisher<Object> createPublisher(long elements) {
        return (Publisher<Object>) make.apply(elements, hidden);
    }

    @Override
    public Publisher<Object> createFailedPublisher() {
        return Rill.error(new RuntimeException("failed publisher for " + name));
    }

    @Override
    public long maxElementsFromPublisher() {
        return max;
    }

    @Override
    public String toString() {
        return name;
    }

    @Override
    @org.testng.annotations.Test
    public void required_spec313_cancelMustMakeThePublisherEventuallyDropAllReferencesToTheSubscriber() throws Throwable {
        Tck.takingTurns(super::required_spec313_cancelMustMakeThePublisherEventuallyDropAllReferencesToTheSubscriber);
    }
}
