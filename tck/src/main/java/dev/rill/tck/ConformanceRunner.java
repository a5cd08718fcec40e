package dev.rill.tck;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import org.testng.IMethodInterceptor;
import org.testng.TestNG;
import org.testng.annotations.Test;

/**
 * Runs one TCK verification under supervision, so that a subject that blocks gives a verdict
 * instead of a hang.
 *
 * <p>Threading: any thread; runs take turns (TestNG builds the verification by class, so the run
 * is handed over through a field guarded by a lock). The caller's thread holds that lock while
 * TestNG runs on a daemon thread of its own ({@code rill-conformance-<name>}), and waits with a
 * deadline: a test that runs longer than its budget is interrupted and reported as blocked; if it
 * is still running after two budgets (the subject ignores interrupts), or the whole run takes
 * {@value #RUN_BUDGET_TESTS} budgets, the run is abandoned: the running test fails as blocked, the
 * tests not reached are reported as not run, and the caller gets its results and releases the lock,
 * leaving the stuck daemon thread behind. So a subject that blocks in {@code subscribe},
 * {@code request}, {@code cancel} or a signal method fails the check instead of hanging it and every
 * later one. Interrupting the caller abandons the run too (the flag is kept).
 */
final class ConformanceRunner {

    /** A test's budget is at least this... */
    static final long MIN_TEST_BUDGET_MS = 5000;
    /** ...and at least this many TCK timeouts. */
    static final long TEST_BUDGET_TIMEOUTS = 50;
    /** A whole run may take this many test budgets (a backstop: a verification has 40 to 70 tests). */
    static final long RUN_BUDGET_TESTS = 100;
    private static final String TEST_PREFIX = "^(required|optional|untested|stochastic)_.*";

    private static final ReentrantLock LOCK = new ReentrantLock();
    /** Set under LOCK; volatile because TestNG builds the verification on the thread run starts. */
    private static volatile TckRun current;

    private ConformanceRunner() {
    }

    /** What one run gave: the results it collected, and why it ended early (null if it did not). */
    record Results(List<TckResult> results, String abandoned) {
    }

    /** The run the verification being built belongs to. */
    static TckRun current() {
        TckRun r = current;
        if (r == null) {
            throw new IllegalStateException("the conformance verifications run only inside ConformanceCheck.run");
        }
        return r;
    }

    /**
     * How long one test may run before it counts as blocked: generous, since a test waits for
     * several signals of {@code timeoutMillis} each, and a loaded machine is slow.
     */
    static long testBudgetMillis(long timeoutMillis) {
        return Math.max(MIN_TEST_BUDGET_MS, times(TEST_BUDGET_TIMEOUTS, timeoutMillis));
    }

    /** The verification class TestNG runs for {@code verification} (or its Flow twin). */
    static Class<?> verificationClass(Verification verification, boolean flow) {
        return switch (verification) {
            case PUBLISHER -> flow ? FlowPublisherConformance.class : PublisherConformance.class;
            case SUBSCRIBER_BLACKBOX -> flow ? FlowBlackboxConformance.class : BlackboxConformance.class;
            case SUBSCRIBER_WHITEBOX -> flow ? FlowWhiteboxConformance.class : WhiteboxConformance.class;
            case PROCESSOR -> flow ? FlowProcessorConformance.class : ProcessorConformance.class;
        };
    }

    /** Every TCK test of a verification class, by name, sorted. */
    static List<String> testsOf(Class<?> verificationClass) {
        return Arrays.stream(verificationClass.getMethods())
                .filter(m -> m.isAnnotationPresent(Test.class) && m.getName().matches(TEST_PREFIX))
                .map(Method::getName).distinct().sorted().collect(Collectors.toList());
    }

    /**
     * Runs the tests of {@code run}'s verification, only those named in {@code only} if it is not
     * null, each within {@code budgetMillis}.
     */
    static Results run(String name, TckRun run, Set<String> only, long budgetMillis) {
        Objects.requireNonNull(name, "name");
        if (budgetMillis <= 0) {
            throw new IllegalArgumentException("budgetMillis must be positive, was " + budgetMillis);
        }
        TckCollector collector = new TckCollector(budgetMillis);
        LOCK.lock();
        try {
            current = run;
            TestNG testng = new TestNG(false); // no default reporters: nothing written to disk
            testng.setTestClasses(new Class<?>[] {verificationClass(run.verification(), run.flow())});
            testng.addListener(collector);
            if (only != null) {
                testng.addListener((IMethodInterceptor) (methods, context) -> methods.stream()
                        .filter(m -> only.contains(m.getMethod().getMethodName()))
                        .collect(Collectors.toCollection(ArrayList::new)));
            }
            testng.setVerbose(0);
            // A daemon thread of its own: if the subject blocks it for ever, this thread still
            // returns (and releases LOCK), and the JVM can still exit.
            Thread runner = new Thread(() -> runTestNg(testng, collector), "rill-conformance-" + name);
            runner.setDaemon(true);
            runner.start();
            if (!supervise(runner, collector, budgetMillis)) {
                run.abandoned().set(true); // a stuck run that wakes up later skips the rest
                runner.interrupt();
            }
        } finally {
            current = null;
            LOCK.unlock();
        }
        return new Results(collector.results(), collector.abandoned());
    }

    private static void runTestNg(TestNG testng, TckCollector collector) {
        try {
            testng.run();
        } catch (RuntimeException | Error e) { // reported, not lost on a thread nobody joins
            collector.crashed(e);
        }
    }

    /**
     * Waits for the run on {@code runner} to end: interrupts a test that overruns its budget, and
     * abandons the run if the test is still there after two budgets or the whole run overruns.
     * Returns true if the run ended, false if it was abandoned (its results are then final).
     */
    private static boolean supervise(Thread runner, TckCollector collector, long budgetMillis) {
        long runBudgetMillis = times(budgetMillis, RUN_BUDGET_TESTS);
        long deadline = System.nanoTime() + nanos(runBudgetMillis);
        long waitNanos = nanos(budgetMillis);
        while (true) {
            try {
                runner.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(waitNanos)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // the caller asked to stop: stop now, keep the flag
                collector.abandon("the check was interrupted");
                return false;
            }
            if (!runner.isAlive()) {
                return true;
            }
            long now = System.nanoTime();
            if (now - deadline >= 0) {
                collector.abandon("the whole check ran past its deadline of " + runBudgetMillis + " ms");
                return false;
            }
            waitNanos = collector.police(now);
            if (waitNanos < 0) {
                collector.abandon("did not respond to interrupt within a further " + budgetMillis + " ms");
                return false;
            }
            waitNanos = Math.min(waitNanos, deadline - now);
        }
    }

    /** {@code a * b} for positive values, saturating instead of overflowing. */
    static long times(long a, long b) {
        return a > Long.MAX_VALUE / b ? Long.MAX_VALUE : a * b;
    }

    /** Milliseconds as nanoseconds, capped so deadlines and twice a budget cannot overflow. */
    static long nanos(long millis) {
        return Math.min(TimeUnit.MILLISECONDS.toNanos(millis), Long.MAX_VALUE / 8);
    }
}
