package dev.rill.tck;

/** What became of one TCK test, or of one rule (the worst of its tests: failed, then passed, then skipped). */
public enum Outcome {
    PASSED,
    FAILED,
    SKIPPED
}
