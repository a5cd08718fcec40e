package dev.rill.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rill.Rill;
import dev.rill.publishers.LongRangePublisher;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import org.testng.annotations.Test;

/**
 * The conformance runner on publishers: a conforming one passes, a broken one fails the rule it
 * breaks, a blocking one gets a timeout verdict; the report has a row per rule and says what to do.
 */
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

    /**
     * Emits one value more than each request asks for, and is otherwise correct (serial, no
     * recursion, §3.9 errors, stops on cancel): breaks §1.1 and what counts demand.
     */
    static final class OverEager implements Publisher<Long> {
        private final long elements;

        OverEager(long elements) {
            this.elements = elements;
        }

        @Override
        public void subscribe(Subscriber<? super Long> s) {
            s.onSubscribe(new Subscription() {
                long sent;
                long demand;
                boolean emitting;
                boolean done;

                @Override
                public void request(long n) {
                    if (done) {
                        return;
                    }
                    if (n <= 0) {
                        done = true;
                        s.onError(new IllegalArgumentException("§3.9: request must be positive, was " + n));
                        return;
                    }
                    demand = demand + n + 1 < 0 ? Long.MAX_VALUE : demand + n + 1; // + 1: one too many
                    if (emitting) {
                        return; // the loop below, further up the stack, serves it
                    }
                    emitting = true;
                    while (demand > 0 && sent < elements && !done) {
                        demand--;
                        s.onNext(sent++);
                    }
                    if (sent == elements && !done) {
                        done = true;
                        s.onComplete();
                    }
                    emitting = false;
                }

                @Override
                public void cancel() {
                    done = true;
                }
            });
        }
    }

    /** One thread that delivers {@link Late}'s signals, serially, after a pause. */
    private static final java.util.concurrent.ScheduledExecutorService LATER =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "late-publisher");
                t.setDaemon(true);
                return t;
            });

    /**
     * A correct publisher that answers the first request of each subscription {@value #LATE_MS} ms
     * later (the rest at once), on another thread: slower than a 30 ms timeout, faster than the rerun's
     * 120 ms. The test makes only its one-element publishers late (few tests use those), so the
     * suite stays fast.
     */
    static final class Late implements Publisher<Long> {
        static final long LATE_MS = 50;
        private final long elements;

        Late(long elements) {
            this.elements = elements;
        }

        @Override
        public void subscribe(Subscriber<? super Long> s) {
            s.onSubscribe(new Subscription() {
                long sent; // touched only on LATER's thread
                volatile boolean done;
                final java.util.concurrent.atomic.AtomicBoolean first = new java.util.concurrent.atomic.AtomicBoolean(true);

                @Override
                public void request(long n) {
                    LATER.schedule(() -> emit(n), first.getAndSet(false) ? LATE_MS : 0, TimeUnit.MILLISECONDS);
                }

                private void emit(long n) {
                    if (done) {
                        return;
                    }
                    if (n <= 0) {
                        done = true;
                        s.onError(new IllegalArgumentException("§3.9: request must be positive, was " + n));
                        return;
                    }
                    for (long i = 0; i < n && sent < elements && !done; i++) {
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

    /** Short timeouts: the rules of a correct publisher signal at once, and the suite has a time budget. */
    static final Duration FAST = Duration.ofMillis(30);

    /** The factories take a lambda for a typed publisher, as the README shows (no cast to Object). */
    @Test
    public void aLambdaForATypedPublisherIsASubject() {
        ConformanceCheck check = Conformance.publisher("my range", n -> new LongRangePublisher(0, n));
        assertThat(check.name()).isEqualTo("my range");
        assertThat(check.verification()).isEqualTo(Verification.PUBLISHER);
        assertThat(check.flow()).isFalse();
    }

    @Test
    public void aConformingPublisherPassesEveryRuleItCanBeTestedOn() {
        ConformanceReport report = Conformance.publisher("LongRange", new LongRange()).timeout(FAST).run();
        assertThat(failures(report)).isEmpty();
        assertThat(report.conforms()).isTrue();
        assertThat(report.count(Outcome.PASSED)).isGreaterThan(25);
        assertThat(report.tests()).filteredOn(t -> t.test().equals("required_spec109_mustIssueOnSubscribeForNonNullSubscriber"))
                .singleElement().satisfies(t -> {
                    assertThat(t.rule()).isEqualTo("1.9");
                    assertThat(t.outcome()).isEqualTo(Outcome.PASSED);
                });
        assertThat(report.calibration()).contains("given by the user: 30 ms");
    }

    /** Every rule §1.1 to §3.17 has a row, in order; rules the TCK cannot test are untested skips. */
    @Test
    public void theReportHasOneRowPerRuleInOrder() {
        ConformanceReport report = Conformance.publisher("LongRange", new LongRange()).timeout(FAST).run();
        assertThat(report.rules()).hasSize(41);
        assertThat(report.rules().get(0).rule()).isEqualTo("1.1");
        assertThat(report.rules().get(40).rule()).isEqualTo("3.17");
        assertThat(report.rules()).extracting(RuleRow::title).doesNotContainNull().allSatisfy(t -> assertThat(t).isNotBlank());
        RuleRow r313 = report.rules().stream().filter(r -> r.rule().equals("3.13")).findFirst().orElseThrow();
        assertThat(r313.outcome()).isEqualTo(Outcome.PASSED);
        assertThat(r313.requirement()).isEqualTo(Requirement.REQUIRED);
        RuleRow r22 = report.rules().stream().filter(r -> r.rule().equals("2.2")).findFirst().orElseThrow();
        assertThat(r22.tests()).isEmpty(); // a subscriber rule: the publisher verification has no test of it
        assertThat(r22.requirement()).isEqualTo(Requirement.UNTESTED);
        assertThat(r22.outcome()).isEqualTo(Outcome.SKIPPED);
        assertThat(report.tests()).filteredOn(t -> t.requirement() == Requirement.UNTESTED)
                .isNotEmpty().allSatisfy(t -> assertThat(t.meaning()).startsWith("Untested by the TCK itself"));
    }

    @Test
    public void aPublisherThatOverDeliversFailsTheRuleItBreaks() {
        PublisherUnderTest<Long> overEager = OverEager::new;
        ConformanceReport report = Conformance.publisher("OverEager", overEager).timeout(FAST).run();
        assertThat(report.conforms()).isFalse();
        RuleRow r11 = report.rules().get(0);
        assertThat(r11.outcome()).as(failures(report)).isEqualTo(Outcome.FAILED);
        assertThat(r11.tests()).filteredOn(t -> t.outcome() == Outcome.FAILED)
                .allSatisfy(t -> assertThat(t.meaning()).startsWith("Breaks §1.1"));
        assertThat(failedRules(report)).as(failures(report)).doesNotContain("1.3", "1.4", "1.9", "3.3", "3.9", "3.13");
        // No failed() publisher given: the tests that need one are skipped, and the report says what to do.
        assertThat(report.tests()).filteredOn(t -> t.rule().equals("1.4") && t.outcome() == Outcome.SKIPPED)
                .isNotEmpty().allSatisfy(t -> assertThat(t.meaning()).contains("implement failed()"));
    }

    /** Calls onSubscribe twice: breaks §1.9 (onSubscribe once, first). */
    @Test
    public void aPublisherThatCallsOnSubscribeTwiceFailsRule19() {
        PublisherUnderTest<Long> twice = n -> s -> {
            LongRangePublisher range = new LongRangePublisher(0, n);
            s.onSubscribe(new Subscription() {
                @Override
                public void request(long k) {
                }

                @Override
                public void cancel() {
                }
            });
            range.subscribe(s); // a second onSubscribe, then the values
        };
        ConformanceReport report = Conformance.publisher("Twice", twice).timeout(FAST).rerunTimingFailures(false).run();
        assertThat(report.conforms()).isFalse();
        assertThat(failedRules(report)).as(failures(report)).contains("1.9");
    }

    /** Keeps answering requests after cancel: breaks §3.6 (requests after cancel do nothing). */
    @Test
    public void aPublisherThatSignalsAfterCancelFailsRule36() {
        PublisherUnderTest<Long> deaf = new PublisherUnderTest<>() {
            @Override
            public Publisher<Long> create(long elements) {
                return deafRange(elements);
            }

            @Override
            public long maxElements() {
                return 100; // bounded: ignoring cancel under a request of Long.MAX_VALUE must end
            }
        };
        ConformanceReport report = Conformance.publisher("Deaf", deaf).timeout(FAST).rerunTimingFailures(false).run();
        assertThat(report.conforms()).isFalse();
        assertThat(failedRules(report)).as(failures(report)).contains("3.6").doesNotContain("1.1", "1.9", "3.9");
    }

    /** A range whose subscription ignores cancel. */
    private static Publisher<Long> deafRange(long n) {
        return s -> {
            new LongRangePublisher(0, n).subscribe(new Subscriber<Long>() {
                @Override
                public void onSubscribe(Subscription sub) {
                    s.onSubscribe(new Subscription() {
                        @Override
                        public void request(long k) {
                            sub.request(k);
                        }

                        @Override
                        public void cancel() {
                            // ignored on purpose
                        }
                    });
                }

                @Override
                public void onNext(Long t) {
                    s.onNext(t);
                }

                @Override
                public void onError(Throwable t) {
                    s.onError(t);
                }

                @Override
                public void onComplete() {
                    s.onComplete();
                }
            });
        };
    }

    /** The Flow twin: a correct publisher seen as a {@link java.util.concurrent.Flow.Publisher} passes. */
    @Test
    public void aConformingFlowPublisherPassesTheFlowVerification() {
        FlowPublisherUnderTest<Long> range = n -> org.reactivestreams.FlowAdapters.toFlowPublisher(new LongRangePublisher(0, n));
        ConformanceReport report = Conformance.flowPublisher("flow LongRange", range).timeout(FAST).run();
        ConformanceReport adapted = ConformanceCheck.of("LongRange as Flow", new LongRange(), true).timeout(FAST).run();
        assertThat(adapted.flow()).isTrue();
        assertThat(failures(adapted)).isEmpty();
        assertThat(report.flow()).isTrue();
        assertThat(failures(report)).isEmpty();
        assertThat(report.count(Requirement.REQUIRED, Outcome.PASSED)).isGreaterThan(20);
    }

    /** A publisher with few elements: the tests needing more skip, saying how many to allow. */
    @Test
    public void aSkipForTooFewElementsSaysWhatToSet() {
        PublisherUnderTest<Long> three = new PublisherUnderTest<>() {
            @Override
            public Publisher<Long> create(long elements) {
                return new LongRangePublisher(0, elements);
            }

            @Override
            public long maxElements() {
                return 3;
            }
        };
        ConformanceReport report = Conformance.publisher("three", three).timeout(FAST).run();
        assertThat(report.conforms()).as(failures(report)).isTrue();
        assertThat(report.tests()).filteredOn(t -> t.outcome() == Outcome.SKIPPED)
                .anySatisfy(t -> assertThat(t.meaning()).contains("maxElements() is too small").contains("allows 3"));
    }

    /** A publisher that emits nothing and never completes gets timeout verdicts, not a hang. */
    @Test(timeOut = 60_000)
    public void aPublisherThatNeverCompletesGetsATimeoutVerdict() {
        PublisherUnderTest<Long> silent = n -> s -> s.onSubscribe(new Subscription() {
            @Override
            public void request(long k) {
            }

            @Override
            public void cancel() {
            }
        });
        ConformanceReport report = Conformance.publisher("silent", silent).timeout(FAST).rerunTimingFailures(false).run();
        assertThat(report.conforms()).isFalse();
        assertThat(report.tests()).filteredOn(t -> t.outcome() == Outcome.FAILED)
                .anySatisfy(t -> assertThat(t.message()).containsPattern("within \\d+ ms"));
    }

    /** A timing failure is rerun once with longer timeouts, and the report says so. */
    @Test
    public void aTimingFailureIsRerunWithLongerTimeouts() {
        PublisherUnderTest<Long> late = n -> n == 1 ? new Late(n) : new LongRangePublisher(0, n);
        ConformanceReport report = Conformance.publisher("late", late).timeout(FAST).run();
        assertThat(report.tests()).filteredOn(TestOutcome::rerun).as(failures(report))
                .anySatisfy(t -> {
                    assertThat(t.outcome()).isEqualTo(Outcome.PASSED);
                    assertThat(t.meaning()).startsWith("Passed when rerun with 120 ms timeouts");
                });
        assertThat(report.tests()).filteredOn(t -> !t.rerun()).allSatisfy(t -> assertThat(t.outcome()).isNotEqualTo(Outcome.FAILED));
    }

    /** The calibration measures the machine when no timeout is given, and says how it chose. */
    @Test
    public void withoutATimeoutTheRunnerCalibrates() {
        ConformanceReport report = Conformance.publisher("LongRange", new LongRange()).run();
        assertThat(report.calibration()).startsWith("measured on this machine");
        assertThat(report.timeoutMillis()).isBetween(Calibration.FLOOR_MS, Calibration.CAP_MS);
        assertThat(report.noSignalTimeoutMillis()).isBetween(Calibration.FLOOR_MS, report.timeoutMillis());
        assertThat(failures(report)).isEmpty();
    }

    /** The check for a subject loaded by class: its interface decides the verification. */
    @Test
    public void ofTellsTheVerificationFromTheInterface() {
        assertThat(ConformanceCheck.of("x", new LongRange(), false).verification()).isEqualTo(Verification.PUBLISHER);
        assertThatThrownBy(() -> ConformanceCheck.of("x", "not a subject", false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PublisherUnderTest");
        ConformanceCheck asFlow = ConformanceCheck.of("x", new LongRange(), true);
        assertThat(asFlow.flow()).isTrue();
        assertThat(asFlow.verification()).isEqualTo(Verification.PUBLISHER);
        assertThat(ConformanceCheck.of("x", (FlowPublisherUnderTest<Long>) n -> null, false).flow()).isTrue();
        assertThat(ConformanceCheck.of("x", ConformanceProcessorTest.relay(false), true).verification())
                .isEqualTo(Verification.PROCESSOR);
        assertThatThrownBy(() -> Conformance.publisher("x", new LongRange()).timeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout");
    }

    /** A failure without a message reports what the rule says and what was thrown, never "null". */
    @Test
    public void aFailureWithoutAMessageSaysWhichRuleAndWhat() {
        String m = Messages.firstLine("required_spec109_mustIssueOnSubscribeForNonNullSubscriber",
                new NullPointerException());
        assertThat(m).isEqualTo("spec109: must issue on subscribe for non null subscriber "
                + "(failed with java.lang.NullPointerException, no message)");
        assertThat(Messages.firstLine("optional_spec309_x", new AssertionError("first\nsecond"))).isEqualTo("first");
        assertThat(Messages.firstLine("untested_spec106_y", null)).doesNotContain("null").startsWith("spec106");
        assertThat(Rules.ruleOf("required_spec109_x")).isEqualTo("1.9");
        assertThat(Rules.ruleOf("required_spec317_x")).isEqualTo("3.17");
        assertThat(Rules.ruleOf("required_createPublisher3MustProduceAStreamOfExactly3Elements")).isEmpty();
    }

    static String failures(ConformanceReport report) {
        StringBuilder b = new StringBuilder();
        report.tests().stream().filter(t -> t.outcome() == Outcome.FAILED)
                .forEach(t -> b.append(t.test()).append(": ").append(t.message()).append('\n'));
        return b.toString();
    }

    static java.util.Set<String> failedRules(ConformanceReport report) {
        return report.rules().stream().filter(r -> r.outcome() == Outcome.FAILED).map(RuleRow::rule)
                .collect(java.util.stream.Collectors.toSet());
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
            ConformanceReport report = Conformance.publisher("Stubborn", stubborn).timeout(FAST)
                    .testBudget(Duration.ofMillis(300)).run();
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(tookMillis).as(failures(report)).isLessThan(20_000); // about 2 budgets: 600 ms
            assertThat(report.conforms()).isFalse();
            assertThat(report.tests()).as(failures(report))
                    .anySatisfy(t -> {
                        assertThat(t.message()).contains("blocked").contains("did not respond to interrupt");
                        assertThat(t.meaning()).startsWith("Timeout verdict");
                    })
                    .anySatisfy(t -> assertThat(t.message()).startsWith("not run: "));
            assertThat(report.tests()).allSatisfy(t -> assertThat(t.outcome()).isNotEqualTo(Outcome.PASSED));
            assertLaterChecksStillRun();
        } finally {
            stubbornReleased = true;
        }
    }

    /** A publisher that blocks until interrupted fails its rules as blocked, and the check goes on to the end. */
    @Test(timeOut = 60_000)
    public void aPublisherBlockedUntilInterruptedFailsItsRulesAsBlocked() {
        PublisherUnderTest<Long> waiting = n -> new Waiting();
        ConformanceReport report = Conformance.publisher("Waiting", waiting).timeout(FAST)
                .testBudget(Duration.ofMillis(150)).rerunTimingFailures(false).run();
        assertThat(report.conforms()).isFalse();
        assertThat(report.tests()).as(failures(report)).extracting(TestOutcome::message)
                .anySatisfy(m -> assertThat(m).startsWith("blocked: no result within 150 ms").endsWith("interrupted"))
                .noneSatisfy(m -> assertThat(m).contains("abandoned"));
        assertThat(report.count(Outcome.FAILED)).isGreaterThan(10);
        assertLaterChecksStillRun();
    }

    private static void assertLaterChecksStillRun() {
        ConformanceReport after = Conformance.publisher("LongRange", new LongRange()).timeout(FAST).run();
        assertThat(failures(after)).isEmpty();
    }
}
