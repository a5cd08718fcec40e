package dev.rill.tck;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
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
 * the subject is handed over through a field guarded by a lock).
 */
public final class Conformance {

    /** The TCK's per-expectation timeout; poll timeout is kept equal (a TCK 1.0.4 bug otherwise). */
    public static final long DEFAULT_TIMEOUT_MS = 100;
    static final long GC_TIMEOUT_MS = 300;

    private static final ReentrantLock LOCK = new ReentrantLock();
    /** Set under LOCK; volatile because TestNG may build the verification on a thread of its own. */
    private static volatile Run current;

    private Conformance() {
    }

    /** What one check verifies, and with which timeouts. */
    record Run(PublisherUnderTest<?> subject, long timeoutMillis, long gcTimeoutMillis) {
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
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(subject, "subject");
        if (timeoutMillis <= 0) {
            throw new IllegalArgumentException("timeoutMillis must be positive, was " + timeoutMillis);
        }
        Collector results = new Collector();
        LOCK.lock();
        try {
            current = new Run(subject, timeoutMillis, Math.max(GC_TIMEOUT_MS, timeoutMillis));
            TestNG testng = new TestNG(false); // no default reporters: nothing written to disk
            testng.setTestClasses(new Class<?>[] {ConformanceVerification.class});
            testng.addListener(results);
            testng.setVerbose(0);
            testng.run();
        } finally {
            current = null;
            LOCK.unlock();
        }
        return new Report(name, List.copyOf(results.passed), List.copyOf(results.failures),
                List.copyOf(results.skipped));
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

    private static final class Collector extends TestListenerAdapter {
        final List<String> passed = new ArrayList<>();
        final List<Failure> failures = new ArrayList<>();
        final List<String> skipped = new ArrayList<>();

        @Override
        public synchronized void onTestSuccess(ITestResult r) {
            passed.add(r.getMethod().getMethodName());
        }

        @Override
        public synchronized void onTestFailure(ITestResult r) {
            String method = r.getMethod().getMethodName();
            failures.add(new Failure(method, failureMessage(method, r.getThrowable())));
        }

        @Override
        public synchronized void onTestSkipped(ITestResult r) {
            skipped.add(r.getMethod().getMethodName());
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
