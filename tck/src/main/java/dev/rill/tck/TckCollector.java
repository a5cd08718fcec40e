package dev.rill.tck;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.testng.ITestResult;
import org.testng.TestListenerAdapter;

/**
 * Collects the results of one TestNG run (on the TestNG thread) and tells the supervising thread
 * which test runs and since when. Its state is guarded by its monitor rather than merely volatile
 * so that an interrupt meant for one test cannot land on the next: {@link #police} interrupts only
 * while the test it timed is still running, and every test starts by clearing a leftover interrupt.
 *
 * <p>Threading: TestNG's thread calls the {@code onTest*} methods, the supervising thread
 * {@link #police}, {@link #abandon} and {@link #results}; all under this object's monitor.
 */
final class TckCollector extends TestListenerAdapter {
    private final long budgetMillis;
    private final long budgetNanos;
    private final List<TckResult> results = new ArrayList<>();
    private ITestResult running; // the test running now, null between tests
    private Thread runner;
    private long startedNanos;
    private ITestResult interrupted; // the last test interrupted for overrunning its budget
    private String abandoned; // why the run was abandoned: its results are final, later events ignored

    TckCollector(long budgetMillis) {
        this.budgetMillis = budgetMillis;
        this.budgetNanos = ConformanceRunner.nanos(budgetMillis);
    }

    @Override
    public synchronized void onTestStart(ITestResult r) {
        Thread.interrupted(); // an interrupt meant for the previous test must not fail this one
        running = r;
        runner = Thread.currentThread();
        startedNanos = System.nanoTime();
    }

    @Override
    public synchronized void onTestSuccess(ITestResult r) {
        end(r, Outcome.PASSED);
    }

    @Override
    public synchronized void onTestFailure(ITestResult r) {
        end(r, Outcome.FAILED);
    }

    @Override
    public synchronized void onTestSkipped(ITestResult r) {
        end(r, Outcome.SKIPPED);
    }

    /** Records test {@code r}; an interrupted test counts as blocked whatever the TCK made of it. */
    private void end(ITestResult r, Outcome outcome) {
        if (abandoned != null) {
            return;
        }
        String method = r.getMethod().getMethodName();
        long elapsed = r == running ? TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos) : 0;
        running = null;
        if (r == interrupted) {
            results.add(new TckResult(method, Outcome.FAILED, blockedMessage() + "; interrupted", true, elapsed));
        } else {
            String message = outcome == Outcome.PASSED ? "" : Messages.firstLine(method, r.getThrowable());
            results.add(new TckResult(method, outcome, message, false, elapsed));
        }
    }

    private String blockedMessage() {
        return "blocked: no result within " + budgetMillis
                + " ms (does the subject block in subscribe, request, cancel or a signal method?)";
    }

    /**
     * Called by the supervising thread: interrupts the running test once it has overrun its
     * budget. Returns how long to wait before looking again, or -1 if the test has overrun two
     * budgets (it ignores the interrupt) and the run should be abandoned.
     */
    synchronized long police(long now) {
        if (running == null) {
            return budgetNanos; // between tests (or before the first): look again later
        }
        long ran = now - startedNanos;
        if (ran >= 2 * budgetNanos) {
            return -1;
        }
        if (ran >= budgetNanos) {
            if (interrupted != running) {
                interrupted = running;
                runner.interrupt(); // the TCK's waits are interruptible
            }
            return 2 * budgetNanos - ran;
        }
        return budgetNanos - ran;
    }

    /** Closes the results: the running test (if any) failed as blocked because of {@code why}. */
    synchronized void abandon(String why) {
        if (abandoned != null) {
            return;
        }
        if (running != null) {
            long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
            results.add(new TckResult(running.getMethod().getMethodName(), Outcome.FAILED,
                    blockedMessage() + "; " + why, true, elapsed));
        }
        abandoned = why;
    }

    /** TestNG itself failed: the tests it did not reach are reported as not run, with this reason. */
    synchronized void crashed(Throwable t) {
        if (abandoned == null) {
            abandoned = "the TestNG run failed: " + t;
        }
    }

    /** Why the run ended early (abandoned or crashed), or null if it ran to its end. */
    synchronized String abandoned() {
        return abandoned;
    }

    synchronized List<TckResult> results() {
        return List.copyOf(results);
    }
}
