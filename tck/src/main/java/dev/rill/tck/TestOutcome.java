package dev.rill.tck;

/**
 * The result of one TCK test against the subject.
 *
 * @param test the TCK's method name, e.g. {@code required_spec109_mustIssueOnSubscribeForNonNullSubscriber}
 * @param rule the spec rule it checks, e.g. {@code "1.9"}, or {@code ""} for the TCK's own checks
 *        (such as {@code required_createPublisher3MustProduceAStreamOfExactly3Elements})
 * @param requirement from the method's prefix
 * @param outcome passed, failed or skipped
 * @param message the TCK's own message for a failure or skip (first meaningful line), or {@code ""}
 * @param meaning in plain words: for a failure what it means and where to look, for a skip why it
 *        was skipped (not applicable, no failed publisher given, too few elements and what to set,
 *        untested by the TCK itself), {@code ""} for a pass
 * @param rerun true if the test failed once on a timing-sensitive expectation and was run again
 *        with a longer timeout; the outcome is the second run's
 * @param elapsedMillis how long the test ran (the rerun included)
 */
public record TestOutcome(String test, String rule, Requirement requirement, Outcome outcome,
        String message, String meaning, boolean rerun, long elapsedMillis) {
}
