package dev.rill.tck;

/**
 * One conformance check, ready to run: the thing under test, which verification applies, and the
 * settings (timeouts, calibrated unless given). Made by {@link Conformance}'s factories.
 *
 * <p>SKELETON (base for the runner and the front ends; replaced before it lands on main).
 */
public final class ConformanceCheck {

    ConformanceCheck() {
    }

    /** Runs every test of the verification against the subject and reports rule by rule. */
    public ConformanceReport run() {
        throw new UnsupportedOperationException("the runner builds this");
    }

    /**
     * The check for {@code subject}, a class instance implementing one of the subject interfaces
     * (the publisher, subscriber, whitebox subscriber or processor one, or a Flow twin); the command
     * line uses it for the class it loads. {@code flow} says the subject is a Flow one when the
     * interface alone does not tell. Throws IllegalArgumentException naming the interfaces it accepts.
     */
    public static ConformanceCheck of(String name, Object subject, boolean flow) {
        throw new UnsupportedOperationException("the runner builds this");
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
     *     return Conformance.publisher("my range", n -> new MyRange(0, n)).dynamicTests();
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
     *     return Conformance.publisher("my range", n -> new MyRange(0, n)).ruleCases();
     * }
     * }</pre>
     * and <pre>{@code @Test(dataProvider = "rules") public void conforms(RuleCase rule) { rule.verify(); }}</pre>
     */
    public Object[][] ruleCases() {
        return RuleCase.of(run()).stream().map(c -> new Object[] {c}).toArray(Object[][]::new);
    }
}
