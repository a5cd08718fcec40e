package dev.rill.tck;

import java.util.Objects;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * A conformance check as JUnit 5 dynamic tests, one per rule (see {@link RuleCase}): a failed rule
 * throws an {@link AssertionFailedError} with the TCK's message and its meaning, a skipped one a
 * {@link TestAbortedException} saying why. The only class that touches JUnit, which is an optional
 * dependency: nothing else loads it.
 *
 * <p>The check runs once, when JUnit takes the first test from the stream (not when the factory
 * method returns); the stream is for one use, as JUnit makes of it.
 */
final class RuleTests {

    private RuleTests() {
    }

    /** The rules of the report {@code check} returns (it is called once, lazily) as dynamic tests. */
    static Stream<DynamicTest> dynamicTests(Supplier<ConformanceReport> check) {
        Objects.requireNonNull(check, "check");
        return Stream.of(check)
                .map(c -> Objects.requireNonNull(c.get(), "the check returned no report"))
                .flatMap(report -> RuleCase.of(report).stream())
                .map(RuleTests::dynamicTest);
    }

    private static DynamicTest dynamicTest(RuleCase c) {
        return DynamicTest.dynamicTest(c.name(), () -> {
            if (c.outcome() == Outcome.FAILED) {
                throw new AssertionFailedError(c.name() + " failed: " + c.detail());
            }
            if (c.outcome() == Outcome.SKIPPED) {
                throw new TestAbortedException(c.name() + " skipped: " + c.detail());
            }
        });
    }
}
