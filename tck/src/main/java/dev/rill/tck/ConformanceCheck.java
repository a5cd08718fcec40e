package dev.rill.tck;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * One conformance check, ready to run: the thing under test, which TCK verification applies
 * (plain or Flow twin), and the settings. Made by {@link Conformance}'s factories (or {@link #of}
 * for a subject loaded by class); settings return a new check, so a check can be kept and run again.
 *
 * <pre>{@code
 * ConformanceReport report = Conformance.publisher("my range", n -> new MyRange(0, n))
 *         .timeout(Duration.ofMillis(200)) // optional: otherwise measured on this machine
 *         .run();
 * }</pre>
 *
 * <p>Unless {@link #timeout} fixes them, the TCK's timeouts are calibrated: {@link #run} first
 * measures the machine with a short warm-up of the TCK's environment and of the subject, and the
 * report says what it found ({@link ConformanceReport#calibration()}). A test that fails on timing
 * (a signal that did not come in time, or one within a no-signal window) is rerun once with
 * {@value #RERUN_FACTOR} times the timeouts and marked as rerun. A test that blocks (the subject
 * hangs in {@code subscribe}, {@code request}, {@code cancel} or a signal method) is interrupted
 * and fails with a timeout verdict; the check always returns.
 *
 * <p>Threading: immutable; {@link #run} may be called from any thread, checks run one at a time
 * (the TCK's verifications are built by class, so the subject is handed over through a shared field).
 */
public final class ConformanceCheck {

    /** A failed timing-sensitive test is rerun once with this many times the timeouts. */
    static final long RERUN_FACTOR = 4;

    private final String name;
    private final Verification verification;
    private final boolean flow;
    private final Object subject;
    private final Duration timeout; // null: calibrate
    private final long testBudgetMillis; // 0: derived from the timeout
    private final boolean rerun;

    ConformanceCheck(String name, Verification verification, boolean flow, Object subject) {
        this(name, verification, flow, subject, null, 0, true);
    }

    private ConformanceCheck(String name, Verification verification, boolean flow, Object subject, Duration timeout,
            long testBudgetMillis, boolean rerun) {
        this.name = Objects.requireNonNull(name, "name");
        this.verification = Objects.requireNonNull(verification, "verification");
        this.flow = flow;
        this.subject = Objects.requireNonNull(subject, "subject");
        this.timeout = timeout;
        this.testBudgetMillis = testBudgetMillis;
        this.rerun = rerun;
    }

    /** The name the user gave the thing under test. */
    public String name() {
        return name;
    }

    /** Which verification this check runs. */
    public Verification verification() {
        return verification;
    }

    /** True if it runs the {@code java.util.concurrent.Flow} twin. */
    public boolean flow() {
        return flow;
    }

    /**
     * This check with the TCK's timeouts fixed instead of calibrated: {@code timeout} is how long
     * the TCK waits for each expected signal, and for the absence of unexpected ones. Raise it for
     * a subject that signals from a slow thread.
     */
    public ConformanceCheck timeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.toMillis() < 1) {
            throw new IllegalArgumentException("timeout must be at least 1 ms, was " + timeout);
        }
        return new ConformanceCheck(name, verification, flow, subject, timeout, testBudgetMillis, rerun);
    }

    /** This check with or without the one rerun of a test that failed on timing (on by default). */
    public ConformanceCheck rerunTimingFailures(boolean rerun) {
        return new ConformanceCheck(name, verification, flow, subject, timeout, testBudgetMillis, rerun);
    }

    /**
     * This check with how long one test may run before it is interrupted as blocked (by default the
     * larger of 5 s and 50 timeouts); tests use a short one.
     */
    ConformanceCheck testBudget(Duration budget) {
        if (budget.toMillis() < 1) {
            throw new IllegalArgumentException("budget must be at least 1 ms, was " + budget);
        }
        return new ConformanceCheck(name, verification, flow, subject, timeout, budget.toMillis(), rerun);
    }

    /** Runs every test of the verification against the subject and reports test by test and rule by rule. */
    public ConformanceReport run() {
        Calibration calibration = timeout != null ? Calibration.fixed(timeout) : Calibration.measure(verification, subject);
        Class<?> verificationClass = ConformanceRunner.verificationClass(verification, flow);
        ExecutorService helpers = helpers();
        try {
            TckRun first = new TckRun(verification, flow, subject, calibration.timeoutMillis(),
                    calibration.noSignalMillis(), helpers);
            ConformanceRunner.Results results = ConformanceRunner.run(name, first, null, budget(first, 1));
            ReportBuilder report = new ReportBuilder(ConformanceRunner.testsOf(verificationClass),
                    results.results(), results.abandoned());
            Set<String> again = results.results().stream()
                    .filter(r -> r.outcome() == Outcome.FAILED && !r.blocked() && Messages.timingSensitive(r.message()))
                    .map(TckResult::test).collect(Collectors.toSet());
            if (rerun && results.abandoned() == null && !again.isEmpty()) {
                TckRun slower = first.slower(RERUN_FACTOR);
                List<TckResult> second = ConformanceRunner.run(name, slower, again, budget(slower, RERUN_FACTOR)).results();
                report.rerun(second, slower.timeoutMillis());
            }
            return new ConformanceReport(name, verification, flow, calibration.timeoutMillis(),
                    calibration.noSignalMillis(), calibration.how(), report.tests(), report.rules());
        } finally {
            helpers.shutdownNow();
        }
    }

    /** A test's budget in a run with these timeouts: the one set, scaled for a rerun, or the default. */
    private long budget(TckRun run, long factor) {
        return testBudgetMillis > 0 ? ConformanceRunner.times(testBudgetMillis, factor)
                : ConformanceRunner.testBudgetMillis(run.timeoutMillis());
    }

    /** Daemon threads for the TCK's helper publishers (the processor verification's), ended after the run. */
    private ExecutorService helpers() {
        AtomicInteger count = new AtomicInteger();
        return Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "rill-conformance-helper-" + name + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * The check for {@code subject}, a class instance implementing one of the subject interfaces
     * (the publisher, subscriber, whitebox subscriber or processor one, or a Flow twin); the command
     * line uses it for the class it loads. The interface decides the verification, and a Flow twin
     * runs the Flow verification; {@code flow} asks for the Flow verification of a Reactive Streams
     * subject too, its objects seen through {@code FlowAdapters}. Throws IllegalArgumentException
     * naming the interfaces it accepts.
     */
    public static ConformanceCheck of(String name, Object subject, boolean flow) {
        Objects.requireNonNull(name, "name");
        Verification verification = Subjects.verificationOf(subject);
        if (flow || Subjects.isFlow(subject)) {
            return new ConformanceCheck(name, verification, true, Subjects.toFlow(subject));
        }
        return new ConformanceCheck(name, verification, false, subject);
    }

    // Entry points for test frameworks (JUnit 5 dynamic tests, TestNG) go below this line.

    /**
     * The check as JUnit 5 dynamic tests, one per rule (§1.1 to §3.17, then the TCK's own checks):
     * a rule passes, fails with the TCK's message and what it means, or is aborted (skipped) saying
     * why. The check runs once, when JUnit starts on the tests. Needs junit-jupiter-api on the class
     * path (an optional dependency of rill-tck).
     *
     * <pre>{@code @TestFactory
     * Stream<DynamicTest> conformance() {
     *     return Conformance.publisher("my range", new MyRangeUnderTest()).dynamicTests();
     * }}</pre>
     */
    public java.util.stream.Stream<org.junit.jupiter.api.DynamicTest> dynamicTests() {
        return RuleTests.dynamicTests(this::run);
    }

    /**
     * Runs the check and returns its rules as the rows of a TestNG data provider, one
     * {@link RuleCase} each; the test asserts its row with {@link RuleCase#verify()}.
     *
     * <pre>{@code @DataProvider(name = "rules") public Object[][] rules() {
     *     return Conformance.publisher("my range", new MyRangeUnderTest()).ruleCases();
     * }
     * }</pre>
     * and <pre>{@code @Test(dataProvider = "rules") public void conforms(RuleCase rule) { rule.verify(); }}</pre>
     */
    public Object[][] ruleCases() {
        return RuleCase.of(run()).stream().map(c -> new Object[] {c}).toArray(Object[][]::new);
    }
}
