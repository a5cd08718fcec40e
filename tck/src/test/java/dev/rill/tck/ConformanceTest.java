package dev.rill.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rill.Rill;
import dev.rill.publishers.LongRangePublisher;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import org.testng.annotations.Test;

/** The conformance runner: a conforming publisher passes, a broken one fails naming its rules. */
public class ConformanceTest {

    /**
     * Each check runs the TCK's §3.13 rule (a full GC, then a weak reference must clear) while the
     * TCK classes run beside it: it takes that rule's turn for the whole test ({@link Tck#holdGcRule}).
     */
    @org.testng.annotations.BeforeMethod
    public void takeTheGcRulesTurn() {
        Tck.holdGcRule();
    }

    @org.testng.annotations.AfterMethod(alwaysRun = true)
    public void giveTheGcRulesTurnBack() {
        Tck.releaseGcRule();
    }

    /** A conforming publisher, as the command line would load it. */
    public static final class LongRange implements PublisherUnderTest<Long> {
        @Override
        public Publisher<Long> create(long elements) {
            return new LongRangePublisher(0, elements);
        }

        @Override
        public Publisher<Long> failed() {
            return Rill.error(new IllegalStateException("failed on purpose"));
        }
    }

    /** Emits one value more than requested: breaks §1.1. */
    static final class OverEager implements Publisher<Long> {
        private final long elements;

        OverEager(long elements) {
            this.elements = elements;
        }

        @Override
        public void subscribe(Subscriber<? super Long> s) {
            s.onSubscribe(new Subscription() {
                long sent;
                boolean done;

                @Override
                public void request(long n) {
                    for (long i = 0; i <= n && sent < elements && !done; i++) { // <= : one too many
                        s.onNext(sent++);
                    }
                    if (sent == elements && !done) {
                        done = true;
                        s.onComplete();
                    }
                }

                @Override
                public void cancel() {
                    done = true;
                }
            });
        }
    }

    @Test
    public void aConformingPublisherPassesEveryRuleItCanBeTestedOn() {
        Conformance.Report report = Conformance.check("LongRange", new LongRange());
        assertThat(report.failed()).as(report.toString()).isEmpty();
        assertThat(report.conforms()).isTrue();
        assertThat(report.passed()).hasSizeGreaterThan(25);
        assertThat(report.passed()).contains("required_spec109_mustIssueOnSubscribeForNonNullSubscriber");
        assertThat(report.toString()).contains(report.passed().size() + " passed, 0 failed");
    }

    @Test
    public void aPublisherThatOverDeliversFailsNamingTheRule() {
        PublisherUnderTest<Long> overEager = OverEager::new;
        Conformance.Report report = Conformance.check("OverEager", overEager);
        assertThat(report.conforms()).isFalse();
        assertThat(report.failed()).extracting(Conformance.Failure::test)
                .anySatisfy(t -> assertThat(t).contains("spec101"));
        assertThat(report.toString()).contains("FAILED required_spec101");
        // No failed() publisher given: the tests that need one are skipped, not failed.
        assertThat(report.skipped()).anySatisfy(t -> assertThat(t).contains("spec104"));
    }

    /** The command line's exit status: 0 conforms, 1 a rule failed, 2 bad arguments; the report on stdout. */
    @Test
    public void theCommandLineExitsWithTheOutcome() {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        java.io.PrintStream o = new java.io.PrintStream(out, true);
        java.io.PrintStream e = new java.io.PrintStream(err, true);
        assertThat(Conformance.run(new String[] {LongRange.class.getName()}, o, e)).isZero();
        assertThat(out.toString()).contains(" passed, 0 failed, ");
        assertThat(Conformance.run(new String[] {OverEagerUnderTest.class.getName(), "200"}, o, e)).isEqualTo(1);
        assertThat(out.toString()).contains("FAILED required_spec101");
        assertThat(Conformance.run(new String[] {"no.such.Class"}, o, e)).isEqualTo(2);
        assertThat(Conformance.run(new String[] {LongRange.class.getName(), "-5"}, o, e)).isEqualTo(2);
        assertThat(Conformance.run(new String[0], o, e)).isEqualTo(2);
        assertThat(err.toString()).contains("no.such.Class").contains("usage:");
    }

    /** {@link OverEager} for the command line, which needs a class with a no-argument constructor. */
    public static final class OverEagerUnderTest implements PublisherUnderTest<Long> {
        @Override
        public Publisher<Long> create(long elements) {
            return new OverEager(elements);
        }
    }

    /** A failure without a message reports what the rule says and what was thrown, never "null". */
    @Test
    public void aFailureWithoutAMessageSaysWhichRuleAndWhat() {
        String m = Conformance.failureMessage("required_spec109_mustIssueOnSubscribeForNonNullSubscriber",
                new NullPointerException());
        assertThat(m).isEqualTo("spec109: must issue on subscribe for non null subscriber "
                + "(failed with java.lang.NullPointerException, no message)");
        assertThat(Conformance.failureMessage("optional_spec309_x", new AssertionError("first\nsecond")))
                .isEqualTo("first");
        assertThat(Conformance.failureMessage("untested_spec106_y", null)).doesNotContain("null").startsWith("spec106");
    }

    /** Released at the end of the test that uses {@link Stubborn}, so its stuck thread can end. */
    static volatile boolean stubbornReleased;

    /** Blocks in subscribe until {@link #stubbornReleased}, swallowing every interrupt. */
    static final class Stubborn implements Publisher<Long> {
        @Override
        public void subscribe(Subscriber<? super Long> s) {
            while (!stubbornReleased) {
                Thread.interrupted(); // deaf to interrupts, on purpose
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1)); // polls the flag without burning a core
            }
        }
    }

    /** Blocks in subscribe on a latch that never opens, until interrupted. */
    static final class Waiting implements Publisher<Long> {
        private static final CountDownLatch NEVER = new CountDownLatch(1);

        @Override
        public void subscribe(Subscriber<? super Long> s) {
            try {
                NEVER.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A check ends even if the publisher ignores interrupts, and the lock is free for the next one. */
    @Test(timeOut = 60_000)
    public void aPublisherBlockedForGoodIsAbandonedAndLaterChecksStillRun() {
        stubbornReleased = false;
        try {
            long start = System.nanoTime();
            PublisherUnderTest<Long> stubborn = n -> new Stubborn();
            Conformance.Report report = Conformance.check("Stubborn", stubborn, 100, 300);
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(tookMillis).as(report.toString()).isLessThan(20_000); // about 2 budgets: 600 ms
            assertThat(report.conforms()).isFalse();
            assertThat(report.failed()).as(report.toString()).extracting(Conformance.Failure::message)
                    .anySatisfy(m -> assertThat(m).contains("blocked").contains("did not respond to interrupt"));
            assertThat(report.failed()).extracting(Conformance.Failure::test).endsWith(Conformance.REMAINING);
            assertLaterChecksStillRun();
        } finally {
            stubbornReleased = true;
        }
    }

    /** A publisher that blocks until interrupted fails its rules as blocked, and the check goes on to the end. */
    @Test(timeOut = 60_000)
    public void aPublisherBlockedUntilInterruptedFailsItsRulesAsBlocked() {
        PublisherUnderTest<Long> waiting = n -> new Waiting();
        Conformance.Report report = Conformance.check("Waiting", waiting, 100, 300);
        assertThat(report.conforms()).isFalse();
        assertThat(report.failed()).as(report.toString()).extracting(Conformance.Failure::message)
                .anySatisfy(m -> assertThat(m).startsWith("blocked: no result within 300 ms").endsWith("interrupted"))
                .noneSatisfy(m -> assertThat(m).contains("abandoned"));
        assertThat(report.failed()).hasSizeGreaterThan(10);
        assertLaterChecksStillRun();
    }

    private static void assertLaterChecksStillRun() {
        Conformance.Report after = Conformance.check("LongRange", new LongRange());
        assertThat(after.failed()).as(after.toString()).isEmpty();
    }
}
