package dev.rill.tck;

import java.util.concurrent.atomic.AtomicBoolean;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import org.reactivestreams.tck.SubscriberWhiteboxVerification.SubscriberPuppet;
import org.reactivestreams.tck.SubscriberWhiteboxVerification.WhiteboxSubscriberProbe;

/**
 * A user's subscriber as the TCK's whitebox verification needs it, without the user writing a
 * probe: every signal goes to the subscriber first and is then reported to the probe (so the probe
 * sees what the subscriber has handled), and the TCK's puppet requests and cancels through the
 * subscription the subscriber itself was given. Null arguments go to the subscriber unreported: it
 * must reject them itself (§2.13), and the wrapper adds no check that would hide it not doing so.
 * Only the first {@code onSubscribe} gives the TCK its puppet; a second one is the subscriber's to
 * refuse (§2.5).
 *
 * <p>Threading: called as the subscriber is, serially by whatever publishes to it; the puppet is
 * called from the TCK's thread, as the subscriber's own subscription may be.
 */
final class ProbedSubscriber<T> implements Subscriber<T> {

    private final Subscriber<T> subject;
    private final WhiteboxSubscriberProbe<T> probe;
    private final AtomicBoolean subscribed = new AtomicBoolean();

    ProbedSubscriber(Subscriber<T> subject, WhiteboxSubscriberProbe<T> probe) {
        if (subject == null) {
            throw new IllegalArgumentException("the whitebox subscriber factory returned null");
        }
        this.subject = subject;
        this.probe = probe;
    }

    @Override
    public void onSubscribe(Subscription s) {
        subject.onSubscribe(s);
        if (s != null && subscribed.compareAndSet(false, true)) {
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
    }

    @Override
    public void onNext(T t) {
        subject.onNext(t);
        if (t != null) {
            probe.registerOnNext(t);
        }
    }

    @Override
    public void onError(Throwable t) {
        subject.onError(t);
        if (t != null) {
            probe.registerOnError(t);
        }
    }

    @Override
    public void onComplete() {
        subject.onComplete();
        probe.registerOnComplete();
    }

    @Override
    public String toString() {
        return subject.toString();
    }
}
