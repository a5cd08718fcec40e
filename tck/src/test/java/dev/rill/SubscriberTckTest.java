package dev.rill;

import dev.rill.signal.StrictSubscriber;
import dev.rill.tck.Tck;
import java.util.function.Supplier;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import org.reactivestreams.tck.SubscriberWhiteboxVerification;
import org.testng.ITest;
import org.testng.annotations.DataProvider;
import org.testng.annotations.Factory;

/**
 * Whitebox TCK verification of every subscriber Rill exposes: the lambda subscriber, the blocking
 * ones ({@code blockFirst}/{@code blockLast}) and the strict boundary around a plain subscriber.
 * The probe wraps each: signals go to Rill's subscriber first, then to the probe. It sits in
 * {@code dev.rill} because those subscribers are package-private there.
 */
public class SubscriberTckTest extends SubscriberWhiteboxVerification<Integer> implements ITest {

    private final String name;
    private final Supplier<Subscriber<Integer>> make;

    @Factory(dataProvider = "subscribers")
    public SubscriberTckTest(String name, Supplier<Subscriber<Integer>> make) {
        super(Tck.env());
        this.name = name;
        this.make = make;
    }

    @DataProvider(name = "subscribers")
    public static Object[][] subscribers() {
        Supplier<Subscriber<Integer>> lambda = () -> new LambdaSubscriber<>(x -> { }, e -> { }, () -> { });
        Supplier<Subscriber<Integer>> first = () -> new BlockingSubscriber<>(true);
        Supplier<Subscriber<Integer>> last = () -> new BlockingSubscriber<>(false);
        Supplier<Subscriber<Integer>> strict = () -> new StrictSubscriber<>(new Subscriber<Integer>() {
            @Override
            public void onSubscribe(Subscription s) {
                s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(Integer t) {
            }

            @Override
            public void onError(Throwable t) {
            }

            @Override
            public void onComplete() {
            }
        });
        return new Object[][] {{"LambdaSubscriber", lambda}, {"blockFirst", first}, {"blockLast", last},
                {"StrictSubscriber", strict}};
    }

    @Override
    public String getTestName() {
        return name;
    }

    @Override
    public String toString() {
        return name;
    }

    @Override
    public Subscriber<Integer> createSubscriber(WhiteboxSubscriberProbe<Integer> probe) {
        Subscriber<Integer> inner = make.get();
        return new Subscriber<Integer>() {
            @Override
            public void onSubscribe(Subscription s) {
                inner.onSubscribe(s);
                probe.registerOnSubscribe(new SubscriberPuppet() {
                    @Override
                    public void triggerRequest(long elements) {
                        s.request(elements);
                    }

                    @Override
                    public void signalCancel() {
                        s.cancel();
                    }
                });
            }

            @Override
            public void onNext(Integer t) {
                inner.onNext(t);
                probe.registerOnNext(t);
            }

            @Override
            public void onError(Throwable t) {
                inner.onError(t);
                probe.registerOnError(t);
            }

            @Override
            public void onComplete() {
                inner.onComplete();
                probe.registerOnComplete();
            }
        };
    }

    @Override
    public Integer createElement(int element) {
        return element;
    }
}
