package dev.rill.tck;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.testng.ITestResult;
import org.testng.TestListenerAdapter;
import org.testng.TestNG;

/**
 * Checks anyone's {@link org.reactivestreams.Publisher} against the Reactive Streams TCK 1.0.4
 * (its {@code PublisherVerification}, every rule it tests), the way Rill's own publishers are
 * checked, and reports which rules passed, failed and were skipped.
 *
 * <pre>{@code Conformance.Report r = Conformance.check("my range", n -> new MyRange(0, n)); }</pre>
 *
 * From the command line, with a {@link PublisherUnderTest} class on the class path:
 * {@code java -cp rill-tck.jar:deps:yours.jar dev.rill.tck.Conformance com.example.MyRangeUnderTest}
 * prints the report and exits with 1 if any rule failed.
 *
 * <p>Threading: any thread; checks run one at a time (TestNG builds the verification by class, so
 * the subject is handed over through a field guarded by a lock). The caller's thread holds that
 * lock while TestNG runs on a daemon thread of its own ({@code rill-conformance-<name>}), and waits
 * with a deadline: a rule that runs longer than its budget (by default the larger of
 * {@value #MIN_RULE_BUDGET_MS} ms and {@value #RULE_BUDGET_TIMEOUTS} timeouts) is interrupted and
 * reported as blocked; if it is still running after two budgets (the subject ignores interrupts),
 * or the whole check takes {@value #CHECK_BUDGET_RULES} budgets, the check is abandoned: the
 * running rule fails, a failure says the remaining rules were not run, and the check returns and
 * releases the lock, leaving the stuck daemon thread behind. So a publisher that blocks in
 * {@code subscribe}, {@code request} or {@code cancel} fails the check instead of hanging it and
 * every later one. Interrupting the caller abandons the check too (the flag is kept).
 */
public final class Conformance {

    /** The TCK's per-expectation timeout; poll timeout is kept equal (a TCK 1.0.4 bug otherwise). */
    public static final long DEFAULT_TIMEOUT_MS = 100;
    static final long GC_TIMEOUT_MS = 300;
    /** A rule's budget is at least this... */
    static final long MIN_RULE_BUDGET_MS = 5000;
    /** ...and at least this many TCK timeouts. */
    static final long RULE_BUDGET_TIMEOUTS = 50;
    /** The whole check may take this many rule budgets (a backstop: there are about 40 rules). */
    static final long CHECK_BUDGET_RULES = 60;
    /** The test name of the failure that says the rules after an abandoned one were not run. */
    static final String REMAINING = "remaining rules";

    private static final ReentrantLock LOCK = new ReentrantLock();
    /** Set under LOCK; volatile because TestNG builds the verification on the thread check starts. */
    private static volatile Run current;

    private Conformance() {
    }

    /**
     * What one check verifies, and with which timeouts. {@code abandoned} is set when the check gives
     * up on a stuck run, so that run skips whatever rules it reaches afterwards.
     */
    record Run(PublisherUnderTest<?> subject, long timeoutMillis, long gcTimeoutMillis, AtomicBoolean abandoned) {
    }

    static Run current() {
        Run r = current;
        if (r == null) {
            throw new IllegalStateException("ConformanceVerification runs only inside Conformance.check");
        }
        return r;
    }

    /** {@link #check(String, PublisherUnderTest, long)} with {@value #DEFAULT_TIMEOUT_MS} ms timeouts. */
    public static Report check(String name, PublisherUnderTest<?> subject) {
        return check(name, subject, DEFAULT_TIMEOUT_MS);
    }

    /**
     * Runs every test of the TCK's publisher verification against {@code subject}.
     *
     * @param timeoutMillis how long the TCK waits for each expected signal (and for the absence
     *        of unexpected ones); raise it for a publisher that emits from a slow thread
     */
    public static Report check(String name, PublisherUnderTest<?> subject, long timeoutMillis) {
        if (timeoutMillis <= 0) {
            throw new IllegalArgumentException("timeoutMillis must be positive, was " + timeoutMillis);
        }
        return check(name, subject, timeoutMillis, ruleBudgetMillis(timeoutMillis));
    }

    /**
     * How long one rule may run before it counts as blocked: generous, since a rule waits for
     * several signals of {@code timeoutMillis} each, and a loaded machine is slow.
     */
    static long ruleBudgetMillis(long timeoutMillis) {
        return Math.max(MIN_RULE_BUDGET_MS, times(RULE_BUDGET_TIMEOUTS, timeoutMillis));
    }

    /**
     * {@link #check(String, PublisherUnderTest, long)} with the per-rule budget given (tests use a
     * short one). The whole check is bounded by {@value #CHECK_BUDGET_RULES} budgets.
     */
    static Report check(String name, PublisherUnderTest<?> subject, long timeoutMillis, long ruleBudgetMillis) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(subject, "subject");
        if (timeoutMillis <= 0) {
            throw new IllegalArgumentException("timeoutMillis must be positive, was " + timeoutMillis);
        }
        if (ruleBudgetMillis <= 0) {
            throw new IllegalArgumentException("ruleBudgetMillis must be positive, was " + ruleBudgetMillis);
        }
        Collector results = new Collector(ruleBudgetMillis);
        Run run = new Run(subject, timeoutMillis, Math.max(GC_TIMEOUT_MS, timeoutMillis), new AtomicBoolean());
        LOCK.lock();
        try {
            current = run;
            TestNG testng = new TestNG(false); // no default reporters: nothing written to disk
            testng.setTestClasses(new Class<?>[] {ConformanceVerification.class});
            testng.addListener(results);
            testng.setVerbose(0);
            // A daemon thread of its own: if the subject blocks it for ever, this thread still
            // returns (and releases LOCK), and the JVM can still exit.
            Thread runner = new Thread(() -> runTestNg(testng, results), "rill-conformance-" + name);
            runner.setDaemon(true);
            runner.start();
            if (!supervise(runner, results, ruleBudgetMillis)) {
                run.abandoned().set(true); // a stuck run that wakes up later skips the rest
                runner.interrupt();
            }
        } finally {
            current = null;
            LOCK.unlock();
        }
        return results.report(name);
    }

    /** {@code a * b} for positive values, saturating instead of overflowing. */
    private static long times(long a, long b) {
        return a > Long.MAX_VALUE / b ? Long.MAX_VALUE : a * b;
    }

    /** Milliseconds as nanoseconds, capped so deadlines and twice a budget cannot overflow. */
    private static long nanos(long millis) {
        return Math.min(TimeUnit.MILLISECONDS.toNanos(millis), Long.MAX_VALUE / 8);
    }

    private static void runTestNg(TestNG testng, Collector results) {
        try {
            testng.run();
        } catch (RuntimeException | Error e) { // reported, not lost on a thread nobody joins
            results.crashed(e);
        }
    }

    /**
     * Waits for the run on {@code runner} to end: interrupts a rule that overruns its budget, and
     * abandons the run if the rule is still there after two budgets or the whole check overruns.
     * Returns true if the run ended, false if it was abandoned (its report is then final).
     */
    private static boolean supervise(Thread runner, Collector results, long budgetMillis) {
        long checkBudgetMillis = times(budgetMillis, CHECK_BUDGET_RULES);
        long deadline = System.nanoTime() + nanos(checkBudgetMillis);
        long waitNanos = nanos(budgetMillis);
        while (true) {
            try {
                runner.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(waitNanos)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // the caller asked to stop: stop now, keep the flag
                results.abandon("the check was interrupted");
                return false;
            }
            if (!runner.isAlive()) {
                return true;
            }
            long now = System.nanoTime();
            if (now - deadline >= 0) {
                results.abandon("the whole check ran past its deadline of " + checkBudgetMillis + " ms");
                return false;
            }
            waitNanos = results.police(now);
            if (waitNanos < 0) {
                results.abandon("did not respond to interrupt within a further " + budgetMillis + " ms");
                return false;
            }
            waitNanos = Math.min(waitNanos, deadline - now);
        }
    }

    /** One failed TCK test: its name carries the rule (e.g. {@code required_spec109_...}). */
    public record Failure(String test, String message) {
    }

    /** The outcome of one check. */
    public record Report(String name, List<String> passed, List<Failure> failed, List<String> skipped) {

        /** True if no rule failed (skipped ones are those the TCK cannot test, or that need more elements). */
        public boolean conforms() {
            return failed.isEmpty();
        }

        /** A plain-text report: one line per failure, then the counts. */
        @Override
        public String toString() {
            StringBuilder b = new StringBuilder("Reactive Streams TCK 1.0.4, publisher verification of ")
                    .append(name).append('\n');
            for (Failure f : failed) {
                b.append("  FAILED ").append(f.test()).append(": ").append(f.message()).append('\n');
            }
            b.append(passed.size()).append(" passed, ").append(failed.size()).append(" failed, ")
                    .append(skipped.size()).append(" skipped");
            return b.toString();
        }
    }

    /**
     * What a failed rule reports: the first line of the TCK's message, or, when the failure carries
     * none, what the rule says (from the test's name) and the type of what was thrown.
     */
    static String failureMessage(String method, Throwable t) {
        String first = t == null || t.getMessage() == null ? ""
                : t.getMessage().lines().filter(l -> !l.isBlank()).findFirst().orElse("");
        if (!first.isEmpty()) {
            return first;
        }
        return describe(method) + (t == null ? "" : " (failed with " + t.getClass().getName() + ", no message)");
    }

    /** {@code required_spec109_mayRejectCallsToSubscribe} as "spec109: may reject calls to subscribe". */
    static String describe(String method) {
        String rest = method.replaceFirst("^(required|optional|untested|stochastic)_", "");
        String rule = "";
        int cut = rest.indexOf('_');
        if (rest.startsWith("spec") && cut > 0) {
            rule = rest.substring(0, cut) + ": ";
            rest = rest.substring(cut + 1);
        }
        return rule + rest.replaceAll("([a-z0-9])([A-Z])", "$1 $2").replace('_', ' ').toLowerCase(Locale.ROOT);
    }

    /**
     * Collects the results (on the TestNG thread) and tells the supervising thread which rule runs
     * and since when. Its state is guarded by its monitor rather than merely volatile so that an
     * interrupt meant for one rule cannot land on the next: {@link #police} interrupts only while
     * the rule it timed is still running, and every rule starts by clearing a leftover interrupt.
     */
    private static final class Collector extends TestListenerAdapter {
        private final long budgetMillis;
        private final long budgetNanos;
        private final List<String> passed = new ArrayList<>();
        private final List<Failure> failures = new ArrayList<>();
        private final List<String> skipped = new ArrayList<>();
        private ITestResult running; // the rule running now, null between rules
        private Thread runner;
        private long startedNanos;
        private ITestResult interrupted; // the last rule interrupted for overrunning its budget
        private boolean closed; // the check was abandoned: its report is final, later events ignored

        Collector(long budgetMillis) {
            this.budgetMillis = budgetMillis;
            this.budgetNanos = nanos(budgetMillis);
        }

        @Override
        public synchronized void onTestStart(ITestResult r) {
            Thread.interrupted(); // an interrupt meant for the previous rule must not fail this one
            running = r;
            runner = Thread.currentThread();
            startedNanos = System.nanoTime();
        }

        @Override
        public synchronized void onTestSuccess(ITestResult r) {
            if (!blocked(r)) {
                passed.add(r.getMethod().getMethodName());
            }
        }

        @Override
        public synchronized void onTestFailure(ITestResult r) {
            if (!blocked(r)) {
                String method = r.getMethod().getMethodName();
                failures.add(new Failure(method, failureMessage(method, r.getThrowable())));
            }
        }

        @Override
        public synchronized void onTestSkipped(ITestResult r) {
            if (!blocked(r)) {
                skipped.add(r.getMethod().getMethodName());
            }
        }

        /**
         * Ends rule {@code r}; true if there is nothing more to record: the check was abandoned, or
         * the rule was interrupted, which counts as a failure whatever the TCK made of it.
         */
        private boolean blocked(ITestResult r) {
            if (closed) {
                return true;
            }
            running = null;
            if (r != interrupted) {
                return false;
            }
            failures.add(new Failure(r.getMethod().getMethodName(), blockedMessage() + "; interrupted"));
            return true;
        }

        private String blockedMessage() {
            return "blocked: no result within " + budgetMillis
                    + " ms (does the publisher block in subscribe, request or cancel?)";
        }

        /**
         * Called by the supervising thread: interrupts the running rule once it has overrun its
         * budget. Returns how long to wait before looking again, or -1 if the rule has overrun two
         * budgets (it ignores the interrupt) and the run should be abandoned.
         */
        synchronized long police(long now) {
            if (running == null) {
                return budgetNanos; // between rules (or before the first): look again later
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

        /** Closes the report: the running rule (if any) failed because of {@code why}, the rest were not run. */
        synchronized void abandon(String why) {
            if (closed) {
                return;
            }
            if (running != null) {
                failures.add(new Failure(running.getMethod().getMethodName(), blockedMessage() + "; " + why));
            }
            failures.add(new Failure(REMAINING, "not run: the check was abandoned (" + why + ")"));
            closed = true;
        }

        /** TestNG itself failed: a failure of the check rather than of a rule. */
        synchronized void crashed(Throwable t) {
            if (!closed) {
                failures.add(new Failure("TestNG", "the run failed: " + t));
            }
        }

        synchronized Report report(String name) {
            return new Report(name, List.copyOf(passed), List.copyOf(failures), List.copyOf(skipped));
        }
    }

    /**
     * Command line: {@code Conformance <PublisherUnderTest class> [timeout ms]}. Prints the report;
     * exit status 0 if it conforms, 1 if a rule failed, 2 for bad arguments.
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** {@link #main} without the exit: returns the status. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length < 1 || args.length > 2) {
            err.println("usage: java Conformance <PublisherUnderTest class> [timeout ms]");
            return 2;
        }
        PublisherUnderTest<?> subject;
        long timeout;
        try {
            Class<?> c = Class.forName(args[0]);
            subject = (PublisherUnderTest<?>) c.getDeclaredConstructor().newInstance();
            timeout = args.length == 2 ? Long.parseLong(args[1]) : DEFAULT_TIMEOUT_MS;
            if (timeout <= 0) {
                throw new NumberFormatException("timeout must be positive: " + timeout);
            }
        } catch (ReflectiveOperationException | ClassCastException | NumberFormatException e) {
            err.println("cannot use " + String.join(" ", args) + ": " + e);
            return 2;
        }
        Report report = check(args[0], subject, timeout);
        out.println(report);
        return report.conforms() ? 0 : 1;
    }
}
